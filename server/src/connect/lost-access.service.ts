import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { hashOneTimeCode } from '../common/crypto.js';
import { DomainError } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity } from '../identities/identity.entity.js';
import { NO_SECOND_FACTORS, clearAllSecondFactors } from '../identities/second-factors.js';
import { AuthChallenge } from '../staff-auth/session.entity.js';
import { SessionService } from '../staff-auth/session.service.js';
import { SignInLockoutService } from '../staff-auth/sign-in-lockout.service.js';
import { RecoveryService } from '../recovery/recovery.service.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import type { EnrolmentReason } from '../../../shared/connect.js';
import type { ConnectSessionData } from './connect-request.guard.js';
import { ConnectSessionsService, userActor } from './connect-sessions.service.js';
import { ConnectSignInService, type SignInDone } from './connect-sign-in.service.js';
import { invalidSignIn } from './sign-in-codes.js';

/** After a one-time code, 10 minutes to choose "temporarily" or "permanently lost". */
const LOSS_CHOICE_SECONDS = 10 * 60;

const anonymous = { id: null, email: null, role: 'anonymous' };

/** What a one-time code was: a customer-service code (with its ticket) or the identity's own emergency code. */
interface RedeemedCode {
  source: 'recovery-code' | 'emergency-code';
  recoveryCodeId: string | null;
  ticketId: string | null;
  organizationId: string | null;
}

/**
 * The lost-phone path of a Connect sign-in (seed 003): after the password, a one-time code (from customer service,
 * or the identity's emergency code), then "I have temporarily / permanently lost access".
 */
@Injectable()
export class LostAccessService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly connect: ConnectSessionsService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly lockout: SignInLockoutService,
    private readonly outbox: OutboxService,
    private readonly recovery: RecoveryService,
    private readonly signIn: ConnectSignInService,
  ) {}

  /**
   * Step 2 of the lost-phone path: after the right password, a one-time code. A customer-service code redeems
   * through RecoveryService (one conditional UPDATE); the emergency code is cleared with a conditional UPDATE on
   * its hash. Either way it works exactly once, and the challenge moves on only in the same transaction. Ten wrong
   * codes for an identity close one-time-code entry for a cooling period.
   */
  async oneTimeCode(challengeToken: string, code: string, ip: string | null): Promise<{ next: 'choose-loss-type' }> {
    await this.signIn.ipGate(ip);
    const { challenge, identity } = await this.signIn.challengeFor(challengeToken, 'password-ok', ip);
    const outcome = await this.db.tx(async (m) => {
      await this.db.lock(m, 'one-time-code:' + identity.id);
      const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
      if (fresh.oneTimeCodeLockedUntil && fresh.oneTimeCodeLockedUntil.getTime() > this.clock.nowMs()) {
        return { locked: Math.ceil((fresh.oneTimeCodeLockedUntil.getTime() - this.clock.nowMs()) / 1000) } as const;
      }
      const redeemed = await this.redeem(m, fresh, code);
      if (!redeemed) return { failed: await this.oneTimeCodeFailure(m, fresh) } as const;
      const moved = await m
        .createQueryBuilder()
        .update(AuthChallenge)
        .set({ stage: 'one-time-code-ok', data: { ...redeemed }, expiresAt: new Date(this.clock.nowMs() + LOSS_CHOICE_SECONDS * 1000) })
        .where('id = :id AND stage = :stage AND "usedAt" IS NULL', { id: challenge.id, stage: 'password-ok' })
        .execute();
      // Another request moved this challenge first: undo this redemption (the code stays usable).
      if ((moved.affected ?? 0) !== 1) throw invalidSignIn();
      await m.getRepository(Identity).update({ id: fresh.id }, { failedOneTimeCodes: 0, failedSignIns: 0 });
      await this.recordRedemption(m, fresh, redeemed);
      return { ok: true } as const;
    });
    const cooldown = this.limits.limitOf('one-time-code-failures').windowSeconds;
    const tooMany = (retryAfter: number) => DomainError.tooMany(`Too many wrong one-time codes. One-time codes are refused for ${Math.ceil(cooldown / 60)} minutes; try again later.`, retryAfter);
    if ('locked' in outcome) throw tooMany(outcome.locked ?? 1);
    if ('failed' in outcome) {
      await this.lockout.countAddressFailure('connect', ip);
      if (outcome.failed === 'locked') throw tooMany(cooldown);
      throw invalidSignIn();
    }
    return { next: 'choose-loss-type' };
  }

  private async redeem(m: EntityManager, identity: Identity, code: string): Promise<RedeemedCode | null> {
    const row = await this.recovery.redeem(m, identity.id, code);
    if (row) {
      const ticket = await m.getRepository(Ticket).findOneBy({ id: row.ticketId });
      return { source: 'recovery-code', recoveryCodeId: row.id, ticketId: row.ticketId, organizationId: ticket?.organizationId ?? null };
    }
    const hash = hashOneTimeCode(code);
    if (!hash) return null;
    const r = await m
      .createQueryBuilder()
      .update(Identity)
      .set({ emergencyCodeHash: null, emergencyCodeCreatedAt: null, updatedAt: this.clock.now() })
      .where('id = :id AND "emergencyCodeHash" = :hash', { id: identity.id, hash })
      .execute();
    if ((r.affected ?? 0) !== 1) return null;
    return { source: 'emergency-code', recoveryCodeId: null, ticketId: null, organizationId: null };
  }

  /** Counts a wrong one-time code; at the limit the identity's one-time-code entry cools down. */
  private async oneTimeCodeFailure(m: EntityManager, identity: Identity): Promise<'counted' | 'locked'> {
    await m.createQueryBuilder().update(Identity).set({ failedOneTimeCodes: () => '"failedOneTimeCodes" + 1' }).where('id = :id', { id: identity.id }).execute();
    const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
    await this.audit.record({ action: 'one-time-code.failed', targetType: 'identity', targetId: identity.id, after: { consecutiveFailures: fresh.failedOneTimeCodes }, actor: anonymous }, m);
    const { limit, windowSeconds } = this.limits.limitOf('one-time-code-failures');
    if (limit === 0 || fresh.failedOneTimeCodes < limit) return 'counted';
    const until = new Date(this.clock.nowMs() + windowSeconds * 1000);
    await m.getRepository(Identity).update({ id: identity.id }, { oneTimeCodeLockedUntil: until, failedOneTimeCodes: 0 });
    await this.audit.record({ action: 'one-time-code.locked', targetType: 'identity', targetId: identity.id, after: { lockedUntil: until.toISOString(), failures: limit }, actor: { id: null, email: null, role: 'system' } }, m);
    return 'locked';
  }

  private async recordRedemption(m: EntityManager, identity: Identity, redeemed: RedeemedCode): Promise<void> {
    const at = this.clock.now();
    if (redeemed.source === 'recovery-code') {
      await this.audit.record(
        { action: 'recovery-code.redeemed', targetType: 'recovery-code', targetId: redeemed.recoveryCodeId, ticketId: redeemed.ticketId, organizationId: redeemed.organizationId, after: { identityId: identity.id, redeemedAt: at.toISOString() }, actor: userActor(identity) },
        m,
      );
    } else {
      await this.audit.record({ action: 'emergency-code.redeemed', targetType: 'identity', targetId: identity.id, after: { redeemedAt: at.toISOString() }, actor: userActor(identity) }, m);
    }
    const lang = localeOf(identity);
    await this.outbox.enqueue(m, {
      kind: 'connect.one-time-code-used',
      recipient: identity.email,
      ...mail(lang, 'oneTimeCodeUsed', {
        name: identity.displayName,
        what: t(lang, redeemed.source === 'recovery-code' ? 'mail.oneTimeCodeUsed.recoveryCode' : 'mail.oneTimeCodeUsed.emergencyCode'),
        at: formatInstant(at, lang),
      }),
      identityId: identity.id,
      organizationId: redeemed.organizationId,
      ticketId: redeemed.ticketId,
    });
  }

  /**
   * Step 3: "I have temporarily lost access" signs in this once and changes nothing; "I have permanently lost
   * access" removes every second factor of the identity (2FA belongs to the identity, so this applies to every
   * Visma application at once) and starts enrolment. A used emergency code must be replaced either way.
   */
  async chooseLoss(challengeToken: string, permanently: boolean, ip: string | null): Promise<SignInDone> {
    const challenge = await this.sessions.findChallenge(challengeToken, 'connect');
    if (!challenge || challenge.stage !== 'one-time-code-ok') throw invalidSignIn();
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: challenge.identityId });
    if (!identity || identity.status !== 'active') throw invalidSignIn();
    const redeemed = challenge.data as RedeemedCode;
    const done = await this.db.tx(async (m) => {
      if (!(await this.sessions.consumeChallenge(m, challenge.id, 'one-time-code-ok'))) return null;
      const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
      const link = { ticketId: redeemed.ticketId ?? null, organizationId: redeemed.organizationId ?? null };
      let data: ConnectSessionData;
      if (permanently) {
        const before = await clearAllSecondFactors(m, fresh, this.clock.now());
        const revoked = await this.connect.revokeOthers(m, fresh.id, null);
        await this.audit.record(
          { action: 'second-factors.reset', targetType: 'identity', targetId: fresh.id, ...link, before: { ...before }, after: { ...NO_SECOND_FACTORS, reason: 'permanently lost access', via: redeemed.source, sessionsEnded: revoked }, actor: userActor(fresh) },
          m,
        );
        await this.outbox.enqueue(m, {
          kind: 'connect.second-factors-reset',
          recipient: fresh.email,
          ...mail(localeOf(fresh), 'secondFactorsReset', { name: fresh.displayName }),
          identityId: fresh.id,
          ...link,
        });
        data = { stage: 'enrol-totp', reason: 'permanent-loss', recoveryCodeId: redeemed.recoveryCodeId ?? null, ...link };
      } else {
        // Nothing changes, except that a used emergency code must be replaced before going on.
        const reason: EnrolmentReason | null = redeemed.source === 'emergency-code' ? 'emergency-code-used' : null;
        await this.audit.record({ action: 'recovery.temporary-access', targetType: 'identity', targetId: fresh.id, ...link, after: { reason: 'temporarily lost access', via: redeemed.source, secondFactorsChanged: false }, actor: userActor(fresh) }, m);
        data = { stage: reason ? 'emergency-code' : 'signed-in', reason, recoveryCodeId: redeemed.recoveryCodeId ?? null, ...link };
      }
      const token = await this.connect.start(m, fresh, ip, data, { steppedUp: true });
      await this.audit.record({ action: 'connect.signed-in', targetType: 'identity', targetId: fresh.id, ...link, after: { method: 'one-time-code', via: redeemed.source, next: data.stage }, actor: userActor(fresh) }, m);
      return { token, next: data.stage };
    });
    if (!done) throw invalidSignIn();
    await this.lockout.recordSuccess(identity.id, ip);
    return { ...done, identity: { email: identity.email, displayName: identity.displayName } };
  }
}
