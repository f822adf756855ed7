import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, hashOneTimeCode, safeEqualHex, sealContext, verifyPassword } from '../common/crypto.js';
import { upgradePasswordHash } from '../identities/password-rehash.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity } from '../identities/identity.entity.js';
import { verifyTotp } from '../identities/totp.js';
import { AuthChallenge } from '../staff-auth/session.entity.js';
import { SessionService } from '../staff-auth/session.service.js';
import { StaffAuthService } from '../staff-auth/staff-auth.service.js';
import { SignInLockoutService } from '../staff-auth/sign-in-lockout.service.js';
import { RecoveryService } from '../recovery/recovery.service.js';
import { NO_SECOND_FACTORS, clearAllSecondFactors, hasAnySecondFactor, inventoryOf, signInMethods } from '../identities/second-factors.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { type ConnectFactor, type ConnectSignInResponse, type ConnectStage, type EnrolmentReason } from '../../../shared/connect.js';
import type { ConnectSessionData } from './connect-request.guard.js';
import { ConnectSessionsService, maskPhone, userActor } from './connect-sessions.service.js';
import { AuthenticatorDevice } from './authenticator.entity.js';
import { RememberDeviceService } from './remember-device.service.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import type { Locale } from '../../../shared/locales.js';

/** A password-accepted challenge lives 5 minutes; after a one-time code, 10 more minutes to choose. */
const LOSS_CHOICE_SECONDS = 10 * 60;
const SMS_CODE_SECONDS = 5 * 60;

/** The sign-in methods this page flow can continue with (the order comes from signInMethods). */
const CONNECT_FACTORS = ['push', 'passkey', 'totp', 'sms'] as const;

const anonymous = { id: null, email: null, role: 'anonymous' };

/** One body for every sign-in refusal: it never tells whether the e-mail has an account. */
const invalid = () => new DomainError(401, ErrorCode.INVALID_CREDENTIALS, 'The e-mail, password or code is not correct.');

export interface SignInDone {
  token: string;
  next: ConnectStage;
  identity: { email: string; displayName: string };
}

/** What a one-time code was: a customer-service code (with its ticket) or the identity's own emergency code. */
interface RedeemedCode {
  source: 'recovery-code' | 'emergency-code';
  recoveryCodeId: string | null;
  ticketId: string | null;
  organizationId: string | null;
}

/** Six random digits (rejection sampling: no modulo bias). */
export function sixDigits(random: RandomSource): string {
  for (;;) {
    const n = random.bytes(4).readUInt32BE(0);
    if (n < 4_294_000_000) return String(n % 1_000_000).padStart(6, '0');
  }
}

/**
 * Visma Connect sign-in (seeds 001, 003): password, then the authenticator code, an SMS code, or a one-time code
 * (from customer service or the emergency code) followed by the "temporarily / permanently lost" choice.
 */
@Injectable()
export class ConnectSignInService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly sessions: SessionService,
    private readonly connect: ConnectSessionsService,
    private readonly staffAuth: StaffAuthService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly lockout: SignInLockoutService,
    private readonly outbox: OutboxService,
    private readonly recovery: RecoveryService,
    private readonly remember: RememberDeviceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- shared checks ---

  /** Refuses a caller whose address has too many recent failures (the one lockout service). */
  async ipGate(ip: string | null): Promise<void> {
    await this.lockout.gate('connect', ip);
  }

  /** Counts a failed password or code (the one lockout service: per address, per account and address, per account). */
  async recordFailure(identity: Identity | null, ip: string | null, email: string, stage: string): Promise<void> {
    await this.lockout.recordFailure('connect', identity, ip, email, stage);
  }

  /** The second factors a sign-in can continue with (the person's default first). `one-time-code` is offered whenever the identity has 2FA. */
  async factorsOf(identity: Identity): Promise<ConnectFactor[]> {
    const inv = await inventoryOf(this.db.manager, identity);
    const f = signInMethods(inv, identity.defaultSecondFactor).filter((x) => (CONNECT_FACTORS as readonly string[]).includes(x)) as ConnectFactor[];
    if (hasAnySecondFactor(inv)) f.push('one-time-code');
    return f;
  }

  /** The live challenge at `stage` and its identity (also used by the passkey and push services); anything else is the generic 401. */
  async challengeFor(token: string, stage: string, ip: string | null = null): Promise<{ challenge: AuthChallenge; identity: Identity }> {
    const challenge = await this.sessions.findChallenge(token, 'connect');
    if (!challenge || challenge.stage !== stage) throw invalid();
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: challenge.identityId });
    if (!identity || identity.status !== 'active' || (await this.lockout.isLocked(identity, ip))) throw invalid();
    return { challenge, identity };
  }

  /** A wrong second factor on a challenge: spent after too many (`challenge-codes`). */
  async challengeFailure(challenge: AuthChallenge): Promise<void> {
    await this.sessions.countChallengeFailure(challenge.id);
  }

  /** A push answered with the wrong number, or reported (PushService): a failed attempt, like a wrong code. */
  async pushFailure(challengeId: string, identity: Identity, ip: string | null, stage: string): Promise<void> {
    await this.challengeFailure({ id: challengeId } as AuthChallenge);
    await this.recordFailure(identity, ip, identity.email, stage);
  }

  // --- password ---

  /**
   * Step 1: e-mail and password. Unknown addresses run the same KDF and get the same 401 as wrong passwords.
   * An identity without any second factor continues straight to enrolment (seed 001: "you will be instructed to
   * enable it during your first login"); `session` is then set.
   */
  async signIn(email: string, password: string, ip: string | null, rememberCookie?: string, locale: Locale | null = null): Promise<ConnectSignInResponse & { session?: string }> {
    await this.lockout.gate('connect', ip);
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ emailNormalized: email.trim().toLowerCase() });
    const passwordOk = await verifyPassword(password, identity?.passwordHash ?? null);
    if (!identity || !passwordOk || identity.status !== 'active' || (await this.lockout.isLocked(identity, ip))) {
      await this.lockout.recordFailure('connect', identity && identity.status === 'active' ? identity : null, ip, email, 'password');
      throw invalid();
    }
    await upgradePasswordHash(this.db, identity, password);
    // First contact: the browser's language becomes the person's (e-mails and SMS from now on).
    await this.db.tx((m) => this.connect.setLocale(m, identity, locale, { onlyIfUnset: true }));
    const factors = await this.factorsOf(identity);
    if (factors.length === 0) {
      const session = await this.db.tx(async (m) => {
        await this.lockout.resetFailures(m, identity.id);
        await this.audit.record({ action: 'connect.password-accepted', targetType: 'identity', targetId: identity.id, after: { next: 'enrol-totp' }, actor: userActor(identity) }, m);
        return this.connect.start(m, identity, ip, { stage: 'enrol-totp', reason: 'first-sign-in' });
      });
      await this.lockout.recordSuccess(identity.id, ip);
      return { challenge: null, factors, next: 'enrol-totp', session };
    }
    // Adaptive policy (seed 003): a remembered device, a recent second factor and no failed attempts skip the second factor.
    if (await this.remember.skipsSecondFactor(identity, rememberCookie)) {
      const { token, next } = await this.remember.signInRemembered(identity, ip);
      return { challenge: null, factors, next, session: token };
    }
    const challenge = await this.db.tx((m) => this.sessions.createChallenge(m, 'connect', identity.id, 'password-ok'));
    return { challenge, factors, next: 'second-factor' };
  }

  /**
   * Creates the session once a second factor was accepted (the challenge is consumed exactly once). The second
   * factor just proven counts as a fresh step-up for the security settings.
   */
  async complete(challenge: AuthChallenge, identity: Identity, method: string, ip: string | null, stage = 'password-ok'): Promise<SignInDone> {
    const done = await this.db.tx(async (m) => {
      if (!(await this.sessions.consumeChallenge(m, challenge.id, stage))) return null;
      await this.lockout.resetFailures(m, identity.id);
      const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
      // An emergency code belongs to every 2FA setup: without one (never made, or used up), one is made now.
      const data: ConnectSessionData = fresh.emergencyCodeHash ? { stage: 'signed-in', reason: null } : { stage: 'emergency-code', reason: null };
      // The one step-up marker: the new session is stepped up (the security settings accept changes for 5 minutes).
      const token = await this.connect.start(m, identity, ip, data, { steppedUp: true });
      // The Adaptive policy reads when the identity last proved a second factor.
      await m.getRepository(Identity).update({ id: identity.id }, { lastSecondFactorAt: this.clock.now() });
      await this.audit.record({ action: 'connect.signed-in', targetType: 'identity', targetId: identity.id, after: { method, next: data.stage }, actor: userActor(identity) }, m);
      return { token, next: data.stage };
    });
    if (!done) throw invalid();
    await this.lockout.recordSuccess(identity.id, ip);
    return { ...done, identity: { email: identity.email, displayName: identity.displayName } };
  }

  // --- authenticator app ---

  async signInTotp(challengeToken: string, code: string, ip: string | null): Promise<SignInDone> {
    await this.lockout.gate('connect', ip);
    const { challenge, identity } = await this.challengeFor(challengeToken, 'password-ok', ip);
    if (!identity.totpSecretEnc) throw invalid();
    const step = await verifyTotp(this.box.open(identity.totpSecretEnc, sealContext('identities', 'totpSecretEnc', identity.id)), code, this.clock.nowMs(), identity.totpLastStep);
    const accepted = step !== null && (await this.staffAuth.claimTotpStep(identity.id, step));
    if (!accepted) {
      await this.sessions.countChallengeFailure(challenge.id);
      await this.lockout.recordFailure('connect', identity, ip, identity.email, 'totp');
      throw invalid();
    }
    return this.complete(challenge, identity, 'totp', ip);
  }

  // --- SMS ---

  private smsHash(challengeId: string, code: string): string {
    return this.box.mac('connect-sms-code', `connect-sms:${challengeId}:${code}`);
  }

  /** Sends a 6-digit code to the verified phone number through the outbox's SMS channel. */
  async sendSms(challengeToken: string, ip: string | null): Promise<{ sentTo: string }> {
    const { challenge, identity } = await this.challengeFor(challengeToken, 'password-ok', ip);
    if (!identity.smsNumber || !identity.smsVerified) throw invalid();
    await this.limits.consumeNamed('sms-code', identity.id, 'Too many SMS codes were requested. Wait a few minutes and try again.');
    const code = sixDigits(this.random);
    await this.db.tx(async (m) => {
      const sms = { codeHash: this.smsHash(challenge.id, code), expiresAt: new Date(this.clock.nowMs() + SMS_CODE_SECONDS * 1000).toISOString() };
      await this.sessions.updateChallenge(m, challenge.id, { data: { ...(challenge.data ?? {}), sms } });
      await this.outbox.enqueue(m, {
        channel: 'sms',
        kind: 'connect.sign-in-code',
        recipient: identity.smsNumber!,
        subject: t(localeOf(identity), 'sms.signInCodeSubject'),
        body: t(localeOf(identity), 'sms.signInCode', { code }),
        identityId: identity.id,
      });
      await this.audit.record({ action: 'connect.sms-code.sent', targetType: 'identity', targetId: identity.id, after: { purpose: 'sign-in' }, actor: userActor(identity) }, m);
    });
    return { sentTo: maskPhone(identity.smsNumber)! };
  }

  async signInSms(challengeToken: string, code: string, ip: string | null): Promise<SignInDone> {
    await this.lockout.gate('connect', ip);
    const { challenge, identity } = await this.challengeFor(challengeToken, 'password-ok', ip);
    const sms = challenge.data?.sms as { codeHash: string; expiresAt: string } | undefined;
    const ok = !!sms && /^\d{6}$/.test(code) && new Date(sms.expiresAt).getTime() > this.clock.nowMs() && safeEqualHex(this.smsHash(challenge.id, code), sms.codeHash);
    if (!ok) {
      await this.sessions.countChallengeFailure(challenge.id);
      await this.lockout.recordFailure('connect', identity, ip, identity.email, 'sms');
      throw invalid();
    }
    return this.complete(challenge, identity, 'sms', ip);
  }

  // --- one-time code (customer service or emergency code) ---

  /**
   * Step 2 of the lost-phone path: after the right password, a one-time code. A customer-service code redeems
   * through RecoveryService (one conditional UPDATE); the emergency code is cleared with a conditional UPDATE on
   * its hash. Either way it works exactly once, and the challenge moves on only in the same transaction. Ten wrong
   * codes for an identity close one-time-code entry for a cooling period.
   */
  async oneTimeCode(challengeToken: string, code: string, ip: string | null): Promise<{ next: 'choose-loss-type' }> {
    await this.lockout.gate('connect', ip);
    const { challenge, identity } = await this.challengeFor(challengeToken, 'password-ok', ip);
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
        .set({ stage: 'one-time-code-ok', data: { ...redeemed } as Record<string, any>, expiresAt: new Date(this.clock.nowMs() + LOSS_CHOICE_SECONDS * 1000) })
        .where('id = :id AND stage = :stage AND "usedAt" IS NULL', { id: challenge.id, stage: 'password-ok' })
        .execute();
      // Another request moved this challenge first: undo this redemption (the code stays usable).
      if ((moved.affected ?? 0) !== 1) throw invalid();
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
      throw invalid();
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
    if (!challenge || challenge.stage !== 'one-time-code-ok') throw invalid();
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: challenge.identityId });
    if (!identity || identity.status !== 'active') throw invalid();
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
    if (!done) throw invalid();
    await this.lockout.recordSuccess(identity.id, ip);
    return { ...done, identity: { email: identity.email, displayName: identity.displayName } };
  }
}
