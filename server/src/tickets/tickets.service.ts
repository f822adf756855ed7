import { Inject, Injectable } from '@nestjs/common';
import { In, MoreThan, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { RecoveryCode } from '../recovery/recovery-code.entity.js';
import { effectiveStatus, revokeUnusedCodes } from '../recovery/recovery-code.rules.js';
import { Ticket, TicketComment, TicketVerification } from './ticket.entity.js';
import type { CreateTicketDto, UpdateTicketDto } from './tickets.dto.js';
import { TicketStatus, RecoveryCodeStatus } from '../../../shared/identity.js';
import { StaffRole } from '../../../shared/roles.js';
import { MANUAL_TICKET_STATUSES, TICKET_STATUSES, TICKET_TRANSITIONS, assessChecks, canTransition, type TicketAction, type VerificationCheckStanding } from '../../../shared/tickets.js';
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

export type TimelineKind = 'event' | 'comment' | 'verification' | 'code-expired';

export interface TimelineEntry {
  id: string;
  at: Date;
  /** Position in the audit chain where known: orders things that happened within the same millisecond. */
  seq: number | null;
  kind: TimelineKind;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  summary: string;
  details: Record<string, unknown> | null;
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

const EVENT_SUMMARIES: Record<string, (e: AuditEvent) => string> = {
  'ticket.created': (e) => `Ticket opened (${String(e.after?.channel ?? '')})`,
  'ticket.updated': (e) => describeTicketUpdate(e.before, e.after),
  'recovery-code.requested': () => "One-time code requested: the person holds a console role or is privileged, so a second supervisor must approve",
  'recovery-code.approved': () => 'Code request approved by a second supervisor',
  'recovery-code.rejected': (e) => `Code request rejected${e.after?.reason ? `: ${String(e.after.reason)}` : ''}`,
  'recovery-code.issued': (e) => `One-time code issued, valid until ${fmt(e.after?.expiresAt)}`,
  'recovery-code.revoked': (e) => `One-time code revoked${e.after?.reason ? ` (${String(e.after.reason)})` : ''}`,
  'recovery-code.refused': (e) => `Code refused: ${String(e.after?.reason ?? '')}`,
  // Written by the person's side (Visma Connect sign-in) with this ticket's id.
  'recovery-code.redeemed': () => 'The person signed in with the one-time code',
  'second-factors.reset': (e) =>
    e.after?.via === 'agent'
      ? 'Customer service reset two-step verification: every second factor was removed (for every application at once)'
      : 'The person chose “I have permanently lost access”: every second factor was removed (for every application at once)',
  'recovery.temporary-access': () => 'The person chose “I have temporarily lost access”: signed in once, nothing changed',
  'connect.signed-in': (e) => `The person signed in${e.after?.method ? ` (${String(e.after.method)})` : ''}`,
  'totp.enrolment-started': () => 'The person started setting up a new authenticator app',
  'totp.enrolled': () => 'The person enrolled a new authenticator app',
  'emergency-code.issued': () => 'A new emergency code was created for the person',
  'emergency-code.acknowledged': () => 'The person confirmed storing the new emergency code',
  'sms.enrolled': () => 'The person added a phone number for SMS codes',
};

function fmt(v: unknown): string {
  if (!v) return '—';
  const d = new Date(String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function describeTicketUpdate(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const parts: string[] = [];
  for (const k of Object.keys(after ?? {})) {
    const to = after?.[k];
    const from = before?.[k];
    if (k === 'assigneeEmail') parts.push(to ? `assigned to ${String(to)}` : 'unassigned');
    else if (k === 'status') parts.push(`status ${String(from)} → ${String(to)}`);
    else if (k === 'identityEmail') parts.push(`linked to ${String(to)}`);
    else if (k === 'subject') parts.push('subject changed');
  }
  return parts.length ? parts.join('; ').replace(/^./, (c) => c.toUpperCase()) : 'Ticket updated';
}

function humanize(action: string): string {
  const s = action.replace(/[.-]/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

@Injectable()
export class TicketsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- reading ---

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

  private async identitiesById(ids: (string | null)[]): Promise<Map<string, Identity>> {
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

  // --- creating and changing ---

  async create(dto: CreateTicketDto, actor: Actor): Promise<TicketView> {
    const id = await this.open(dto, actor.id);
    return this.get(id, actor);
  }

  /** Opens a ticket (staff, or inbound mail with `createdById` null); returns its id. */
  async open(dto: CreateTicketDto & { claimedSender?: boolean }, createdById: string | null, within?: (m: EntityManager, t: Ticket) => Promise<void>): Promise<string> {
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
    const subject = dto.subject?.trim() || firstLine(description);
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
          after: { number, channel: row.channel, identityId: row.identityId, identityEmail: identity?.email ?? null, callerEmail: row.callerEmail, subject, ...(row.phoneLost ? { phoneLost: true } : {}) },
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
    const current = await this.getEntity(id, actor);
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
        changes.organizationId = await this.organizationOf(linked.id, m);
        before.identityId = t.identityId;
        after.identityId = linked.id;
        after.identityEmail = linked.email;
      }
      if (dto.status !== undefined && dto.status !== t.status) {
        if (!MANUAL_TICKET_STATUSES.includes(dto.status as TicketStatus)) {
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
        const c = m.getRepository(TicketComment).create({ id: newId(), ticketId: t.id, authorId: actor.id, kind: 'note', fromAddress: null, body: String(after.note), createdAt: now });
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
    return this.get(current.id, actor);
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

  // --- comments ---

  async comments(ticketId: string, actor: Actor): Promise<CommentView[]> {
    const t = await this.getEntity(ticketId, actor);
    const rows = await this.db.manager.getRepository(TicketComment).find({ where: { ticketId: t.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    // Comments made within the same millisecond keep the order in which they were written (the audit chain's order).
    const seq = await this.auditSequence(t.id, 'ticket.commented');
    rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (seq.get(a.id) ?? 0) - (seq.get(b.id) ?? 0));
    const people = await this.identitiesById(rows.map((r) => r.authorId));
    return rows.map((c) => ({ ...c, authorEmail: c.authorId ? (people.get(c.authorId)?.email ?? null) : null, authorName: c.authorId ? (people.get(c.authorId)?.displayName ?? null) : null }));
  }

  async addComment(ticketId: string, body: string, actor: Actor): Promise<CommentView> {
    const t = await this.getEntity(ticketId, actor);
    const row = await this.db.tx(async (m) => {
      const c = m.getRepository(TicketComment).create({ id: newId(), ticketId: t.id, authorId: actor.id, kind: 'note', fromAddress: null, body: body.trim(), createdAt: this.clock.now() });
      await m.getRepository(TicketComment).insert(c);
      await m.getRepository(Ticket).update({ id: t.id }, { updatedAt: c.createdAt });
      await this.audit.record({ action: 'ticket.commented', targetType: 'ticket-comment', targetId: c.id, ticketId: t.id, organizationId: t.organizationId, after: { length: c.body.length } }, m);
      return c;
    });
    return { ...row, authorEmail: actor.email, authorName: actor.name };
  }

  /** targetId → audit event id for one action on a ticket: the order in which things were written. */
  private async auditSequence(ticketId: string, action: string): Promise<Map<string, number>> {
    const events = await this.db.manager.getRepository(AuditEvent).find({ where: { ticketId, action }, select: { id: true, targetId: true } });
    return new Map(events.filter((e) => e.targetId).map((e) => [e.targetId!, e.id]));
  }

  // --- timeline ---

  /**
   * Everything that happened on the ticket, oldest first: the audit events recorded with its id (including
   * the user-side redemption and re-enrolment), its comments and verifications, and codes that expired unused.
   */
  async timeline(ticketId: string, actor: Actor): Promise<TimelineEntry[]> {
    const t = await this.getEntity(ticketId, actor);
    const now = this.clock.now();
    const m = this.db.manager;
    const [events, comments, verifications, codes] = await Promise.all([
      m.getRepository(AuditEvent).find({ where: { ticketId: t.id }, order: { id: 'ASC' } }),
      m.getRepository(TicketComment).find({ where: { ticketId: t.id }, order: { createdAt: 'ASC' } }),
      this.verificationsInOrder([t.id], m),
      m.getRepository(RecoveryCode).find({ where: { ticketId: t.id }, order: { createdAt: 'ASC' } }),
    ]);
    const people = await this.identitiesById([...comments.map((c) => c.authorId), ...verifications.map((v) => v.performedById)]);
    const entries: TimelineEntry[] = [];
    // Comments and verifications have their own richer entries; their audit events would only repeat them.
    const represented = new Set(['ticket.commented', 'ticket.replied', 'ticket.mail-received', 'ticket.verification-recorded']);
    const seqOf = new Map(events.filter((e) => represented.has(e.action) && e.targetId).map((e) => [e.targetId!, e.id]));
    for (const e of events) {
      if (represented.has(e.action)) continue;
      entries.push({
        id: `event-${e.id}`,
        at: e.createdAt,
        seq: e.id,
        kind: 'event',
        action: e.action,
        actorId: e.actorId,
        actorEmail: e.actorEmail,
        actorRole: e.actorRole,
        summary: (EVENT_SUMMARIES[e.action] ?? ((x: AuditEvent) => humanize(x.action)))(e),
        details: e.after,
      });
    }
    for (const c of comments) {
      const who = c.authorId ? people.get(c.authorId) : undefined;
      const action = c.kind === 'reply' ? 'ticket.replied' : c.kind === 'inbound' ? 'ticket.mail-received' : 'ticket.commented';
      entries.push({
        id: `comment-${c.id}`,
        at: c.createdAt,
        seq: seqOf.get(c.id) ?? null,
        kind: 'comment',
        action,
        actorId: c.authorId,
        actorEmail: who?.email ?? c.fromAddress,
        actorRole: c.kind === 'inbound' ? 'claimed sender' : null,
        summary: c.body,
        details: c.kind === 'note' ? null : { kind: c.kind, ...(c.fromAddress ? { claimedSender: c.fromAddress } : {}) },
      });
    }
    for (const v of verifications) {
      const who = people.get(v.performedById);
      const s = this.standing(v, t, now);
      entries.push({
        id: `verification-${v.id}`,
        at: v.createdAt,
        seq: seqOf.get(v.id) ?? null,
        kind: 'verification',
        action: 'ticket.verification-recorded',
        actorId: v.performedById,
        actorEmail: who?.email ?? null,
        actorRole: null,
        summary: `Identity verification: ${s.passedCount} of ${s.requiredCount} required checks count — ${s.sufficient ? 'sufficient' : s.expired && v.sufficient ? 'expired' : 'not sufficient'}`,
        details: { checks: s.checks, passedCount: s.passedCount, requiredCount: s.requiredCount, sufficient: s.sufficient, expired: s.expired, expiresAt: s.expiresAt },
      });
    }
    for (const c of codes) {
      if (effectiveStatus(c, now) === RecoveryCodeStatus.EXPIRED && c.expiresAt) {
        entries.push({
          id: `code-expired-${c.id}`,
          at: c.expiresAt,
          seq: null,
          kind: 'code-expired',
          action: 'recovery-code.expired',
          actorId: null,
          actorEmail: null,
          actorRole: 'system',
          summary: 'One-time code expired unused',
          details: { recoveryCodeId: c.id },
        });
      }
    }
    const last = Number.MAX_SAFE_INTEGER;
    return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.seq ?? last) - (b.seq ?? last));
  }

  get firstResponseConfig(): Record<string, number> {
    return this.config.firstResponseMinutes;
  }

  /** How many passing checks the policy asks for (VERIFICATION_CHECKS_REQUIRED). */
  get requiredChecks(): number {
    return this.config.verificationChecksRequired;
  }
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0].trim();
  return line.length <= 80 ? line : line.slice(0, 79) + '…';
}
