import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import type { Actor } from '../common/request-context.js';
import { RecoveryCode } from '../recovery/recovery-code.entity.js';
import { effectiveStatus } from '../recovery/recovery-code.rules.js';
import { TicketComment } from './ticket.entity.js';
import { TicketsService } from './tickets.service.js';
import { RecoveryCodeStatus } from '../../../shared/identity.js';

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

/** What happened on a ticket, from the audit chain, its comments, verifications and codes. */
@Injectable()
export class TicketTimelineService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly tickets: TicketsService,
  ) {}

  /**
   * Everything that happened on the ticket, oldest first: the audit events recorded with its id (including
   * the user-side redemption and re-enrolment), its comments and verifications, and codes that expired unused.
   */
  async timeline(ticketId: string, actor: Actor): Promise<TimelineEntry[]> {
    const t = await this.tickets.getEntity(ticketId, actor);
    const now = this.clock.now();
    const m = this.db.manager;
    const [events, comments, verifications, codes] = await Promise.all([
      m.getRepository(AuditEvent).find({ where: { ticketId: t.id }, order: { id: 'ASC' } }),
      m.getRepository(TicketComment).find({ where: { ticketId: t.id }, order: { createdAt: 'ASC' } }),
      this.tickets.verificationsInOrder([t.id], m),
      m.getRepository(RecoveryCode).find({ where: { ticketId: t.id }, order: { createdAt: 'ASC' } }),
    ]);
    const people = await this.tickets.identitiesById([...comments.map((c) => c.authorId), ...verifications.map((v) => v.performedById)]);
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
      const s = this.tickets.standing(v, t, now);
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
}
