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
import type { TimelineEntry as SharedTimelineEntry } from '../../../shared/ticket-timeline.js';
import { codeExpiredMessage, commentMessages, eventMessages, legacyInboundSubject, verificationLapsedMessage, verificationMessage } from './ticket-timeline.rules.js';

export type TimelineEntry = SharedTimelineEntry<Date>;

/** What happened on a ticket, from the audit chain, its comments, verifications and codes (codes and parameters: ticket-timeline.rules). */
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
        messages: eventMessages(e),
        body: null,
        details: e.after,
      });
    }
    for (const c of comments) {
      const who = c.authorId ? people.get(c.authorId) : undefined;
      const action = c.kind === 'reply' ? 'ticket.replied' : c.kind === 'inbound' ? 'ticket.mail-received' : 'ticket.commented';
      const legacySubject = legacyInboundSubject(c.kind, c.body);
      entries.push({
        id: `comment-${c.id}`,
        at: c.createdAt,
        seq: seqOf.get(c.id) ?? null,
        kind: 'comment',
        action,
        actorId: c.authorId,
        actorEmail: who?.email ?? c.fromAddress,
        actorRole: c.kind === 'inbound' ? 'claimed sender' : null,
        messages: commentMessages(c.kind, legacySubject),
        body: legacySubject !== null || c.body === '' ? null : c.body,
        details: c.kind === 'note' ? null : { kind: c.kind, ...(c.fromAddress ? { claimedSender: c.fromAddress } : {}) },
      });
    }
    for (const [i, v] of verifications.entries()) {
      const who = people.get(v.performedById);
      const s = this.tickets.standing(v, t, now);
      // A verification that was enough when recorded stops counting at its expiry, unless a newer one came first.
      // Derived from the recorded time and VERIFICATION_VALID_MINUTES, like an unused code's expiry (never stored).
      const next = verifications[i + 1];
      if (v.sufficient && s.expired && (!next || next.createdAt.getTime() >= s.expiresAt.getTime())) {
        entries.push({
          id: `verification-expired-${v.id}`,
          at: s.expiresAt,
          seq: null,
          kind: 'verification-expired',
          action: 'ticket.verification-expired',
          actorId: null,
          actorEmail: null,
          actorRole: 'system',
          messages: [verificationLapsedMessage(Math.round((s.expiresAt.getTime() - v.createdAt.getTime()) / 60_000))],
          body: null,
          details: { verificationId: v.id },
        });
      }
      entries.push({
        id: `verification-${v.id}`,
        at: v.createdAt,
        seq: seqOf.get(v.id) ?? null,
        kind: 'verification',
        action: 'ticket.verification-recorded',
        actorId: v.performedById,
        actorEmail: who?.email ?? null,
        actorRole: null,
        messages: [verificationMessage(s, v.sufficient)],
        body: null,
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
          messages: [codeExpiredMessage(c.issuedAt === null)],
          body: null,
          details: { recoveryCodeId: c.id, ...(c.issuedAt === null ? { request: true } : {}) },
        });
      }
    }
    const last = Number.MAX_SAFE_INTEGER;
    return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.seq ?? last) - (b.seq ?? last));
  }
}
