import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { revokeUnusedCodes } from '../recovery/recovery-code.rules.js';
import { Ticket, TicketComment } from './ticket.entity.js';
import { TicketsService, WORKABLE_STATUSES, type TicketView } from './tickets.service.js';
import type { CreateTicketDto, UpdateTicketDto } from './tickets.dto.js';
import { TicketStatus, RecoveryCodeStatus } from '../../../shared/identity.js';
import { StaffRole } from '../../../shared/roles.js';
import { MANUAL_TICKET_STATUSES, canTransition } from '../../../shared/tickets.js';

/**
 * Opening and changing tickets: staff create and update them (assign, link, phone lost, resolve / close), inbound mail
 * opens them, and verification, code issuance and the person's recovery move their status on.
 */
@Injectable()
export class TicketChangesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly tickets: TicketsService,
  ) {}

  async create(dto: CreateTicketDto, actor: Actor): Promise<TicketView> {
    const id = await this.open(dto, actor.id);
    return this.tickets.get(id, actor);
  }

  /** Opens a ticket (staff, or inbound mail with `createdById` null); returns its id. */
  async open(dto: CreateTicketDto & { claimedSender?: boolean; followUpTo?: number }, createdById: string | null, within?: (m: EntityManager, t: Ticket) => Promise<void>): Promise<string> {
    if (!dto.identityId && !dto.callerEmail) {
      const problem = 'give identityId or callerEmail (who the ticket is about)';
      throw DomainError.badRequest('Invalid input: identityId, callerEmail', { identityId: problem, callerEmail: problem });
    }
    let identity: Identity | null = null;
    if (dto.identityId) {
      identity = await this.db.manager.getRepository(Identity).findOneBy({ id: dto.identityId });
      if (!identity) throw DomainError.invalid('identityId', 'no such identity');
    } else if (dto.callerEmail && !dto.claimedSender) {
      // The address the caller gave points at an identity; linking it is a convenience, never a proof of who is calling.
      // (A mail's From address is not even that: anyone can write any From, so inbound mail is never linked by it.)
      identity = await this.db.manager.getRepository(Identity).findOneBy({ emailNormalized: dto.callerEmail.trim().toLowerCase() });
    }
    const description = dto.description.trim();
    // An e-mail's subject is the mail's own, possibly empty (the console says "no subject"); otherwise it defaults to the first line.
    const subject = dto.claimedSender ? (dto.subject ?? '').trim() : dto.subject?.trim() || firstLine(description);
    const id = newId();
    await this.db.tx(async (m) => {
      await this.db.lock(m, 'ticket-number');
      const raw = await m.getRepository(Ticket).createQueryBuilder('t').select('MAX(t.number)', 'max').getRawOne<{ max: number | string | null }>();
      const number = Number(raw?.max ?? 0) + 1;
      const now = this.clock.now();
      const organizationId = identity ? await this.organizationOf(identity.id, m) : null;
      const row = m.getRepository(Ticket).create({
        id,
        number,
        identityId: identity?.id ?? null,
        callerEmail: dto.callerEmail?.trim() ?? null,
        organizationId,
        channel: dto.channel,
        subject,
        description,
        status: TicketStatus.OPEN,
        assigneeId: null,
        createdById,
        phoneLost: dto.phoneLost ?? false,
        firstResponseAt: null,
        resolvedAt: null,
        waitingForPerson: false,
        createdAt: now,
        updatedAt: now,
      });
      await m.getRepository(Ticket).insert(row);
      await this.audit.record(
        {
          action: 'ticket.created',
          targetType: 'ticket',
          targetId: id,
          ticketId: id,
          organizationId,
          after: { number, channel: row.channel, identityId: row.identityId, identityEmail: identity?.email ?? null, callerEmail: row.callerEmail, subject, ...(row.phoneLost ? { phoneLost: true } : {}), ...(dto.followUpTo ? { followUpTo: dto.followUpTo } : {}) },
          ...(createdById ? {} : { actor: { id: null, email: null, role: 'system' } }),
        },
        m,
      );
      if (within) await within(m, row);
    });
    return id;
  }

  /** The organization of the identity's Severa user (the first one linked), if any. */
  async organizationOf(identityId: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const u = await m.getRepository(SeveraUser).findOne({ where: { identityId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return u?.organizationId ?? null;
  }

  async update(id: string, dto: UpdateTicketDto, actor: Actor): Promise<TicketView> {
    const current = await this.tickets.getEntity(id, actor);
    // Inputs that do not depend on the ticket's state are checked before anything changes.
    let assignee: Identity | null = null;
    if (dto.assigneeId) {
      const grants = await this.db.manager.getRepository(StaffRoleGrant).findBy({ identityId: dto.assigneeId, role: In([StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR]) });
      assignee = grants.length ? await this.db.manager.getRepository(Identity).findOneBy({ id: dto.assigneeId, status: 'active' }) : null;
      if (!assignee) throw DomainError.invalid('assigneeId', 'is not an active support agent or supervisor');
    }
    if (dto.status === TicketStatus.RESOLVED && !dto.note?.trim()) throw DomainError.invalid('note', 'say what was done when resolving a ticket by hand');
    let linked: Identity | null = null;
    if (dto.identityId !== undefined) {
      linked = await this.db.manager.getRepository(Identity).findOneBy({ id: dto.identityId });
      if (!linked) throw DomainError.invalid('identityId', 'no such identity');
    }

    await this.db.tx(async (m) => {
      const t = await m.getRepository(Ticket).findOneByOrFail({ id: current.id });
      const changes: Partial<Ticket> = {};
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (dto.assigneeId !== undefined && dto.assigneeId !== t.assigneeId) {
        changes.assigneeId = dto.assigneeId;
        before.assigneeId = t.assigneeId;
        after.assigneeId = dto.assigneeId;
        after.assigneeEmail = assignee?.email ?? null;
        // Someone picked it up: the first response (measured against the channel's target).
        if (dto.assigneeId && !t.firstResponseAt) changes.firstResponseAt = this.clock.now();
      }
      if (dto.phoneLost !== undefined && dto.phoneLost !== t.phoneLost) {
        if (!WORKABLE_STATUSES.includes(t.status)) throw DomainError.conflict(ErrorCode.TICKET_CLOSED, `The ticket is ${t.status}.`);
        changes.phoneLost = dto.phoneLost;
        before.phoneLost = t.phoneLost;
        after.phoneLost = dto.phoneLost;
      }
      if (dto.subject !== undefined && dto.subject.trim() !== t.subject) {
        changes.subject = dto.subject.trim();
        before.subject = t.subject;
        after.subject = changes.subject;
      }
      if (linked && linked.id !== t.identityId) {
        if (t.status !== TicketStatus.OPEN) {
          throw DomainError.conflict(ErrorCode.INVALID_TRANSITION, 'The identity of a ticket can be changed only while it is open (before verification).');
        }
        changes.identityId = linked.id;
        // The identity's organization (its Severa user); one not linked to a Severa user yet (just invited) keeps the
        // organization the ticket already had from elsewhere, so that organization's admin keeps seeing it.
        changes.organizationId = (await this.organizationOf(linked.id, m)) ?? (t.identityId ? null : t.organizationId);
        before.identityId = t.identityId;
        after.identityId = linked.id;
        after.identityEmail = linked.email;
      }
      if (dto.status !== undefined && dto.status !== t.status) {
        if (!MANUAL_TICKET_STATUSES.includes(dto.status)) {
          const how = dto.status === TicketStatus.VERIFIED ? 'record a sufficient verification' : dto.status === TicketStatus.CODE_ISSUED ? 'issue a code' : 'nothing reopens a ticket';
          throw DomainError.conflict(ErrorCode.INVALID_TRANSITION, `A ticket cannot be set to ${dto.status} directly (${how}).`);
        }
        if (!canTransition(t.status, dto.status)) {
          throw DomainError.conflict(ErrorCode.INVALID_TRANSITION, `A ${t.status} ticket cannot become ${dto.status}.`);
        }
        changes.status = dto.status;
        before.status = t.status;
        after.status = dto.status;
        if (dto.status === TicketStatus.RESOLVED) {
          changes.resolvedAt = this.clock.now();
          changes.waitingForPerson = false;
          after.note = dto.note!.trim();
        }
      }
      if (Object.keys(changes).length === 0) return;
      const now = this.clock.now();
      // Conditional on the status read above: a concurrent change makes this one fail instead of overwriting it.
      const r = await m
        .createQueryBuilder()
        .update(Ticket)
        .set({ ...changes, updatedAt: now })
        .where('id = :id AND status = :status', { id: t.id, status: t.status })
        .execute();
      if ((r.affected ?? 0) !== 1) throw DomainError.conflict(ErrorCode.CONFLICT, 'The ticket changed meanwhile. Reload and try again.');
      const orgId = changes.organizationId !== undefined ? changes.organizationId : t.organizationId;
      await this.audit.record({ action: 'ticket.updated', targetType: 'ticket', targetId: t.id, ticketId: t.id, organizationId: orgId, before, after }, m);
      if (after.note) {
        const c = m.getRepository(TicketComment).create({ id: newId(), ticketId: t.id, authorId: actor.id, kind: 'note', fromAddress: null, body: typeof after.note === 'string' ? after.note : '', createdAt: now });
        await m.getRepository(TicketComment).insert(c);
      }
      if (changes.status === TicketStatus.CLOSED || changes.status === TicketStatus.RESOLVED) {
        // A finished ticket leaves no usable code or pending request behind.
        for (const c of await revokeUnusedCodes(m, { ticketId: t.id }, now, actor.id, true)) {
          const action = c.status === RecoveryCodeStatus.REJECTED ? 'recovery-code.rejected' : 'recovery-code.revoked';
          await this.audit.record({ action, targetType: 'recovery-code', targetId: c.id, ticketId: t.id, organizationId: orgId, after: { identityId: c.identityId, status: c.status, reason: `ticket ${changes.status}` } }, m);
        }
      }
    });
    return this.tickets.get(current.id, actor);
  }

  /**
   * Moves a ticket forward as a side effect of verification or code issuance (open → verified → code-issued).
   * Conditional: only from a status that allows it; returns whether it moved.
   */
  async advance(m: EntityManager, ticketId: string, to: TicketStatus.VERIFIED | TicketStatus.CODE_ISSUED): Promise<boolean> {
    const from = to === TicketStatus.VERIFIED ? [TicketStatus.OPEN] : [TicketStatus.OPEN, TicketStatus.VERIFIED];
    const r = await m
      .createQueryBuilder()
      .update(Ticket)
      .set({ status: to, updatedAt: this.clock.now(), ...(to === TicketStatus.CODE_ISSUED ? { waitingForPerson: true } : {}) })
      .where('id = :id AND status IN (:...from)', { id: ticketId, from })
      .execute();
    return (r.affected ?? 0) === 1;
  }

  /**
   * For the user-side recovery flow: the ticket becomes resolved once its code was redeemed and the person
   * re-enrolled. Call inside your transaction; audits the change as the given actor. Returns whether it moved.
   */
  async resolveAfterRecovery(m: EntityManager, ticketId: string, actor: { id: string | null; email: string | null; role: string }): Promise<boolean> {
    const t = await m.getRepository(Ticket).findOneBy({ id: ticketId });
    if (!t || !canTransition(t.status, TicketStatus.RESOLVED)) return false;
    const r = await m
      .createQueryBuilder()
      .update(Ticket)
      .set({ status: TicketStatus.RESOLVED, updatedAt: this.clock.now(), resolvedAt: this.clock.now(), waitingForPerson: false })
      .where('id = :id AND status = :status', { id: ticketId, status: t.status })
      .execute();
    if ((r.affected ?? 0) !== 1) return false;
    await this.audit.record({ action: 'ticket.updated', targetType: 'ticket', targetId: t.id, ticketId: t.id, organizationId: t.organizationId, before: { status: t.status }, after: { status: TicketStatus.RESOLVED }, actor }, m);
    return true;
  }
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0].trim();
  return line.length <= 80 ? line : line.slice(0, 79) + '…';
}
