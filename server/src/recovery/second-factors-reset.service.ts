import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { IdentitiesService } from '../identities/identities.service.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { NO_SECOND_FACTORS, clearAllSecondFactors } from '../identities/second-factors.js';
import { Session } from '../staff-auth/session.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { TicketsService, WORKABLE_STATUSES } from '../tickets/tickets.service.js';
import { StaffRole } from '../../../shared/roles.js';
import { approvalBasis, approvalInWords } from './recovery-code.views.js';
import { localeOf, mail } from '../i18n/i18n.js';

/**
 * An agent's reset of a person's two-step verification (seed 003: "if you reset your 2FA … it will update your login
 * process for all your Visma tools simultaneously"): every method — authenticator, SMS, emergency code, passkeys and
 * security keys, push — goes at once, for every application, and every session of the person ends. Only on a
 * workable ticket of that person whose caller was verified; never for oneself; a person with a console role or
 * marked privileged needs a supervisor. The next sign-in after the password starts enrolment.
 */
@Injectable()
export class SecondFactorsResetService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly identities: IdentitiesService,
    private readonly tickets: TicketsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async reset(identityId: string, ticketId: string, actor: Actor): Promise<{ reset: true; removed: Record<string, unknown>; sessionsEnded: number }> {
    const identity = await this.identities.getEntity(identityId, actor);
    const ticket = await this.db.manager.getRepository(Ticket).findOneBy({ id: ticketId });
    if (!ticket || ticket.identityId !== identity.id) throw DomainError.invalid('ticketId', 'must be a ticket of this person');
    if (!WORKABLE_STATUSES.includes(ticket.status)) throw DomainError.conflict(ErrorCode.TICKET_CLOSED, `Ticket #${ticket.number} is ${ticket.status}; open a new ticket.`);
    if (identity.id === actor.id) throw new DomainError(403, ErrorCode.SELF_RECOVERY_FORBIDDEN, 'You cannot reset your own two-step verification: another agent must handle this ticket.');
    const v = await this.tickets.latestVerification(ticket.id);
    if (!v || !v.sufficient || v.identityId !== identity.id) {
      throw DomainError.conflict(ErrorCode.VERIFICATION_REQUIRED, `Verify the caller first: record at least ${this.tickets.requiredChecks} passing identity checks on ticket #${ticket.number}.`);
    }
    const grants = await this.db.manager.getRepository(StaffRoleGrant).findBy({ identityId: identity.id });
    const needsSupervisor = approvalBasis(identity, grants);
    if (needsSupervisor && !actor.roles.includes(StaffRole.SUPERVISOR)) throw new DomainError(403, ErrorCode.SECOND_PERSON_REQUIRED, `${approvalInWords(needsSupervisor)}: only a supervisor can reset it.`);
    return this.db.tx(async (m) => {
      await this.db.lock(m, 'second-factors:' + identity.id);
      const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
      const now = this.clock.now();
      const before = await clearAllSecondFactors(m, fresh, now);
      const ended = await m.getRepository(Session).update({ identityId: fresh.id, revokedAt: IsNull() }, { revokedAt: now });
      const sessionsEnded = ended.affected ?? 0;
      await this.audit.record(
        { action: 'second-factors.reset', targetType: 'identity', targetId: fresh.id, ticketId: ticket.id, organizationId: ticket.organizationId, before: { ...before }, after: { ...NO_SECOND_FACTORS, reason: 'reset by customer service', via: 'agent', sessionsEnded } },
        m,
      );
      await this.outbox.enqueue(m, {
        kind: 'connect.second-factors-reset',
        recipient: fresh.email,
        ...mail(localeOf(fresh), 'secondFactorsResetByAgent', { name: fresh.displayName, ticket: ticket.number }),
        identityId: fresh.id,
        organizationId: ticket.organizationId,
        ticketId: ticket.id,
      });
      return { reset: true as const, removed: { ...before }, sessionsEnded };
    });
  }
}
