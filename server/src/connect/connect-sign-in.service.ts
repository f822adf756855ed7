import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, hashOneTimeCode, hmacSha256Hex, safeEqualHex, verifyPassword } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity } from '../identities/identity.entity.js';
import { verifyTotp } from '../identities/totp.js';
import { AuthChallenge } from '../staff-auth/session.entity.js';
import { SessionService } from '../staff-auth/session.service.js';
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD, StaffAuthService } from '../staff-auth/staff-auth.service.js';
import { RecoveryService } from '../recovery/recovery.service.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { ONE_TIME_CODE_COOLDOWN_MINUTES, ONE_TIME_CODE_MAX_FAILURES, type ConnectFactor, type ConnectSignInResponse, type ConnectStage, type EnrolmentReason } from '../../../shared/connect.js';
import type { ConnectSessionData } from './connect-request.guard.js';
import { ConnectSessionsService, maskPhone, userActor } from './connect-sessions.service.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import type { Locale } from '../../../shared/locales.js';

const IP_FAILURE_LIMIT = 50;
const IP_WINDOW_SECONDS = 15 * 60;
/** Wrong authenticator or SMS codes on one challenge before it is spent. */
const CHALLENGE_TRIES = 5;
/** A password-accepted challenge lives 5 minutes; after a one-time code, 10 more minutes to choose. */
const LOSS_CHOICE_SECONDS = 10 * 60;
const SMS_CODE_SECONDS = 5 * 60;

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
    private readonly outbox: OutboxService,
    private readonly recovery: RecoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- shared checks ---

  private async ipGate(ip: string | null): Promise<void> {
    const r = await this.limits.peek(`connect-ip:${ip ?? 'unknown'}`);
    if (r.count >= IP_FAILURE_LIMIT) throw DomainError.tooMany('Too many failed sign-in attempts from this address. Try again later.', r.retryAfterSeconds);
  }

  private isLocked(identity: Identity): boolean {
    return !!identity.lockedUntil && identity.lockedUntil.getTime() > this.clock.nowMs();
  }

  /** Counts a failed password or code against the address and (when known) the identity, which locks at the threshold shared with staff sign-in. */
  private async recordFailure(identity: Identity | null, ip: string | null, email: string, stage: string): Promise<void> {
    await this.limits.hit(`connect-ip:${ip ?? 'unknown'}`, IP_FAILURE_LIMIT, IP_WINDOW_SECONDS);
    await this.db.tx(async (m) => {
      if (!identity) {
        await this.audit.record({ action: 'connect.sign-in.failed', targetType: 'identity', targetId: null, after: { stage, emailGiven: email.slice(0, 320) }, actor: anonymous }, m);
        return;
      }
      await m.createQueryBuilder().update(Identity).set({ failedSignIns: () => '"failedSignIns" + 1' }).where('id = :id', { id: identity.id }).execute();
      const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
      await this.audit.record({ action: 'connect.sign-in.failed', targetType: 'identity', targetId: identity.id, after: { stage, consecutiveFailures: fresh.failedSignIns }, actor: anonymous }, m);
      if (fresh.failedSignIns >= LOCKOUT_THRESHOLD && !this.isLocked(fresh)) {
        const until = new Date(this.clock.nowMs() + LOCKOUT_MINUTES * 60_000);
        await m.getRepository(Identity).update({ id: identity.id }, { lockedUntil: until, failedSignIns: 0 });
        await this.audit.record({ action: 'connect.account.locked', targetType: 'identity', targetId: identity.id, after: { lockedUntil: until.toISOString() }, actor: { id: null, email: null, role: 'system' } }, m);
      }
    });
  }

  /** The second factors a sign-in can continue with. `one-time-code` is offered whenever the identity has 2FA. */
  factorsOf(identity: Identity): ConnectFactor[] {
    const hasTotp = !!identity.totpSecretEnc;
    const hasSms = !!identity.smsNumber && identity.smsVerified;
    const has2fa = hasTotp || hasSms || !!identity.emergencyCodeHash || (identity.passkeys?.length ?? 0) > 0 || identity.vismaAuthenticatorPush;
    const f: ConnectFactor[] = [];
    if (hasTotp) f.push('totp');
    if (hasSms) f.push('sms');
    if (has2fa) f.push('one-time-code');
    return f;
  }

  private async challengeFor(token: string, stage: string): Promise<{ challenge: AuthChallenge; identity: Identity }> {
    const challenge = await this.sessions.findChallenge(token, 'connect');
    if (!challenge || challenge.stage !== stage) throw invalid();
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: challenge.identityId });
    if (!identity || identity.status !== 'active' || this.isLocked(identity)) throw invalid();
    return { challenge, identity };
  }

  private async challengeFailure(challenge: AuthChallenge): Promise<void> {
    await this.db.tx(async (m) => {
      await m.createQueryBuilder().update(AuthChallenge).set({ failures: () => 'failures + 1' }).where('id = :id', { id: challenge.id }).execute();
      const c = await m.getRepository(AuthChallenge).findOneByOrFail({ id: challenge.id });
      if (c.failures >= CHALLENGE_TRIES) await this.sessions.updateChallenge(m, c.id, { expiresAt: this.clock.now() });
    });
  }

  // --- password ---

  /**
   * Step 1: e-mail and password. Unknown addresses run the same KDF and get the same 401 as wrong passwords.
   * An identity without any second factor continues straight to enrolment (seed 001: "you will be instructed to
   * enable it during your first login"); `session` is then set.
   */
  async signIn(email: string, password: string, ip: string | null, locale: Locale | null = null): Promise<ConnectSignInResponse & { session?: string }> {
    await this.ipGate(ip);
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ emailNormalized: email.trim().toLowerCase() });
    const passwordOk = await verifyPassword(password, identity?.passwordHash ?? null);
    if (!identity || !passwordOk || identity.status !== 'active' || this.isLocked(identity)) {
      await this.recordFailure(identity && identity.status === 'active' ? identity : null, ip, email, 'password');
      throw invalid();
    }
    // First contact: the browser's language becomes the person's (e-mails and SMS from now on).
    await this.db.tx((m) => this.connect.setLocale(m, identity, locale, { onlyIfUnset: true }));
    const factors = this.factorsOf(identity);
    if (factors.length === 0) {
      const session = await this.db.tx(async (m) => {
        await m.getRepository(Identity).update({ id: identity.id }, { failedSignIns: 0 });
        await this.audit.record({ action: 'connect.password-accepted', targetType: 'identity', targetId: identity.id, after: { next: 'enrol-totp' }, actor: userActor(identity) }, m);
        return this.connect.start(m, identity, ip, { stage: 'enrol-totp', reason: 'first-sign-in' });
      });
      return { challenge: null, factors, next: 'enrol-totp', session };
    }
    const challenge = await this.db.tx((m) => this.sessions.createChallenge(m, 'connect', identity.id, 'password-ok'));
    return { challenge, factors, next: 'second-factor' };
  }

  /** Creates the session once a second factor was accepted (the challenge is consumed exactly once). */
  private async complete(challenge: AuthChallenge, identity: Identity, method: string, ip: string | null): Promise<SignInDone> {
    const done = await this.db.tx(async (m) => {
      if (!(await this.sessions.consumeChallenge(m, challenge.id, 'password-ok'))) return null;
      await m.getRepository(Identity).update({ id: identity.id }, { failedSignIns: 0 });
      const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
      // An emergency code belongs to every 2FA setup: without one (never made, or used up), one is made now.
      const data: ConnectSessionData = fresh.emergencyCodeHash ? { stage: 'signed-in', reason: null } : { stage: 'emergency-code', reason: null };
      const token = await this.connect.start(m, identity, ip, data);
      await this.audit.record({ action: 'connect.signed-in', targetType: 'identity', targetId: identity.id, after: { method, next: data.stage }, actor: userActor(identity) }, m);
      return { token, next: data.stage };
    });
    if (!done) throw invalid();
    return { ...done, identity: { email: identity.email, displayName: identity.displayName } };
  }

  // --- authenticator app ---

  async signInTotp(challengeToken: string, code: string, ip: string | null): Promise<SignInDone> {
    await this.ipGate(ip);
    const { challenge, identity } = await this.challengeFor(challengeToken, 'password-ok');
    if (!identity.totpSecretEnc) throw invalid();
    const step = await verifyTotp(this.box.open(identity.totpSecretEnc), code, this.clock.nowMs(), identity.totpLastStep);
    const accepted = step !== null && (await this.staffAuth.claimTotpStep(identity.id, step));
    if (!accepted) {
      await this.challengeFailure(challenge);
      await this.recordFailure(identity, ip, identity.email, 'totp');
      throw invalid();
    }
    return this.complete(challenge, identity, 'totp', ip);
  }

  // --- SMS ---

  private smsHash(challengeId: string, code: string): string {
    return hmacSha256Hex(this.config.encryptionKey, `connect-sms:${challengeId}:${code}`);
  }

  /** Sends a 6-digit code to the verified phone number through the outbox's SMS channel. */
  async sendSms(challengeToken: string): Promise<{ sentTo: string }> {
    const { challenge, identity } = await this.challengeFor(challengeToken, 'password-ok');
    if (!identity.smsNumber || !identity.smsVerified) throw invalid();
    await this.limits.consume(`connect-sms:${identity.id}`, 5, 15 * 60, 'Too many SMS codes were requested. Wait a few minutes and try again.');
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
    await this.ipGate(ip);
    const { challenge, identity } = await this.challengeFor(challengeToken, 'password-ok');
    const sms = challenge.data?.sms as { codeHash: string; expiresAt: string } | undefined;
    const ok = !!sms && /^\d{6}$/.test(code) && new Date(sms.expiresAt).getTime() > this.clock.nowMs() && safeEqualHex(this.smsHash(challenge.id, code), sms.codeHash);
    if (!ok) {
      await this.challengeFailure(challenge);
      await this.recordFailure(identity, ip, identity.email, 'sms');
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
    await this.ipGate(ip);
    const { challenge, identity } = await this.challengeFor(challengeToken, 'password-ok');
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
    if ('locked' in outcome) {
      throw DomainError.tooMany(`Too many wrong one-time codes. One-time codes are refused for ${ONE_TIME_CODE_COOLDOWN_MINUTES} minutes; try again later.`, outcome.locked ?? 1);
    }
    if ('failed' in outcome) {
      await this.limits.hit(`connect-ip:${ip ?? 'unknown'}`, IP_FAILURE_LIMIT, IP_WINDOW_SECONDS);
      if (outcome.failed === 'locked') {
        throw DomainError.tooMany(`Too many wrong one-time codes. One-time codes are refused for ${ONE_TIME_CODE_COOLDOWN_MINUTES} minutes; try again later.`, ONE_TIME_CODE_COOLDOWN_MINUTES * 60);
      }
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
    if (fresh.failedOneTimeCodes < ONE_TIME_CODE_MAX_FAILURES) return 'counted';
    const until = new Date(this.clock.nowMs() + ONE_TIME_CODE_COOLDOWN_MINUTES * 60_000);
    await m.getRepository(Identity).update({ id: identity.id }, { oneTimeCodeLockedUntil: until, failedOneTimeCodes: 0 });
    await this.audit.record({ action: 'one-time-code.locked', targetType: 'identity', targetId: identity.id, after: { lockedUntil: until.toISOString(), failures: ONE_TIME_CODE_MAX_FAILURES }, actor: { id: null, email: null, role: 'system' } }, m);
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
        const before = { totp: !!fresh.totpSecretEnc, emergencyCode: !!fresh.emergencyCodeHash, sms: !!fresh.smsNumber, passkeys: fresh.passkeys?.length ?? 0, push: fresh.vismaAuthenticatorPush };
        await m.getRepository(Identity).update(
          { id: fresh.id },
          { totpSecretEnc: null, totpEnrolledAt: null, totpLastStep: null, emergencyCodeHash: null, emergencyCodeCreatedAt: null, smsNumber: null, smsVerified: false, passkeys: [], vismaAuthenticatorPush: false, updatedAt: this.clock.now() },
        );
        const revoked = await this.connect.revokeOthers(m, fresh.id, null);
        await this.audit.record(
          { action: 'second-factors.reset', targetType: 'identity', targetId: fresh.id, ...link, before, after: { totp: false, emergencyCode: false, sms: false, passkeys: 0, push: false, reason: 'permanently lost access', via: redeemed.source, sessionsEnded: revoked }, actor: userActor(fresh) },
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
      const token = await this.connect.start(m, fresh, ip, data);
      await this.audit.record({ action: 'connect.signed-in', targetType: 'identity', targetId: fresh.id, ...link, after: { method: 'one-time-code', via: redeemed.source, next: data.stage }, actor: userActor(fresh) }, m);
      return { token, next: data.stage };
    });
    if (!done) throw invalid();
    return { ...done, identity: { email: identity.email, displayName: identity.displayName } };
  }
}
