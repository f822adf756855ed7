import { Inject, Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { Ticket, TicketVerification, type VerificationCheckResult } from './ticket.entity.js';
import { TicketsService, WORKABLE_STATUSES, type VerificationStanding } from './tickets.service.js';
import { TicketChangesService } from './ticket-changes.service.js';
import type { VerificationCheckDto } from './tickets.dto.js';
import { TicketStatus } from '../../../shared/identity.js';
import { VERIFICATION_CHECKS, assessChecks, type VerificationCheckDefinition } from '../../../shared/tickets.js';

export interface VerificationOverview {
  /** Passing checks needed (VERIFICATION_CHECKS_REQUIRED). */
  requiredCount: number;
  checks: readonly VerificationCheckDefinition[];
  /** The ticket says the phone is lost or stolen: checks on the phone on record do not count. */
  phoneLost: boolean;
  /** Minutes a verification counts (VERIFICATION_VALID_MINUTES). */
  validMinutes: number;
  /** The latest verification as it stands now: the one that decides whether a code may be issued. */
  latest: VerificationStanding | null;
  history: VerificationStanding[];
}

/** Recorded identity verification: which checks the agent performed and how they came out. */
@Injectable()
export class VerificationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly tickets: TicketsService,
    private readonly changes: TicketChangesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async overview(ticketId: string, actor: Actor): Promise<VerificationOverview> {
    const t = await this.tickets.getEntity(ticketId, actor);
    const now = this.clock.now();
    const history = (await this.tickets.verificationsInOrder([t.id])).map((v) => this.tickets.standing(v, t, now));
    return { requiredCount: this.tickets.requiredChecks, checks: VERIFICATION_CHECKS, phoneLost: t.phoneLost, validMinutes: this.config.verificationValidMinutes, latest: history.at(-1) ?? null, history };
  }

  async record(ticketId: string, input: VerificationCheckDto[], actor: Actor): Promise<{ verification: VerificationStanding; ticketStatus: string }> {
    const seen = new Set<string>();
    for (const c of input) {
      if (seen.has(c.check)) throw DomainError.invalid('checks', `lists "${c.check}" twice`);
      seen.add(c.check);
    }
    const t = await this.tickets.getEntity(ticketId, actor);
    if (!t.identityId) throw DomainError.conflict(ErrorCode.CONFLICT, 'Link the ticket to an identity first: verification confirms that the caller owns that identity.');
    if (t.identityId === actor.id) {
      await this.audit.record({ action: 'recovery-code.refused', targetType: 'ticket', targetId: t.id, ticketId: t.id, organizationId: t.organizationId, after: { reason: 'self-verification', identityId: t.identityId } });
      throw new DomainError(403, ErrorCode.SELF_RECOVERY_FORBIDDEN, 'You cannot verify your own identity: another agent must handle this ticket.');
    }
    if (!WORKABLE_STATUSES.includes(t.status)) throw DomainError.conflict(ErrorCode.TICKET_CLOSED, `The ticket is ${t.status}; open a new ticket to continue.`);

    const checks: VerificationCheckResult[] = input.map((c) => ({ check: c.check, passed: c.passed, ...(c.note?.trim() ? { note: c.note.trim() } : {}) }));
    const requiredCount = this.tickets.requiredChecks;
    // Recorded as the agent reported them; what counts follows the ticket (a lost phone's checks do not).
    const { passedCount, sufficient } = assessChecks(checks, { phoneLost: t.phoneLost, requiredCount });
    return this.db.tx(async (m) => {
      const v = m.getRepository(TicketVerification).create({
        id: newId(),
        ticketId: t.id,
        identityId: t.identityId!,
        checks,
        passedCount,
        requiredCount,
        sufficient,
        performedById: actor.id,
        createdAt: this.clock.now(),
      });
      await m.getRepository(TicketVerification).insert(v);
      const moved = sufficient ? await this.changes.advance(m, t.id, TicketStatus.VERIFIED) : false;
      await m.getRepository(Ticket).update({ id: t.id, firstResponseAt: IsNull() }, { firstResponseAt: v.createdAt });
      await m.getRepository(Ticket).update({ id: t.id }, { updatedAt: v.createdAt });
      await this.audit.record(
        {
          action: 'ticket.verification-recorded',
          targetType: 'ticket-verification',
          targetId: v.id,
          ticketId: t.id,
          organizationId: t.organizationId,
          // Notes stay on the verification row; the audit log keeps which checks and their outcome.
          after: { identityId: t.identityId, checks: checks.map((c) => ({ check: c.check, passed: c.passed })), passedCount, requiredCount, sufficient, ...(t.phoneLost ? { phoneLost: true } : {}), ...(moved ? { status: TicketStatus.VERIFIED } : {}) },
        },
        m,
      );
      return { verification: this.tickets.standing(v, t), ticketStatus: moved ? TicketStatus.VERIFIED : t.status };
    });
  }
}
