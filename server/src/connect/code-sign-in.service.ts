import { Injectable } from '@nestjs/common';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, safeEqualHex, sealContext } from '../common/crypto.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { verifyTotp } from '../identities/totp.js';
import { SessionService } from '../staff-auth/session.service.js';
import { StaffAuthService } from '../staff-auth/staff-auth.service.js';
import { ConnectSignInService, type SignInDone } from './connect-sign-in.service.js';
import { maskPhone } from './phone-mask.js';
import { invalidSignIn, sendSmsCode, sixDigits } from './sign-in-codes.js';

const SMS_CODE_SECONDS = 5 * 60;

/**
 * The second step of a Connect sign-in with a code: the authenticator app's code, or a 6-digit code sent by SMS to
 * the verified number. Wrong codes count on the challenge and towards the lockout (ConnectSignInService).
 */
@Injectable()
export class CodeSignInService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly sessions: SessionService,
    private readonly staffAuth: StaffAuthService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly outbox: OutboxService,
    private readonly signIn: ConnectSignInService,
  ) {}

  // --- authenticator app ---

  async signInTotp(challengeToken: string, code: string, ip: string | null): Promise<SignInDone> {
    await this.signIn.ipGate(ip);
    const { challenge, identity } = await this.signIn.challengeFor(challengeToken, 'password-ok', ip);
    if (!identity.totpSecretEnc) throw invalidSignIn();
    const step = await verifyTotp(this.box.open(identity.totpSecretEnc, sealContext('identities', 'totpSecretEnc', identity.id)), code, this.clock.nowMs(), identity.totpLastStep);
    const accepted = step !== null && (await this.staffAuth.claimTotpStep(identity.id, step));
    if (!accepted) {
      await this.signIn.challengeFailure(challenge);
      await this.signIn.recordFailure(identity, ip, identity.email, 'totp');
      throw invalidSignIn();
    }
    return this.signIn.complete(challenge, identity, 'totp', ip);
  }

  // --- SMS ---

  private smsHash(challengeId: string, code: string): string {
    return this.box.mac('connect-sms-code', `connect-sms:${challengeId}:${code}`);
  }

  /** Sends a 6-digit code to the verified phone number through the outbox's SMS channel. */
  async sendSms(challengeToken: string, ip: string | null): Promise<{ sentTo: string }> {
    const { challenge, identity } = await this.signIn.challengeFor(challengeToken, 'password-ok', ip);
    if (!identity.smsNumber || !identity.smsVerified) throw invalidSignIn();
    await this.limits.consumeNamed('sms-code', identity.id, 'Too many SMS codes were requested. Wait a few minutes and try again.');
    const code = sixDigits(this.random);
    await this.db.tx(async (m) => {
      const sms = { codeHash: this.smsHash(challenge.id, code), expiresAt: new Date(this.clock.nowMs() + SMS_CODE_SECONDS * 1000).toISOString() };
      await this.sessions.updateChallenge(m, challenge.id, { data: { ...(challenge.data ?? {}), sms } });
      await sendSmsCode({ outbox: this.outbox, audit: this.audit }, m, identity, code, 'sign-in');
    });
    return { sentTo: maskPhone(identity.smsNumber)! };
  }

  async signInSms(challengeToken: string, code: string, ip: string | null): Promise<SignInDone> {
    await this.signIn.ipGate(ip);
    const { challenge, identity } = await this.signIn.challengeFor(challengeToken, 'password-ok', ip);
    const sms = (challenge.data as { sms?: { codeHash: string; expiresAt: string } } | null)?.sms;
    const ok = !!sms && /^\d{6}$/.test(code) && new Date(sms.expiresAt).getTime() > this.clock.nowMs() && safeEqualHex(this.smsHash(challenge.id, code), sms.codeHash);
    if (!ok) {
      await this.signIn.challengeFailure(challenge);
      await this.signIn.recordFailure(identity, ip, identity.email, 'sms');
      throw invalidSignIn();
    }
    return this.signIn.complete(challenge, identity, 'sms', ip);
  }
}
