import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { verifyPassword } from '../common/password-hash.js';
import { upgradePasswordHash } from '../identities/password-rehash.js';
import { KdfGate } from '../common/kdf-gate.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Identity } from '../identities/identity.entity.js';
import { AuthChallenge } from '../staff-auth/session.entity.js';
import { SessionService } from '../staff-auth/session.service.js';
import { SignInLockoutService } from '../staff-auth/sign-in-lockout.service.js';
import { hasAnySecondFactor, inventoryOf, signInMethods } from '../identities/second-factors.js';
import type { ConnectFactor, ConnectSignInResponse, ConnectStage } from '../../../shared/connect.js';
import type { ConnectSessionData } from './connect-request.guard.js';
import { ConnectSessionsService, userActor } from './connect-sessions.service.js';
import { invalidSignIn } from './sign-in-codes.js';
import { RememberDeviceService } from './remember-device.service.js';
import type { Locale } from '../../../shared/locales.js';

/** The sign-in methods this page flow can continue with (the order comes from signInMethods). */
const CONNECT_FACTORS = ['push', 'passkey', 'totp', 'sms'] as const;

const invalid = invalidSignIn;

export interface SignInDone {
  token: string;
  next: ConnectStage;
  identity: { email: string; displayName: string };
}

/**
 * Visma Connect sign-in (seeds 001, 003): the password step, the checks every second step shares (challenge,
 * lockout) and `complete()`, which turns an accepted second factor into a session. The second steps live by job:
 * codes (CodeSignInService), passkeys (PasskeySignInService), push (PushService) and the lost-phone path
 * (LostAccessService).
 */
@Injectable()
export class ConnectSignInService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly connect: ConnectSessionsService,
    private readonly audit: AuditService,
    private readonly lockout: SignInLockoutService,
    private readonly remember: RememberDeviceService,
    private readonly kdf: KdfGate,
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
    // A busy KDF gate throws KdfBusyError (503 SERVER_BUSY) here, before any failure is counted.
    const passwordOk = await verifyPassword(this.kdf, password, identity?.passwordHash ?? null);
    if (!identity || !passwordOk || identity.status !== 'active' || (await this.lockout.isLocked(identity, ip))) {
      await this.lockout.recordFailure('connect', identity && identity.status === 'active' ? identity : null, ip, email, 'password');
      throw invalid();
    }
    await upgradePasswordHash(this.db, this.kdf, identity, password);
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
}
