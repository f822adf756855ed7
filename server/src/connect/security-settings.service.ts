import { Injectable } from '@nestjs/common';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, formatOneTimeCode, hashOneTimeCode, sealContext } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity } from '../identities/identity.entity.js';
import { WebAuthnCredential } from '../identities/webauthn-credential.entity.js';
import { base32Encode, totpUri, verifyTotp } from '../identities/totp.js';
import { inventoryOf, signInMethods } from '../identities/second-factors.js';
import { effectiveTwoFactorPolicy } from '../identities/two-factor-policy.js';
import { TwoFactorPolicy } from '../../../shared/identity.js';
import type { SecondFactorMethod, SecurityMethodView, SecuritySettingsView } from '../../../shared/security-settings.js';
import type { ConnectContext } from './connect-request.guard.js';
import { ConnectSessionsService } from './connect-sessions.service.js';
import { maskPhone } from './phone-mask.js';
import { assertFreshStepUp, stepUpUntil } from './connect-step-up.js';
import { ConnectStepUpService } from './connect-step-up.service.js';
import { assertStillProtected } from './passkeys.service.js';
import { recordSecurityChange } from './security-notices.js';
import { passkeyView } from './webauthn.js';
import { DevicesService } from './devices.service.js';
import { qrCodeDataUrl } from './qr-code.js';

/**
 * The person's own security settings (/connect/settings, seed 003 "self-enrollment at any time"): every method,
 * add or replace the authenticator app, remove a method (never the last while the policy requires 2FA), renew the
 * emergency code, choose the default method. Every change needs a fresh step-up, is audited and e-mailed.
 * Passkeys are added and removed through PasskeysService; SMS numbers through the enrolment endpoints.
 */
@Injectable()
export class SecuritySettingsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly connect: ConnectSessionsService,
    private readonly stepUp: ConnectStepUpService,
    private readonly devices: DevicesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly limits: RateLimitService,
  ) {}

  private get deps() {
    return { audit: this.audit, outbox: this.outbox };
  }

  async view(ctx: ConnectContext): Promise<SecuritySettingsView> {
    const m = this.db.manager;
    const identity = await m.getRepository(Identity).findOneByOrFail({ id: ctx.identity.id });
    const inv = await inventoryOf(m, identity);
    const policy = await effectiveTwoFactorPolicy(m, identity);
    const rows = await m.getRepository(WebAuthnCredential).find({ where: { identityId: identity.id }, order: { createdAt: 'ASC' } });
    const devices = await this.devices.list(identity.id);
    const ways = signInMethods(inv, null);
    // A method is removable when another way to sign in would remain (or the policy does not require 2FA);
    // one of several passkeys or devices always is.
    const removable = (method: SecondFactorMethod, count: number) => policy !== TwoFactorPolicy.REQUIRED || ways.length > 1 || ((method === 'passkey' || method === 'push') && count > 1);
    const d = identity.defaultSecondFactor && ways.includes(identity.defaultSecondFactor as SecondFactorMethod) ? (identity.defaultSecondFactor as SecondFactorMethod) : (ways[0] ?? null);
    const row = (method: SecondFactorMethod, enrolled: boolean, enrolledAt: Date | string | null, count: number, detail: string | null): SecurityMethodView => ({
      method,
      enrolled,
      enrolledAt: enrolledAt ? new Date(enrolledAt).toISOString() : null,
      count,
      detail,
      removable: enrolled && method !== 'emergency-code' && removable(method, count),
      isDefault: enrolled && d === method,
    });
    const until = stepUpUntil(ctx.session, this.clock.nowMs());
    return {
      identity: { id: identity.id, email: identity.email, displayName: identity.displayName },
      policy,
      defaultMethod: d,
      methods: [
        row('push', devices.length > 0, devices[0]?.createdAt ?? null, devices.length, null),
        row('passkey', inv.passkeys > 0, rows[0]?.createdAt ?? null, inv.passkeys, null),
        row('totp', inv.totp, identity.totpEnrolledAt, inv.totp ? 1 : 0, null),
        row('sms', inv.sms, null, inv.sms ? 1 : 0, inv.sms ? maskPhone(identity.smsNumber) : null),
        row('emergency-code', inv.emergencyCode, identity.emergencyCodeCreatedAt, inv.emergencyCode ? 1 : 0, null),
      ],
      passkeys: rows.map(passkeyView),
      devices,
      stepUp: { fresh: !!until, until: until ? until.toISOString() : null, methods: await this.stepUp.methods(ctx) },
    };
  }

  /** Add or replace the authenticator app: a new secret, kept sealed in the session until a code confirms it. */
  async startTotp(ctx: ConnectContext): Promise<{ secret: string; otpauthUri: string; qrPngDataUrl: string }> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    const secret = base32Encode(this.random.bytes(20));
    const otpauthUri = totpUri(secret, ctx.identity.email);
    const qrPngDataUrl = await qrCodeDataUrl(otpauthUri);
    await this.connect.advance(ctx.session.id, ['signed-in'], (_m, data) => ({ data: { ...data, settingsTotpEnc: this.box.seal(secret, sealContext('sessions', 'data.settingsTotpEnc', ctx.session.id)) }, result: undefined }));
    return { secret, otpauthUri, qrPngDataUrl };
  }

  async confirmTotp(ctx: ConnectContext, code: string): Promise<{ replaced: boolean }> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    await this.limits.consumeNamed('enrol-code', ctx.identity.id, 'Too many wrong codes. Wait a few minutes and try again.');
    const pending = ctx.data.settingsTotpEnc;
    if (!pending) throw DomainError.conflict(ErrorCode.WRONG_STAGE, 'Start the authenticator set-up first (POST /api/connect/settings/totp).');
    const secret = this.box.open(pending, sealContext('sessions', 'data.settingsTotpEnc', ctx.session.id));
    const step = await verifyTotp(secret, code, this.clock.nowMs(), null);
    if (step === null) {
      throw new DomainError(400, ErrorCode.VALIDATION_FAILED, 'That code is not correct.', { code: 'is not the current code of the new authenticator: check that the time on your phone is right and enter the code shown now' });
    }
    return this.connect.advance(ctx.session.id, ['signed-in'], async (m, data, identity) => {
      if (data.settingsTotpEnc !== pending) throw DomainError.conflict(ErrorCode.WRONG_STAGE, 'A newer authenticator set-up was started: use its code.');
      const now = this.clock.now();
      const replaced = !!identity.totpSecretEnc;
      await m.getRepository(Identity).update({ id: identity.id }, { totpSecretEnc: this.box.seal(secret, sealContext('identities', 'totpSecretEnc', identity.id)), totpEnrolledAt: now, totpLastStep: step, updatedAt: now });
      await recordSecurityChange(this.deps, m, identity, replaced ? 'totp.replaced' : 'totp.added', {}, now);
      return { data: { ...data, settingsTotpEnc: null }, result: { replaced } };
    });
  }

  /** Removes the authenticator app or the SMS number (passkeys: DELETE /passkeys/:id). */
  async removeMethod(ctx: ConnectContext, method: 'totp' | 'sms'): Promise<{ removed: true }> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    return this.db.tx(async (m) => {
      await this.db.lock(m, 'second-factors:' + ctx.identity.id);
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: ctx.identity.id });
      const now = this.clock.now();
      const clearDefault = identity.defaultSecondFactor === method ? { defaultSecondFactor: null } : {};
      if (method === 'totp') {
        if (!identity.totpSecretEnc) throw new DomainError(404, ErrorCode.NOT_FOUND, 'No authenticator app is registered.');
        await m.getRepository(Identity).update({ id: identity.id }, { totpSecretEnc: null, totpEnrolledAt: null, updatedAt: now, ...clearDefault });
      } else {
        if (!identity.smsNumber) throw new DomainError(404, ErrorCode.NOT_FOUND, 'No phone number is registered.');
        await m.getRepository(Identity).update({ id: identity.id }, { smsNumber: null, smsVerified: false, updatedAt: now, ...clearDefault });
      }
      await assertStillProtected(m, ctx);
      await recordSecurityChange(this.deps, m, identity, method === 'totp' ? 'totp.removed' : 'sms.removed', method === 'sms' ? { phone: maskPhone(identity.smsNumber)! } : {}, now);
      return { removed: true as const };
    });
  }

  /** A new emergency code, shown once; the previous one stops working at once. */
  async renewEmergencyCode(ctx: ConnectContext): Promise<{ emergencyCode: string }> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    await this.limits.consumeNamed('emergency-code', ctx.identity.id, 'Too many new emergency codes. Wait a while and try again.');
    const emergencyCode = formatOneTimeCode(this.random.bytes(13));
    await this.db.tx(async (m) => {
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: ctx.identity.id });
      const now = this.clock.now();
      await m.getRepository(Identity).update({ id: identity.id }, { emergencyCodeHash: hashOneTimeCode(emergencyCode), emergencyCodeCreatedAt: now, updatedAt: now });
      await recordSecurityChange(this.deps, m, identity, 'emergency-code.renewed', { replacedUnused: String(!!identity.emergencyCodeHash) }, now);
    });
    return { emergencyCode };
  }

  async setDefault(ctx: ConnectContext, method: SecondFactorMethod): Promise<{ defaultMethod: SecondFactorMethod }> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    return this.db.tx(async (m) => {
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: ctx.identity.id });
      if (!signInMethods(await inventoryOf(m, identity), null).includes(method)) throw DomainError.invalid('method', 'is not one of your sign-in methods');
      const now = this.clock.now();
      await m.getRepository(Identity).update({ id: identity.id }, { defaultSecondFactor: method, updatedAt: now });
      await recordSecurityChange(this.deps, m, identity, 'default-method.changed', { method }, now);
      return { defaultMethod: method };
    });
  }
}
