import { Inject, Injectable } from '@nestjs/common';
import { In, MoreThan, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { DomainError } from '../common/errors.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { Identity } from '../identities/identity.entity.js';
import { RecoveryCode } from '../recovery/recovery-code.entity.js';
import { effectiveStatus } from '../recovery/recovery-code.rules.js';
import { Ticket, TicketComment, TicketVerification } from './ticket.entity.js';
import { TicketStatus, RecoveryCodeStatus } from '../../../shared/identity.js';
import { StaffRole } from '../../../shared/roles.js';
import { MANUAL_TICKET_STATUSES, TICKET_STATUSES, assessChecks, type TicketAction, type VerificationCheckStanding } from '../../../shared/tickets.js';
import { Organization } from '../organizations/organization.entity.js';

/** A ticket as staff see it: the row plus names, the standing of its verification and its first-response target. */
export interface TicketView extends Ticket {
  identityEmail: string | null;
  identityName: string | null;
  assigneeEmail: string | null;
  assigneeName: string | null;
  organizationName: string | null;
  /** The latest verification as it stands now (lost-channel checks not counted; expired ones not sufficient). */
  verification: VerificationStanding | null;
  /** Statuses PUT may set now. */
  allowedStatuses: string[];
  /** When the channel's first-response target falls; whether it was missed (answered late, or not answered by now). */
  firstResponseDueAt: Date;
  firstResponseMissed: boolean;
  /** Changes whenever anything on the ticket happens (its latest audit event): the console refetches its panels on a change. */
  version: string;
  /** What the calling staff member may do now (the console offers exactly these). Only on GET /api/tickets/:id. */
  allowedActions: TicketAction[];
}

export interface VerificationStanding {
  id: string;
  at: Date;
  performedById: string;
  expiresAt: Date;
  expired: boolean;
  passedCount: number;
  requiredCount: number;
  /** Enough counted checks and not expired: a code may be issued. */
  sufficient: boolean;
  checks: VerificationCheckStanding[];
}

export interface CommentView extends TicketComment {
  authorEmail: string | null;
  authorName: string | null;
}

export const TICKET_LIST: ListSpec = {
  resource: 'tickets',
  sortable: { number: 't.number', createdAt: 't.createdAt', updatedAt: 't.updatedAt', status: 't.status', subject: 't.subject', id: 't.id' },
  defaultSort: ['number', 'DESC'],
  filters: {
    id: F.ids('t.id'),
    status: { type: 'stringOrArray', values: TICKET_STATUSES, apply: (qb, v: string[], p) => qb.andWhere(`t.status IN (:...${p})`, { [p]: v }) },
    assigneeId: F.eq('t.assigneeId'),
    identityId: F.eq('t.identityId'),
    organizationId: F.eq('t.organizationId'),
    channel: F.eq('t.channel', ['phone', 'e-mail', 'chat']),
    number: { type: 'number', apply: (qb, v: number, p) => qb.andWhere(`t.number = :${p}`, { [p]: v }) },
    q: F.contains('t.subject'),
    createdAt_gte: F.gte('t.createdAt'),
    createdAt_lte: F.lte('t.createdAt'),
  },
};

/** Statuses in which work on a ticket (verification, codes) may continue. */
export const WORKABLE_STATUSES: readonly string[] = [TicketStatus.OPEN, TicketStatus.VERIFIED, TicketStatus.CODE_ISSUED];

/**
 * Reading tickets: lists, one ticket as staff see it (names, verification standing, first-response target, version,
 * allowed actions), and the verifications in the order they were recorded. Changes: TicketChangesService; comments:
 * TicketCommentsService; the timeline: TicketTimelineService.
 */
@Injectable()
export class TicketsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: ListQuery, actor: Actor): Promise<Page<TicketView>> {
    const qb = this.db.manager.getRepository(Ticket).createQueryBuilder('t');
    scopeToActor(qb, 't.organizationId', actor);
    const page = await runList(qb, q, TICKET_LIST);
    return new Page(page.resource, await this.toViews(page.rows), page.offset, page.total);
  }

  /** The ticket, or 404 (also outside an org admin's organizations). */
  async getEntity(id: string, actor: Actor | undefined, m: EntityManager = this.db.manager): Promise<Ticket> {
    const t = await m.getRepository(Ticket).findOneBy({ id });
    if (!t) throw DomainError.notFound('Ticket');
    assertInScope(actor, t.organizationId, 'Ticket');
    return t;
  }

  async get(id: string, actor: Actor): Promise<TicketView> {
    const view = (await this.toViews([await this.getEntity(id, actor)]))[0];
    // Anything that happens on the ticket: its latest audit event, its own row, and its codes' effective states
    // (a code expires, or is redeemed, without touching the ticket).
    const now = this.clock.now();
    const last = await this.db.manager.getRepository(AuditEvent).findOne({ where: { ticketId: view.id }, order: { id: 'DESC' }, select: { id: true } });
    const codes = await this.db.manager.getRepository(RecoveryCode).find({ where: { ticketId: view.id }, select: { id: true, status: true, expiresAt: true }, order: { id: 'ASC' } });
    view.version = [last?.id ?? 0, view.updatedAt.getTime(), ...codes.map((c) => `${c.id.slice(0, 8)}:${effectiveStatus(c, now)}`)].join('.');
    view.allowedActions = await this.allowedActions(view, actor);
    return view;
  }

  /** The standing of a recorded verification now: lost-channel checks do not count, and it counts only until it expires. */
  standing(v: TicketVerification, ticket: Pick<Ticket, 'phoneLost' | 'identityId'>, now: Date = this.clock.now()): VerificationStanding {
    const requiredCount = this.requiredChecks;
    const { standings, passedCount, sufficient } = assessChecks(v.checks, { phoneLost: ticket.phoneLost, requiredCount });
    const expiresAt = new Date(v.createdAt.getTime() + this.config.verificationValidMinutes * 60_000);
    const expired = expiresAt.getTime() <= now.getTime();
    return { id: v.id, at: v.createdAt, performedById: v.performedById, expiresAt, expired, passedCount, requiredCount, sufficient: sufficient && !expired && v.identityId === ticket.identityId, checks: standings };
  }

  firstResponseDue(t: Pick<Ticket, 'channel' | 'createdAt'>): Date {
    const minutes = this.config.firstResponseMinutes[t.channel as 'phone'] ?? this.config.firstResponseMinutes['e-mail'];
    return new Date(t.createdAt.getTime() + minutes * 60_000);
  }

  async toViews(rows: Ticket[]): Promise<TicketView[]> {
    if (rows.length === 0) return [];
    const now = this.clock.now();
    const people = await this.identitiesById([...rows.map((r) => r.identityId), ...rows.map((r) => r.assigneeId)]);
    const verifications = await this.latestVerifications(rows.map((r) => r.id));
    const orgIds = [...new Set(rows.map((r) => r.organizationId).filter((x): x is string => !!x))];
    const orgs = new Map(orgIds.length ? (await this.db.manager.getRepository(Organization).find({ where: { id: In(orgIds) }, select: { id: true, name: true } })).map((o) => [o.id, o.name]) : []);
    return rows.map((t) => {
      const v = verifications.get(t.id);
      const due = this.firstResponseDue(t);
      const open = WORKABLE_STATUSES.includes(t.status);
      return {
        ...t,
        identityEmail: t.identityId ? (people.get(t.identityId)?.email ?? null) : null,
        identityName: t.identityId ? (people.get(t.identityId)?.displayName ?? null) : null,
        assigneeEmail: t.assigneeId ? (people.get(t.assigneeId)?.email ?? null) : null,
        assigneeName: t.assigneeId ? (people.get(t.assigneeId)?.displayName ?? null) : null,
        organizationName: t.organizationId ? (orgs.get(t.organizationId) ?? null) : null,
        verification: v ? this.standing(v, t, now) : null,
        allowedStatuses: WORKABLE_STATUSES.includes(t.status) ? [...MANUAL_TICKET_STATUSES] : [],
        firstResponseDueAt: due,
        firstResponseMissed: t.firstResponseAt ? t.firstResponseAt.getTime() > due.getTime() : open && now.getTime() > due.getTime(),
        version: t.updatedAt.toISOString(),
        allowedActions: [],
      };
    });
  }

  /** Exactly what the server would accept from this staff member now. */
  private async allowedActions(t: TicketView, actor: Actor): Promise<TicketAction[]> {
    const desk = actor.roles.some((r) => r === StaffRole.SUPPORT_AGENT || r === StaffRole.SUPERVISOR);
    if (!desk) return [];
    const out: TicketAction[] = [];
    const workable = WORKABLE_STATUSES.includes(t.status);
    if (!workable) return out;
    if (t.assigneeId !== actor.id) out.push('take');
    if (t.status === TicketStatus.OPEN) out.push('link-identity');
    if (!t.identityId) out.push('request-invitation');
    if (t.identityId && t.identityId !== actor.id) {
      out.push('verify');
      if (t.verification?.sufficient) {
        const pending = await this.db.manager.getRepository(RecoveryCode).findOneBy({ identityId: t.identityId, status: RecoveryCodeStatus.PENDING_APPROVAL, expiresAt: MoreThan(this.clock.now()) });
        if (!pending) out.push('issue-code');
      }
    }
    if (t.callerEmail || t.identityEmail) out.push('reply');
    out.push('resolve', 'close', 'set-phone-lost');
    return out;
  }

  /** Names and addresses of the given identities (staff and people), by id. */
  async identitiesById(ids: (string | null)[]): Promise<Map<string, Identity>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (unique.length === 0) return new Map();
    const rows = await this.db.manager.getRepository(Identity).find({ where: { id: In(unique) }, select: { id: true, email: true, displayName: true } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The latest verification of each ticket (the one that counts). */
  async latestVerifications(ticketIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, TicketVerification>> {
    if (ticketIds.length === 0) return new Map();
    const rows = await this.verificationsInOrder(ticketIds, m);
    const out = new Map<string, TicketVerification>();
    for (const r of rows) out.set(r.ticketId, r);
    return out;
  }

  /**
   * Verifications oldest first. Two recorded within the same millisecond keep the order in which they were
   * written: the position of their audit event in the (serialized) audit chain.
   */
  async verificationsInOrder(ticketIds: string[], m: EntityManager = this.db.manager): Promise<TicketVerification[]> {
    if (ticketIds.length === 0) return [];
    const rows = await m.getRepository(TicketVerification).find({ where: { ticketId: In(ticketIds) } });
    const events = await m.getRepository(AuditEvent).find({ where: { ticketId: In(ticketIds), action: 'ticket.verification-recorded' }, select: { id: true, targetId: true } });
    const seq = new Map(events.map((e) => [e.targetId, e.id]));
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (seq.get(a.id) ?? 0) - (seq.get(b.id) ?? 0));
  }

  async latestVerification(ticketId: string, m: EntityManager = this.db.manager): Promise<TicketVerification | null> {
    return (await this.latestVerifications([ticketId], m)).get(ticketId) ?? null;
  }

  get firstResponseConfig(): Record<string, number> {
    return this.config.firstResponseMinutes;
  }

  /** How many passing checks the policy asks for (VERIFICATION_CHECKS_REQUIRED). */
  get requiredChecks(): number {
    return this.config.verificationChecksRequired;
  }
}
