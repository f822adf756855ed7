import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, hmacSha256Hex, safeEqualHex, sealContext } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Session } from '../staff-auth/session.entity.js';
import { StaffAuthService } from '../staff-auth/staff-auth.service.js';
import { verifyTotp } from '../identities/totp.js';
import { inventoryOf } from '../identities/second-factors.js';
import type { StepUpMethod } from '../../../shared/security-settings.js';
import type { PushStarted, PushStatus } from '../../../shared/two-factor.js';
import { sha256 } from '../common/crypto.js';
import { SessionService } from '../staff-auth/session.service.js';
import { PushService } from './push.service.js';
import type { ConnectContext } from './connect-request.guard.js';
import { ConnectSessionsService, userActor } from './connect-sessions.service.js';
import { maskPhone } from './phone-mask.js';
import { ConnectSignInService } from './connect-sign-in.service.js';
import { sendSmsCode, sixDigits } from './sign-in-codes.js';
import { CONNECT_STEP_UP_MINUTES } from './connect-step-up.js';
import { PasskeyAuthService } from './passkey-auth.service.js';

const SMS_SECONDS = 5 * 60;
const SMS_TRIES = 5;

const wrong = (field: 'code' | 'response', problem: string) => new DomainError(400, ErrorCode.VALIDATION_FAILED, 'That did not confirm it is you.', { [field]: problem });

/**
 * Step-up for the person's own security settings: a second factor they already have (passkey, authenticator
 * code or SMS code), proven again; the session may then change settings for CONNECT_STEP_UP_MINUTES. Wrong
 * answers count towards the identity's lockout like wrong sign-in codes.
 */
@Injectable()
export class ConnectStepUpService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly connect: ConnectSessionsService,
    private readonly signIn: ConnectSignInService,
    private readonly staffAuth: StaffAuthService,
    private readonly passkeys: PasskeyAuthService,
    private readonly sessions: SessionService,
    private readonly push: PushService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly limits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async methods(ctx: ConnectContext): Promise<StepUpMethod[]> {
    const inv = await inventoryOf(this.db.manager, ctx.identity);
    const out: StepUpMethod[] = [];
    if (inv.push) out.push('push');
    if (inv.passkeys > 0) out.push('passkey');
    if (inv.totp) out.push('totp');
    if (inv.sms) out.push('sms');
    return out;
  }

  /** SMS: sends a code to the verified number. Passkey: WebAuthn options for this person's keys. */
  async start(ctx: ConnectContext, method: 'sms' | 'passkey'): Promise<{ sentTo?: string; options?: PublicKeyCredentialRequestOptionsJSON }> {
    if (method === 'passkey') {
      const { options, pending } = await this.passkeys.options(ctx.identity.id, 'preferred');
      await this.connect.advance(ctx.session.id, ['signed-in'], (_m, data) => ({ data: { ...data, stepUp: { ...(data.stepUp ?? {}), passkey: pending } }, result: undefined }));
      return { options };
    }
    const identity = ctx.identity;
    if (!identity.smsNumber || !identity.smsVerified) throw DomainError.conflict(ErrorCode.CONFLICT, 'No verified phone number is registered.');
    await this.limits.consumeNamed('sms-code', identity.id, 'Too many SMS codes were requested. Wait a few minutes and try again.');
    const code = sixDigits(this.random);
    await this.connect.advance(ctx.session.id, ['signed-in'], async (m, data) => {
      await sendSmsCode({ outbox: this.outbox, audit: this.audit }, m, identity, code, 'step-up');
      const sms = { codeHash: this.smsHash(ctx.session.id, code), expiresAt: new Date(this.clock.nowMs() + SMS_SECONDS * 1000).toISOString(), tries: 0 };
      return { data: { ...data, stepUp: { ...(data.stepUp ?? {}), sms } }, result: undefined };
    });
    return { sentTo: maskPhone(identity.smsNumber)! };
  }

  private smsHash(sessionId: string, code: string): string {
    return hmacSha256Hex(this.config.encryptionKey, `connect-step-up-sms:${sessionId}:${code}`);
  }

  /** Push: a step-up challenge bound to this session, and a push to the person's devices (number matching, fatigue). */
  async startPush(ctx: ConnectContext, ip: string | null, userAgent: string | undefined): Promise<PushStarted> {
    const token = await this.db.tx((m) => this.sessions.createChallenge(m, 'connect', ctx.identity.id, 'step-up'));
    const challenge = (await this.sessions.findChallenge(token, 'connect'))!;
    const started = await this.push.startFor(challenge, ctx.identity, ip, userAgent);
    await this.connect.advance(ctx.session.id, ['signed-in'], (_m, data) => ({ data: { ...data, stepUp: { ...(data.stepUp ?? {}), push: { challengeId: sha256(token), pushId: started.pushId } } }, result: undefined }));
    return started;
  }

  /** Long poll on the step-up push of this session; an approval (with the right number) steps the session up, once. */
  async pushResult(ctx: ConnectContext, pushId: string, waitSeconds: number): Promise<{ status: PushStatus; reason: string | null; steppedUpUntil?: string }> {
    const pending = ctx.data.stepUp?.push;
    if (!pending || pending.pushId !== pushId) throw DomainError.notFound('Push');
    const deadline = Date.now() + Math.min(Math.max(waitSeconds, 0), 25) * 1000;
    for (;;) {
      const r = await this.push.statusOf(pending.challengeId, pushId);
      if (r.status === 'approved') {
        const done = await this.db.tx(async (m) => {
          if (!(await this.sessions.consumeChallenge(m, pending.challengeId, 'step-up'))) return false;
          await this.markSteppedUp(m, ctx, 'push');
          return true;
        });
        if (!done) throw DomainError.notFound('Push');
        await this.connect.advance(ctx.session.id, ['signed-in'], (_m, data) => ({ data: { ...data, stepUp: { ...(data.stepUp ?? {}), push: null } }, result: undefined }));
        return { ...r, steppedUpUntil: new Date(this.clock.nowMs() + CONNECT_STEP_UP_MINUTES * 60_000).toISOString() };
      }
      if (r.status !== 'pending' || Date.now() >= deadline) return r;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async markSteppedUp(m: EntityManager, ctx: ConnectContext, method: StepUpMethod): Promise<void> {
    await m.getRepository(Session).update({ id: ctx.session.id }, { steppedUpAt: this.clock.now() });
    await this.audit.record({ action: 'connect.stepped-up', targetType: 'identity', targetId: ctx.identity.id, after: { method }, actor: userActor(ctx.identity) }, m);
  }

  async verify(ctx: ConnectContext, method: Exclude<StepUpMethod, 'push'>, input: { code?: string; response?: AuthenticationResponseJSON }, ip: string | null): Promise<{ steppedUpUntil: string }> {
    await this.limits.consumeNamed('connect-step-up', ctx.identity.id, 'Too many attempts. Wait a few minutes and try again.');
    const identity = ctx.identity;
    let ok = false;
    let counterReplay = false;
    if (method === 'totp') {
      if (!identity.totpSecretEnc) throw DomainError.conflict(ErrorCode.CONFLICT, 'No authenticator app is registered.');
      const step = await verifyTotp(this.box.open(identity.totpSecretEnc, sealContext('identities', 'totpSecretEnc', identity.id)), String(input.code ?? ''), this.clock.nowMs(), identity.totpLastStep);
      ok = step !== null && (await this.staffAuth.claimTotpStep(identity.id, step));
    } else if (method === 'sms') {
      const code = String(input.code ?? '');
      ok = await this.connect.advance(ctx.session.id, ['signed-in'], (_m, data) => {
        const p = data.stepUp?.sms;
        if (!p) return { data, result: false };
        const live = new Date(p.expiresAt).getTime() > this.clock.nowMs() && p.tries < SMS_TRIES;
        const good = live && /^\d{6}$/.test(code) && safeEqualHex(this.smsHash(ctx.session.id, code), p.codeHash);
        const sms = good || p.tries + 1 >= SMS_TRIES ? null : { ...p, tries: p.tries + 1 };
        return { data: { ...data, stepUp: { ...(data.stepUp ?? {}), sms } }, result: good };
      });
    } else {
      if (!input.response || typeof input.response !== 'object') throw DomainError.invalid('response', 'is required for a passkey');
      // Take the challenge out first: one answer per challenge.
      const pending = await this.connect.advance(ctx.session.id, ['signed-in'], (_m, data) => ({ data: { ...data, stepUp: { ...(data.stepUp ?? {}), passkey: null } }, result: data.stepUp?.passkey ?? null }));
      const outcome = await this.passkeys.verify(input.response, pending, identity.id, false);
      ok = outcome.ok;
      counterReplay = !outcome.ok && outcome.reason === 'counter';
    }
    if (!ok) {
      await this.signIn.recordFailure(identity, ip, identity.email, `step-up-${method}`);
      if (counterReplay) throw new DomainError(400, ErrorCode.PASSKEY_COUNTER_REPLAY, 'This passkey or security key answered like a copy of itself and was refused.');
      throw method === 'passkey' ? wrong('response', 'was not accepted: try again') : wrong('code', 'is not correct');
    }
    await this.db.tx((m) => this.markSteppedUp(m, ctx, method));
    return { steppedUpUntil: new Date(this.clock.nowMs() + CONNECT_STEP_UP_MINUTES * 60_000).toISOString() };
  }
}
