import { Inject, Injectable } from '@nestjs/common';
import { MoreThan, Not, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { Identity } from '../identities/identity.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { TicketsService, WORKABLE_STATUSES } from '../tickets/tickets.service.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { RecoveryCodeStatus } from '../../../shared/identity.js';

/** Why a code cannot be issued or approved now (besides the checks that answer at once). */
export type Refusal = 'verification-required' | 'verification-expired' | 'approval-expired' | 'ticket-changed';

/**
 * What must hold before a one-time code is issued or approved: not for oneself, a workable ticket with a sufficient
 * verification and an identity that can sign in, and the per-identity and per-agent limits.
 */
@Injectable()
export class RecoveryChecks {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly tickets: TicketsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** An agent can never issue or approve a code for themself; the attempt is recorded. */
  async refuseSelf(actor: Actor, ticket: Ticket, what: 'self-issue' | 'self-approval'): Promise<void> {
    if (ticket.identityId !== actor.id) return;
    await this.audit.record({ action: 'recovery-code.refused', targetType: 'ticket', targetId: ticket.id, ticketId: ticket.id, organizationId: ticket.organizationId, after: { reason: what, identityId: ticket.identityId } });
    throw new DomainError(403, ErrorCode.SELF_RECOVERY_FORBIDDEN, 'You cannot issue or approve a one-time code for yourself: another agent must handle this ticket.');
  }

  /** The ticket is still being worked on, the identity can sign in, and the latest verification is sufficient (and fresh). */
  async preconditions(ticket: Ticket): Promise<Identity> {
    if (!WORKABLE_STATUSES.includes(ticket.status)) throw DomainError.conflict(ErrorCode.TICKET_CLOSED, `Ticket #${ticket.number} is ${ticket.status}; open a new ticket.`);
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: ticket.identityId! });
    if (!identity) throw DomainError.invalid('identityId', 'no such identity');
    if (identity.status === 'disabled') throw DomainError.conflict(ErrorCode.CONFLICT, 'This identity is disabled: a one-time code would not let it sign in.');
    const refusal = await this.verificationRefusal(this.db.manager, ticket, this.clock.now());
    if (refusal) await this.refuse(ticket, refusal);
    return identity;
  }

  /**
   * Whether the ticket's latest verification lets a code be issued at `now`: null when it does. Called again inside
   * the issuing (or approving) transaction with that transaction's `now`, so a verification that expires between
   * the first check and the write never issues a code.
   */
  async verificationRefusal(m: EntityManager, ticket: Ticket, now: Date): Promise<Refusal | null> {
    const current = await m.getRepository(Ticket).findOneBy({ id: ticket.id });
    if (!current || current.identityId !== ticket.identityId || !WORKABLE_STATUSES.includes(current.status)) return 'ticket-changed';
    const v = await this.tickets.latestVerification(ticket.id, m);
    const standing = v ? this.tickets.standing(v, current, now) : null;
    if (standing?.sufficient) return null;
    return standing?.expired && standing.passedCount >= standing.requiredCount ? 'verification-expired' : 'verification-required';
  }

  /** Answers a refusal; an attempt on an expired verification or request is audited (`recovery-code.refused`). */
  async refuse(ticket: Ticket, refusal: Refusal, request?: RecoveryCode): Promise<never> {
    switch (refusal) {
      case 'verification-expired':
        await this.audit.record({ action: 'recovery-code.refused', targetType: request ? 'recovery-code' : 'ticket', targetId: request?.id ?? ticket.id, ticketId: ticket.id, organizationId: ticket.organizationId, after: { reason: refusal, identityId: ticket.identityId, validMinutes: this.config.verificationValidMinutes } });
        throw DomainError.conflict(ErrorCode.VERIFICATION_EXPIRED, `The verification on ticket #${ticket.number} expired (it counts ${this.config.verificationValidMinutes} minutes): verify the caller again.`);
      case 'approval-expired':
        await this.audit.record({ action: 'recovery-code.refused', targetType: 'recovery-code', targetId: request!.id, ticketId: ticket.id, organizationId: ticket.organizationId, after: { reason: refusal, identityId: request!.identityId, requestedById: request!.requestedById, validMinutes: this.config.approvalValidMinutes } });
        throw DomainError.conflict(ErrorCode.APPROVAL_EXPIRED, `This request waited more than ${this.config.approvalValidMinutes} minutes for approval and expired: request the code again.`);
      case 'ticket-changed':
        throw DomainError.conflict(ErrorCode.CONFLICT, `Ticket #${ticket.number} changed meanwhile (closed, resolved or linked to someone else): reload it.`);
      case 'verification-required':
        throw DomainError.conflict(
          ErrorCode.VERIFICATION_REQUIRED,
          `Verify the caller first: record at least ${this.tickets.requiredChecks} passing identity checks on ticket #${ticket.number} before a code can be issued${ticket.phoneLost ? ' (the phone is lost or stolen: checks that rely on it do not count)' : ''}.`,
        );
    }
  }

  /** At most `recovery-codes-identity` codes (or requests) per identity in its window (24 hours), counted from the rows. */
  async checkIdentityQuota(m: EntityManager, identityId: string): Promise<void> {
    const { limit, windowSeconds } = this.limits.limitOf('recovery-codes-identity');
    if (limit === 0) return;
    const now = this.clock.now();
    const since = new Date(now.getTime() - windowSeconds * 1000);
    const recent = await m.getRepository(RecoveryCode).find({
      where: { identityId, createdAt: MoreThan(since), status: Not(RecoveryCodeStatus.REJECTED) },
      order: { createdAt: 'ASC' },
      select: { id: true, createdAt: true },
    });
    if (recent.length < limit) return;
    const retryAfter = (recent[recent.length - limit].createdAt.getTime() + windowSeconds * 1000 - now.getTime()) / 1000;
    const hours = Math.max(1, Math.ceil(retryAfter / 3600));
    const windowHours = Math.round(windowSeconds / 3600);
    throw DomainError.tooMany(
      `This person already received ${limit} one-time codes in the last ${windowHours} hours, the most allowed. A new code can be issued in about ${hours} hour${hours === 1 ? '' : 's'}; if the person is stuck, escalate to a supervisor.`,
      retryAfter,
    );
  }

  /** A per-agent rate (codes issued, requested or approved per hour). */
  async consumeAgentQuota(actor: Actor): Promise<void> {
    const { limit } = this.limits.limitOf('recovery-codes-agent');
    await this.limits.consumeNamed('recovery-codes-agent', actor.id, `You have handled ${limit} one-time codes in the last hour, the most one person may. Wait before issuing another, or ask a colleague.`);
  }
}
