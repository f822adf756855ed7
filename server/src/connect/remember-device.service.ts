import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { hmacSha256Hex, safeEqualHex, sha256 } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Identity } from '../identities/identity.entity.js';
import { TwoFactorPolicyService } from '../organizations/two-factor-policy.js';
import { TwoFactorPolicy } from '../../../shared/identity.js';
import { REMEMBER_DEVICE_DAYS, type ConnectPolicyView } from '../../../shared/two-factor.js';
import type { ConnectSessionData, ConnectContext } from './connect-request.guard.js';
import { ConnectSessionsService, userActor } from './connect-sessions.service.js';
import { assertFreshStepUp, stepUpUntil } from './connect-step-up.js';

/** The signed "remember this device" cookie (HttpOnly, SameSite=Strict, 30 days, only sent to /api/connect). */
export const REMEMBER_COOKIE = 'connect_device';
const DAY_MS = 86_400_000;

interface RememberPayload {
  /** identity id */
  i: string;
  /** expiry, ms */
  e: number;
  /** random, so two remembered browsers differ */
  n: string;
}

/**
 * The Adaptive policy (seed 003): a second factor is asked when the device is not remembered, when the last second
 * factor is older than 30 days, or after failed attempts. The cookie is signed with SESSION_SECRET and bound to the
 * identity's password hash and authenticator enrolment: a new password or a 2FA reset forgets every remembered device.
 */
@Injectable()
export class RememberDeviceService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly connect: ConnectSessionsService,
    private readonly policies: TwoFactorPolicyService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Bound to the password hash and the authenticator's enrolment time: a new password or a 2FA reset forgets the device. */
  private mac(payload: string, identity: Pick<Identity, 'passwordHash' | 'totpEnrolledAt'>): string {
    return hmacSha256Hex(this.config.sessionSecret, `remember-device:${payload}:${sha256(`${identity.passwordHash ?? ''}:${identity.totpEnrolledAt?.toISOString() ?? ''}`)}`);
  }

  /** The cookie's identity when it is authentic, unexpired, and made for this identity's current password. */
  isRemembered(identity: Identity, cookie: unknown): boolean {
    if (typeof cookie !== 'string' || cookie.length > 400) return false;
    const [payload, mac] = cookie.split('.');
    if (!payload || !mac || !safeEqualHex(mac, this.mac(payload, identity))) return false;
    try {
      const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as RememberPayload;
      return p.i === identity.id && typeof p.e === 'number' && p.e > this.clock.nowMs();
    } catch {
      return false;
    }
  }

  /** Whether this sign-in may skip the second factor: Adaptive, remembered device, a second factor within 30 days, no failed attempts since the last sign-in. */
  async skipsSecondFactor(identity: Identity, cookie: unknown): Promise<boolean> {
    if (!this.isRemembered(identity, cookie)) return false;
    if (identity.failedSignIns > 0) return false;
    if (!identity.lastSecondFactorAt || this.clock.nowMs() - identity.lastSecondFactorAt.getTime() > REMEMBER_DEVICE_DAYS * DAY_MS) return false;
    return (await this.policies.effectiveFor(identity.id)).policy === TwoFactorPolicy.ADAPTIVE;
  }

  /** Signs in on a remembered device (no second factor asked now, so the session is not stepped up). */
  async signInRemembered(identity: Identity, ip: string | null): Promise<{ token: string; next: 'signed-in' | 'emergency-code' }> {
    return this.db.tx(async (m) => {
      await m.getRepository(Identity).update({ id: identity.id }, { failedSignIns: 0 });
      const data: ConnectSessionData = identity.emergencyCodeHash ? { stage: 'signed-in', reason: null } : { stage: 'emergency-code', reason: null };
      const token = await this.connect.start(m, identity, ip, data);
      await this.audit.record({ action: 'connect.signed-in', targetType: 'identity', targetId: identity.id, after: { method: 'remembered-device', policy: 'adaptive', next: data.stage }, actor: userActor(identity) }, m);
      return { token, next: data.stage as 'signed-in' | 'emergency-code' };
    });
  }

  /** `POST /api/connect/remember-device`: offered after a second factor was just proven, under the Adaptive policy. */
  async remember(ctx: ConnectContext): Promise<{ cookie: string; expiresAt: Date }> {
    assertFreshStepUp(ctx.session, this.clock.nowMs());
    if ((await this.policies.effectiveFor(ctx.identity.id)).policy !== TwoFactorPolicy.ADAPTIVE) {
      throw DomainError.conflict(ErrorCode.CONFLICT, 'Your organization requires a second factor at every sign-in: devices are not remembered.');
    }
    const expiresAt = new Date(this.clock.nowMs() + REMEMBER_DEVICE_DAYS * DAY_MS);
    const payload = Buffer.from(JSON.stringify({ i: ctx.identity.id, e: expiresAt.getTime(), n: this.random.bytes(12).toString('base64url') } satisfies RememberPayload)).toString('base64url');
    await this.db.tx((m) => this.audit.record({ action: 'connect.device-remembered', targetType: 'identity', targetId: ctx.identity.id, after: { until: expiresAt.toISOString(), ip: ctx.session.ip }, actor: userActor(ctx.identity) }, m));
    return { cookie: `${payload}.${this.mac(payload, ctx.identity)}`, expiresAt };
  }

  async view(ctx: ConnectContext, cookie: unknown): Promise<ConnectPolicyView> {
    const { policy } = await this.policies.effectiveFor(ctx.identity.id);
    const remembered = this.isRemembered(ctx.identity, cookie);
    return { policy, deviceRemembered: remembered, rememberOffered: policy === TwoFactorPolicy.ADAPTIVE && !remembered && !!stepUpUntil(ctx.session, this.clock.nowMs()) };
  }
}
