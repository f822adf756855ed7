import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, formatOneTimeCode, hashOneTimeCode, safeEqualHex, sealContext } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity } from '../identities/identity.entity.js';
import { base32Encode, totpUri, verifyTotp } from '../identities/totp.js';
import { TicketChangesService } from '../tickets/ticket-changes.service.js';
import type { ConnectStage } from '../../../shared/connect.js';
import type { ConnectContext, ConnectSessionData } from './connect-request.guard.js';
import { ConnectSessionsService, userActor } from './connect-sessions.service.js';
import { maskPhone } from './phone-mask.js';
import { sixDigits } from './sign-in-codes.js';
import { assertFreshStepUp } from './connect-step-up.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import { qrCodeDataUrl } from './qr-code.js';

const PHONE_CODE_SECONDS = 10 * 60;

/** +, country code, number: 7 to 15 digits in all (E.164). Spaces, dashes, dots and brackets are ignored. */
export function normalizePhone(input: string): string | null {
  const s = input.replace(/[\s().-]/g, '');
  const withPlus = s.startsWith('00') ? '+' + s.slice(2) : s;
  return /^\+[1-9]\d{6,14}$/.test(withPlus) ? withPlus : null;
}

/**
 * Adding second factors to a signed-in identity (seed 001 steps 6–10, seed 004): a new authenticator shown as a QR
 * code and a manual key, confirmed with a current code; an optional SMS number; a new emergency code shown once.
 */
@Injectable()
export class EnrolmentService {
  constructor(
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly connect: ConnectSessionsService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly outbox: OutboxService,
    private readonly ticketChanges: TicketChangesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new TOTP secret (20 random bytes, base32) for the authenticator app; it replaces one not yet confirmed. */
  async startTotp(ctx: ConnectContext): Promise<{ secret: string; otpauthUri: string; qrPngDataUrl: string }> {
    const secret = base32Encode(this.random.bytes(20));
    const otpauthUri = totpUri(secret, ctx.identity.email);
    const qrPngDataUrl = await qrCodeDataUrl(otpauthUri);
    await this.connect.advance(ctx.session.id, ['enrol-totp'], async (m, data, identity) => {
      if (identity.totpSecretEnc) throw DomainError.conflict(ErrorCode.CONFLICT, 'An authenticator is already enrolled.');
      await this.audit.record({ action: 'totp.enrolment-started', targetType: 'identity', targetId: identity.id, ticketId: data.ticketId ?? null, organizationId: data.organizationId ?? null, after: { reason: data.reason }, actor: userActor(identity) }, m);
      return { data: { ...data, pendingTotpEnc: this.box.seal(secret, sealContext('sessions', 'data.pendingTotpEnc', ctx.session.id)) }, result: undefined };
    });
    return { secret, otpauthUri, qrPngDataUrl };
  }

  /**
   * Confirms the new authenticator with a current code (±1 step). The code's time step is recorded with the secret
   * in one conditional UPDATE, so it is accepted once. Then a new emergency code is made; it is returned this once.
   * When a customer-service code started this, its ticket is resolved now: redeemed and re-enrolled.
   */
  async confirmTotp(ctx: ConnectContext, code: string): Promise<{ emergencyCode: string; next: ConnectStage }> {
    await this.limits.consumeNamed('enrol-code', ctx.identity.id, 'Too many wrong codes. Wait a few minutes and try again.');
    const pending = ctx.data.pendingTotpEnc;
    if (!pending) throw DomainError.conflict(ErrorCode.WRONG_STAGE, 'Start the authenticator set-up first (POST /api/connect/enrolment/totp).');
    const secret = this.box.open(pending, sealContext('sessions', 'data.pendingTotpEnc', ctx.session.id));
    const step = await verifyTotp(secret, code, this.clock.nowMs(), null);
    if (step === null) {
      throw new DomainError(400, ErrorCode.VALIDATION_FAILED, 'That code is not correct.', { code: 'is not the current code of the new authenticator: check that the time on your phone is right and enter the code shown now' });
    }
    const emergencyCode = formatOneTimeCode(this.random.bytes(13));
    return this.connect.advance(ctx.session.id, ['enrol-totp'], async (m, data, identity) => {
      if (data.pendingTotpEnc !== pending) throw DomainError.conflict(ErrorCode.WRONG_STAGE, 'A newer authenticator set-up was started: use its code.');
      const now = this.clock.now();
      const r = await m
        .createQueryBuilder()
        .update(Identity)
        .set({ totpSecretEnc: this.box.seal(secret, sealContext('identities', 'totpSecretEnc', identity.id)), totpEnrolledAt: now, totpLastStep: step, emergencyCodeHash: hashOneTimeCode(emergencyCode), emergencyCodeCreatedAt: now, updatedAt: now })
        .where('id = :id AND "totpSecretEnc" IS NULL AND ("totpLastStep" IS NULL OR "totpLastStep" < :step)', { id: identity.id, step })
        .execute();
      if ((r.affected ?? 0) !== 1) throw DomainError.conflict(ErrorCode.CONFLICT, 'An authenticator is already enrolled, or this code was already used.');
      const link = { ticketId: data.ticketId ?? null, organizationId: data.organizationId ?? null };
      await this.audit.record({ action: 'totp.enrolled', targetType: 'identity', targetId: identity.id, ...link, after: { reason: data.reason, enrolledAt: now.toISOString() }, actor: userActor(identity) }, m);
      await this.audit.record({ action: 'emergency-code.issued', targetType: 'identity', targetId: identity.id, ...link, after: { reason: data.reason }, actor: userActor(identity) }, m);
      await this.outbox.enqueue(m, {
        kind: 'connect.authenticator-enrolled',
        recipient: identity.email,
        ...mail(localeOf(identity), 'authenticatorEnrolled', { name: identity.displayName, at: formatInstant(now, localeOf(identity)) }),
        identityId: identity.id,
        ...link,
      });
      const next: ConnectStage = data.reason === 'activation' ? 'add-phone' : 'emergency-code';
      return { data: { ...data, stage: next, pendingTotpEnc: null }, result: { emergencyCode, next } };
    });
  }

  /**
   * A new emergency code, shown this once (the previous one stops working). Available while the code is being
   * shown: after an emergency code was used to sign in, or when the page was reloaded before it was stored.
   */
  async issueEmergencyCode(ctx: ConnectContext): Promise<{ emergencyCode: string }> {
    await this.limits.consumeNamed('emergency-code', ctx.identity.id, 'Too many new emergency codes. Wait a while and try again.');
    const emergencyCode = formatOneTimeCode(this.random.bytes(13));
    return this.connect.advance(ctx.session.id, ['add-phone', 'emergency-code'], async (m, data, identity) => {
      await this.setEmergencyCode(m, identity, emergencyCode, data);
      return { data, result: { emergencyCode } };
    });
  }

  private async setEmergencyCode(m: EntityManager, identity: Identity, emergencyCode: string, data: ConnectSessionData): Promise<void> {
    const now = this.clock.now();
    await m.getRepository(Identity).update({ id: identity.id }, { emergencyCodeHash: hashOneTimeCode(emergencyCode), emergencyCodeCreatedAt: now, updatedAt: now });
    await this.audit.record({ action: 'emergency-code.issued', targetType: 'identity', targetId: identity.id, ticketId: data.ticketId ?? null, organizationId: data.organizationId ?? null, after: { reason: data.reason, replacedUnused: !!identity.emergencyCodeHash }, actor: userActor(identity) }, m);
  }

  /** "I have safely copied and stored this code": the last step; the person is signed in. */
  async acknowledgeEmergencyCode(ctx: ConnectContext): Promise<{ next: ConnectStage }> {
    return this.connect.advance(ctx.session.id, ['emergency-code'], async (m, data, identity) => {
      if (!identity.emergencyCodeHash) throw DomainError.conflict(ErrorCode.WRONG_STAGE, 'Get your new emergency code first (POST /api/connect/enrolment/emergency-code).');
      await this.audit.record({ action: 'emergency-code.acknowledged', targetType: 'identity', targetId: identity.id, ticketId: data.ticketId ?? null, organizationId: data.organizationId ?? null, after: { stored: true }, actor: userActor(identity) }, m);
      // The desk's ticket is done only now: the person has a working authenticator and has stored the new emergency code.
      if (data.ticketId && data.recoveryCodeId) await this.ticketChanges.resolveAfterRecovery(m, data.ticketId, userActor(identity));
      return { data: { ...data, stage: 'signed-in', reason: data.reason }, result: { next: 'signed-in' } };
    });
  }

  // --- SMS (seed 004: optional, verified with a code sent by SMS) ---

  private phoneHash(sessionId: string, number: string, code: string): string {
    return this.box.mac('connect-phone-code', `connect-phone:${sessionId}:${number}:${code}`);
  }

  async addPhone(ctx: ConnectContext, input: string): Promise<{ sentTo: string }> {
    // Signed in, this is a change of the security settings: it needs a fresh second factor (step-up).
    if (ctx.data.stage === 'signed-in') assertFreshStepUp(ctx.session, this.clock.nowMs());
    const number = normalizePhone(input);
    if (!number) throw DomainError.invalid('phoneNumber', 'must be an international number: + country code and number, e.g. +358 40 123 4567');
    await this.limits.consumeNamed('phone-code', ctx.identity.id, 'Too many SMS codes were requested. Wait a while and try again.');
    const code = sixDigits(this.random);
    await this.connect.advance(ctx.session.id, ['add-phone', 'signed-in'], async (m, data, identity) => {
      await this.outbox.enqueue(m, {
        channel: 'sms',
        kind: 'connect.phone-verification',
        recipient: number,
        subject: t(localeOf(identity), 'sms.phoneVerificationSubject'),
        body: t(localeOf(identity), 'sms.phoneVerification', { code }),
        identityId: identity.id,
      });
      await this.audit.record({ action: 'sms.verification-sent', targetType: 'identity', targetId: identity.id, after: { phone: maskPhone(number) }, actor: userActor(identity) }, m);
      const phone = { number, codeHash: this.phoneHash(ctx.session.id, number, code), expiresAt: new Date(this.clock.nowMs() + PHONE_CODE_SECONDS * 1000).toISOString(), tries: 0 };
      return { data: { ...data, phone }, result: undefined };
    });
    return { sentTo: number };
  }

  async confirmPhone(ctx: ConnectContext, code: string): Promise<{ next: ConnectStage }> {
    if (ctx.data.stage === 'signed-in') assertFreshStepUp(ctx.session, this.clock.nowMs());
    const outcome = await this.connect.advance<{ ok: boolean; expired?: boolean; next?: ConnectStage }>(ctx.session.id, ['add-phone', 'signed-in'], async (m, data, identity) => {
      const p = data.phone;
      const maxTries = this.limits.limitOf('phone-code-tries').limit || Number.MAX_SAFE_INTEGER;
      if (!p) throw DomainError.conflict(ErrorCode.WRONG_STAGE, 'Ask for a code first (POST /api/connect/enrolment/sms).');
      const expired = new Date(p.expiresAt).getTime() <= this.clock.nowMs() || p.tries >= maxTries;
      const ok = !expired && /^\d{6}$/.test(code) && safeEqualHex(this.phoneHash(ctx.session.id, p.number, code), p.codeHash);
      if (!ok) {
        const tries = p.tries + 1;
        return { data: { ...data, phone: tries >= maxTries ? null : { ...p, tries } }, result: { ok: false, expired: expired || tries >= maxTries } };
      }
      const now = this.clock.now();
      await m.getRepository(Identity).update({ id: identity.id }, { smsNumber: p.number, smsVerified: true, updatedAt: now });
      await this.audit.record({ action: 'sms.enrolled', targetType: 'identity', targetId: identity.id, ticketId: data.ticketId ?? null, organizationId: data.organizationId ?? null, after: { phone: maskPhone(p.number) }, actor: userActor(identity) }, m);
      await this.outbox.enqueue(m, {
        kind: 'connect.phone-added',
        recipient: identity.email,
        ...mail(localeOf(identity), 'phoneAdded', { name: identity.displayName, phone: maskPhone(p.number) ?? '' }),
        identityId: identity.id,
      });
      const next: ConnectStage = data.stage === 'add-phone' ? 'emergency-code' : data.stage;
      return { data: { ...data, stage: next, phone: null }, result: { ok: true, next } };
    });
    if (!outcome.ok) {
      throw new DomainError(400, ErrorCode.VALIDATION_FAILED, 'That code is not correct.', { code: outcome.expired ? 'has expired or was tried too often: ask for a new code' : 'is not the code we sent' }, undefined, {
        code: { code: outcome.expired ? 'codeExpired' : 'codeWrong' },
      });
    }
    return { next: outcome.next! };
  }

  /** The SMS step is optional. */
  async skipPhone(ctx: ConnectContext): Promise<{ next: ConnectStage }> {
    return this.connect.advance(ctx.session.id, ['add-phone'], (_m, data) => ({ data: { ...data, stage: 'emergency-code', phone: null }, result: { next: 'emergency-code' } }));
  }
}
