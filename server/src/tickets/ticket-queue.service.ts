import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import type { Actor } from '../common/request-context.js';
import { TicketStatus } from '../../../shared/identity.js';
import { scopeToActor } from '../common/scope.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { Ticket } from './ticket.entity.js';
import { TicketsService, WORKABLE_STATUSES, type TicketView } from './tickets.service.js';
import { StaffRole } from '../../../shared/roles.js';

/** How many rows each queue section lists (its total is always exact). */
const SECTION_ROWS = 50;

export interface QueueSection {
  total: number;
  /** Oldest first: the longest-waiting person comes first. */
  tickets: TicketView[];
}

export interface TicketQueue {
  unassigned: QueueSection;
  mine: QueueSection;
  waiting: QueueSection;
  resolvedToday: QueueSection;
  /** Tickets past their first-response target and still unanswered. */
  missedTargets: number;
  firstResponseMinutes: Record<string, number>;
}

export interface AgentLoad {
  agentId: string;
  email: string;
  name: string;
  roles: string[];
  /** Open tickets assigned to the agent (not waiting for the person). */
  open: number;
  waiting: number;
  resolvedToday: number;
  oldestOpenAt: Date | null;
}

/** The agent's working queue and the supervisor's view of every agent's load. */
@Injectable()
export class TicketQueueService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly tickets: TicketsService,
  ) {}

  private startOfDay(): Date {
    const d = this.clock.now();
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  }

  private base(actor: Actor) {
    const qb = this.db.manager.getRepository(Ticket).createQueryBuilder('t');
    scopeToActor(qb, 't.organizationId', actor);
    return qb;
  }

  private async section(qb: ReturnType<TicketQueueService['base']>, order: 'ASC' | 'DESC' = 'ASC'): Promise<QueueSection> {
    const [rows, total] = await qb.orderBy('t.createdAt', order).addOrderBy('t.number', order).take(SECTION_ROWS).getManyAndCount();
    return { total, tickets: await this.tickets.toViews(rows) };
  }

  async queue(actor: Actor): Promise<TicketQueue> {
    const workable = { workable: WORKABLE_STATUSES };
    const [unassigned, mine, waiting, resolvedToday] = await Promise.all([
      this.section(this.base(actor).andWhere('t.status IN (:...workable) AND t.assigneeId IS NULL AND t.waitingForPerson = :no', { ...workable, no: false })),
      this.section(this.base(actor).andWhere('t.status IN (:...workable) AND t.assigneeId = :me AND t.waitingForPerson = :no', { ...workable, me: actor.id, no: false })),
      this.section(this.base(actor).andWhere('t.status IN (:...workable) AND t.waitingForPerson = :yes AND (t.assigneeId = :me OR t.assigneeId IS NULL)', { ...workable, me: actor.id, yes: true })),
      this.section(this.base(actor).andWhere('t.status = :resolved AND t.resolvedAt >= :today', { resolved: 'resolved', today: this.startOfDay() }), 'DESC'),
    ]);
    const now = this.clock.now().getTime();
    const open = await this.base(actor).andWhere('t.status IN (:...workable) AND t.firstResponseAt IS NULL', workable).select(['t.id', 't.channel', 't.createdAt']).getMany();
    const missedTargets = open.filter((t) => this.tickets.firstResponseDue(t).getTime() < now).length;
    return { unassigned, mine, waiting, resolvedToday, missedTargets, firstResponseMinutes: { ...this.tickets.firstResponseConfig } };
  }

  /** Every agent's and supervisor's load (supervisors). */
  async load(): Promise<AgentLoad[]> {
    const grants = await this.db.manager.getRepository(StaffRoleGrant).findBy({ role: In([StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR]) });
    const ids = [...new Set(grants.map((g) => g.identityId))];
    if (ids.length === 0) return [];
    const people = await this.db.manager.getRepository(Identity).find({ where: { id: In(ids), status: 'active' } });
    const assigned = await this.db.manager
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .select(['t.id', 't.assigneeId', 't.status', 't.waitingForPerson', 't.resolvedAt', 't.createdAt'])
      .where('t.assigneeId IN (:...ids)', { ids })
      .andWhere('(t.status IN (:...workable) OR t.resolvedAt >= :today)', { workable: WORKABLE_STATUSES, today: this.startOfDay() })
      .getMany();
    return people
      .map((p) => {
        const mine = assigned.filter((t) => t.assigneeId === p.id);
        const open = mine.filter((t) => WORKABLE_STATUSES.includes(t.status));
        const active = open.filter((t) => !t.waitingForPerson);
        return {
          agentId: p.id,
          email: p.email,
          name: p.displayName,
          roles: [...new Set(grants.filter((g) => g.identityId === p.id).map((g) => g.role))],
          open: active.length,
          waiting: open.length - active.length,
          resolvedToday: mine.filter((t) => t.status === TicketStatus.RESOLVED).length,
          oldestOpenAt: open.length ? new Date(Math.min(...open.map((t) => t.createdAt.getTime()))) : null,
        };
      })
      .sort((a, b) => b.open + b.waiting - (a.open + a.waiting) || a.email.localeCompare(b.email));
  }
}
