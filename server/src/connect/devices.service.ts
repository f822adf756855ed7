import { Inject, Injectable, Logger } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { formatInstant, localeOf, mail } from '../i18n/i18n.js';
import { sha256 } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { isFresh, ReplayGuard, type FreshnessWindow } from '../common/replay-guard.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity, IdentityToken } from '../identities/identity.entity.js';
import { DEVICE_ENROLMENT_MINUTES, DEVICE_REQUEST_MAX_SKEW_SECONDS, deviceRequestPayload, type AuthenticatorDeviceView, type DeviceEnrolmentStart } from '../../../shared/two-factor.js';
import { AuthenticatorDevice } from './authenticator.entity.js';
import type { ConnectContext } from './connect-request.guard.js';
import { userActor } from './connect-sessions.service.js';
import { parseDeviceKey, verifyDeviceSignature } from './device-signature.js';
import { assertFreshStepUp } from './connect-step-up.js';
import { assertStillProtected } from './passkeys.service.js';
import { recordSecurityChange } from './security-notices.js';
import { qrCodeDataUrl } from './qr-code.js';

const ENROLMENT_PURPOSE = 'device-enrolment';
const MAX_DEVICES = 10;
/** Device-signed requests that fail verification, per address and minute, before 429. */
const UNAUTHENTIC_LIMIT = 60;
/** A device request's timestamp may be this far from our clock, either way. */
export const DEVICE_WINDOW: FreshnessWindow = { maxAgeSeconds: DEVICE_REQUEST_MAX_SKEW_SECONDS, maxFutureSeconds: DEVICE_REQUEST_MAX_SKEW_SECONDS };

/** The one refusal of a device-signed request: unknown device, bad signature, stale or replayed all look the same. */
export const badDeviceSignature = () => new DomainError(401, ErrorCode.DEVICE_SIGNATURE_INVALID, 'The request is not signed by an enrolled device, or it is stale or replayed.');

export interface SignedRequestHeaders {
  timestamp: unknown;
  nonce: unknown;
  signature: unknown;
}

/**
 * Visma Authenticator devices: enrolment by a single-use link (10 minutes) that a signed-in person with a fresh
 * second factor asks for, the device's P-256 public key, and device-signed requests (timestamp + nonce, replay refused).
 */
@Injectable()
export class DevicesService {
  private readonly logger = new Logger('Devices');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly limits: RateLimitService,
    private readonly replay: ReplayGuard,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `POST /api/connect/devices/enrolment`: a single-use enrolment link for a new device (the previous unused one stops working). */
  async startEnrolment(ctx: ConnectContext, origin: string): Promise<DeviceEnrolmentStart> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    await this.limits.consume(`device-enrolment:${ctx.identity.id}`, 10, 60 * 60, 'Too many device enrolments were started. Wait a while and try again.');
    const token = this.random.bytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + DEVICE_ENROLMENT_MINUTES * 60_000);
    await this.db.tx(async (m) => {
      await m.getRepository(IdentityToken).update({ identityId: ctx.identity.id, purpose: ENROLMENT_PURPOSE, usedAt: IsNull() }, { usedAt: now });
      await m.getRepository(IdentityToken).insert({ id: newId(), identityId: ctx.identity.id, purpose: ENROLMENT_PURPOSE, tokenHash: sha256(token), expiresAt, usedAt: null, createdAt: now });
      await this.audit.record({ action: 'authenticator.enrolment-started', targetType: 'identity', targetId: ctx.identity.id, after: { expiresAt: expiresAt.toISOString() }, actor: userActor(ctx.identity) }, m);
    });
    // The token travels in the fragment: opening the link never sends it to a server log.
    const enrolmentUri = `${this.config.publicUrl ?? origin}/connect/authenticator#enrol=${token}`;
    const qrPngDataUrl = await qrCodeDataUrl(enrolmentUri);
    return { enrolmentUri, qrPngDataUrl, expiresAt: expiresAt.toISOString() };
  }

  /** `POST /api/authenticator/devices`: the device answers the link with its name and public key. The token works once. */
  async register(token: string, name: string, publicKeyJwk: unknown, ip: string | null): Promise<{ deviceId: string }> {
    const key = parseDeviceKey(publicKeyJwk);
    if (!key) throw DomainError.invalid('publicKeyJwk', 'must be a P-256 public key as a JWK (kty EC, crv P-256, x, y; no private part)');
    const cleanName = name.trim();
    if (!cleanName) throw DomainError.invalid('name', 'must not be empty');
    const now = this.clock.now();
    const deviceId = newId();
    const identity = await this.db.tx(async (m) => {
      const row = await m.getRepository(IdentityToken).findOneBy({ tokenHash: sha256(token), purpose: ENROLMENT_PURPOSE });
      if (!row || row.usedAt) throw new DomainError(404, ErrorCode.LINK_INVALID, 'This enrolment link is not valid (it may have been used already). Start again from your security settings.');
      if (row.expiresAt.getTime() <= now.getTime()) throw new DomainError(410, ErrorCode.LINK_EXPIRED, 'This enrolment link has expired. Start again from your security settings.');
      const used = await m
        .createQueryBuilder()
        .update(IdentityToken)
        .set({ usedAt: now })
        .where('id = :id AND "usedAt" IS NULL', { id: row.id })
        .execute();
      if ((used.affected ?? 0) !== 1) throw new DomainError(404, ErrorCode.LINK_INVALID, 'This enrolment link is not valid (it may have been used already). Start again from your security settings.');
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: row.identityId });
      if ((await m.getRepository(AuthenticatorDevice).countBy({ identityId: identity.id })) >= MAX_DEVICES) {
        throw DomainError.conflict(ErrorCode.CONFLICT, `At most ${MAX_DEVICES} devices can be enrolled. Remove one first.`);
      }
      await m.getRepository(AuthenticatorDevice).insert({ id: deviceId, identityId: identity.id, name: cleanName.slice(0, 100), publicKeyJwk: key.jwk, createdAt: now, lastUsedAt: null });
      await m.getRepository(Identity).update({ id: identity.id }, { vismaAuthenticatorPush: true, updatedAt: now });
      await this.audit.record({ action: 'authenticator.device-enrolled', targetType: 'identity', targetId: identity.id, after: { deviceId, name: cleanName.slice(0, 100), ip }, actor: userActor(identity) }, m);
      await this.outbox.enqueue(m, {
        kind: 'connect.device-enrolled',
        recipient: identity.email,
        ...mail(localeOf(identity), 'deviceEnrolled', { name: identity.displayName, device: cleanName.slice(0, 100), at: formatInstant(now, localeOf(identity)) }),
        identityId: identity.id,
      });
      return identity;
    });
    this.logger.log({ identityId: identity.id, deviceId }, 'Visma Authenticator device enrolled');
    return { deviceId };
  }

  async list(identityId: string): Promise<AuthenticatorDeviceView[]> {
    const rows = await this.db.manager.getRepository(AuthenticatorDevice).find({ where: { identityId }, order: { createdAt: 'ASC' } });
    return rows.map((d) => ({ id: d.id, name: d.name, createdAt: d.createdAt.toISOString(), lastUsedAt: d.lastUsedAt?.toISOString() ?? null }));
  }

  /**
   * `DELETE /api/connect/devices/:id`: removes one of the person's devices (fresh step-up; never the last way to sign
   * in while the policy requires 2FA). `Identity.vismaAuthenticatorPush` stays true exactly while a device is left,
   * and push stops being the default with the last one. Audited and e-mailed like every security-settings change.
   */
  async removeOne(ctx: ConnectContext, deviceId: string): Promise<{ removed: true }> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    return this.db.tx(async (m) => {
      await this.db.lock(m, 'second-factors:' + ctx.identity.id);
      const device = await m.getRepository(AuthenticatorDevice).findOneBy({ id: deviceId, identityId: ctx.identity.id });
      if (!device) throw new DomainError(404, ErrorCode.NOT_FOUND, 'No such device.');
      await m.getRepository(AuthenticatorDevice).delete({ id: device.id });
      const left = await m.getRepository(AuthenticatorDevice).countBy({ identityId: ctx.identity.id });
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: ctx.identity.id });
      const now = this.clock.now();
      const clearDefault = left === 0 && identity.defaultSecondFactor === 'push' ? { defaultSecondFactor: null } : {};
      await m.getRepository(Identity).update({ id: identity.id }, { vismaAuthenticatorPush: left > 0, updatedAt: now, ...clearDefault });
      await assertStillProtected(m, ctx);
      await recordSecurityChange({ audit: this.audit, outbox: this.outbox }, m, identity, 'push-device.removed', { name: device.name, deviceId: device.id }, now);
      return { removed: true as const };
    });
  }

  /**
   * A device-signed request: the signature (device key) covers `METHOD|path|timestamp|nonce`; the timestamp must be
   * within 5 minutes of ours and the nonce unused (it is stored). Every failure is the same 401.
   */
  async authenticate(deviceId: string, method: string, path: string, h: SignedRequestHeaders, ip: string | null = null): Promise<AuthenticatorDevice> {
    // Requests that fail verification are counted per address; over the limit the address waits.
    const gate = await this.limits.peek(`device-unauthentic:${ip ?? 'unknown'}`);
    if (gate.count >= UNAUTHENTIC_LIMIT) throw DomainError.tooMany('Too many requests that could not be verified from this address. Try again later.', gate.retryAfterSeconds);
    const refuse = async () => {
      await this.limits.hit(`device-unauthentic:${ip ?? 'unknown'}`, UNAUTHENTIC_LIMIT, 60);
      return badDeviceSignature();
    };
    const { timestamp, nonce, signature } = h;
    if (typeof timestamp !== 'string' || !/^\d{10,16}$/.test(timestamp) || typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) throw await refuse();
    const device = await this.db.manager.getRepository(AuthenticatorDevice).findOneBy({ id: deviceId });
    if (!device || !verifyDeviceSignature(device.publicKeyJwk, deviceRequestPayload(method, path, timestamp, nonce), signature)) throw await refuse();
    const now = this.clock.now();
    if (!isFresh(Number(timestamp), now.getTime(), DEVICE_WINDOW)) throw await refuse();
    const fresh = await this.db.atomic(() => this.replay.claimNonce('device_nonces', `${device.id}:${nonce}`, now));
    if (!fresh) throw await refuse();
    return device;
  }
}
