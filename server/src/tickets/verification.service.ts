import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { TicketVerification, type VerificationCheckResult } from './ticket.entity.js';
import { TicketsService, WORKABLE_STATUSES } from './tickets.service.js';
import type { VerificationCheckDto } from './tickets.dto.js';
import { TicketStatus } from '../../../shared/identity.js';
import { VERIFICATION_CHECKS, type VerificationCheckDefinition } from '../../../shared/tickets.js';

export interface VerificationOverview {
  /** Passing checks needed (VERIFICATION_CHECKS_REQUIRED). */
  requiredCount: number;
  checks: readonly VerificationCheckDefinition[];
  /** The latest verification: the one that decides whether a code may be issued. */
  latest: TicketVerification | null;
  history: TicketVerification[];
}

/** Pure: counts passing checks against the policy. */
export function assessVerification(checks: readonly VerificationCheckResult[], requiredCount: number): { passedCount: number; sufficient: boolean } {
  const passedCount = new Set(checks.filter((c) => c.passed).map((c) => c.check)).size;
  return { passedCount, sufficient: passedCount >= requiredCount };
}

/** Recorded identity verification: which checks the agent performed and how they came out. */
@Injectable()
export class VerificationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly tickets: TicketsService,
  ) {}

  async overview(ticketId: string, actor: Actor): Promise<VerificationOverview> {
    const t = await this.tickets.getEntity(ticketId, actor);
    const history = await this.tickets.verificationsInOrder([t.id]);
    return { requiredCount: this.tickets.requiredChecks, checks: VERIFICATION_CHECKS, latest: history.at(-1) ?? null, history };
  }

  async record(ticketId: string, input: VerificationCheckDto[], actor: Actor): Promise<{ verification: TicketVerification; ticketStatus: string }> {
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
    const { passedCount, sufficient } = assessVerification(checks, requiredCount);
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
      const moved = sufficient ? await this.tickets.advance(m, t.id, TicketStatus.VERIFIED) : false;
      await this.audit.record(
        {
          action: 'ticket.verification-recorded',
          targetType: 'ticket-verification',
          targetId: v.id,
          ticketId: t.id,
          organizationId: t.organizationId,
          // Notes stay on the verification row; the audit log keeps which checks and their outcome.
          after: { identityId: t.identityId, checks: checks.map((c) => ({ check: c.check, passed: c.passed })), passedCount, requiredCount, sufficient, ...(moved ? { status: TicketStatus.VERIFIED } : {}) },
        },
        m,
      );
      return { verification: v, ticketStatus: moved ? TicketStatus.VERIFIED : t.status };
    });
  }
}
