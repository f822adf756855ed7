import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { SecretBox, verifyPassword } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import type { Actor } from '../common/request-context.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { verifyTotp } from '../identities/totp.js';
import { Session } from './session.entity.js';
import { SessionService } from './session.service.js';
import { StaffRole, StaffUser } from '../../../shared/roles.js';
import { isLocale, type Locale } from '../../../shared/locales.js';

export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_MINUTES = 15;
const IP_FAILURE_LIMIT = 50;
const IP_WINDOW_SECONDS = 15 * 60;
const CHALLENGE_TOTP_TRIES = 5;

const ROLE_RANK: Record<string, number> = { supervisor: 3, 'support-agent': 2, 'org-admin': 1 };

const invalid = () => new DomainError(401, ErrorCode.INVALID_CREDENTIALS, 'The e-mail, password or code is not correct.');

/** Staff sign-in (password, then TOTP), step-up, sign-out, and the actor behind a session. */
@Injectable()
export class StaffAuthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async rolesOf(identityId: string): Promise<StaffRoleGrant[]> {
    return this.db.manager.getRepository(StaffRoleGrant).findBy({ identityId });
  }

  async actorFor(session: Session): Promise<Actor | null> {
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: session.identityId });
    if (!identity || identity.status !== 'active') return null;
    const grants = await this.rolesOf(identity.id);
    if (grants.length === 0) return null;
    const roles = [...new Set(grants.map((g) => g.role as StaffRole))].sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a]);
    return {
      id: identity.id,
      email: identity.email,
      name: identity.displayName,
      roles,
      organizationIds: [...new Set(grants.filter((g) => g.role === StaffRole.ORG_ADMIN && g.organizationId).map((g) => g.organizationId!))].sort(),
      allOrganizations: roles.includes(StaffRole.SUPERVISOR) || roles.includes(StaffRole.SUPPORT_AGENT),
      actingRole: roles[0],
      sessionId: session.id,
      steppedUpAt: session.steppedUpAt,
      locale: isLocale(identity.locale) ? identity.locale : null,
    };
  }

  toUser(actor: Actor): StaffUser {
    return { id: actor.id, email: actor.email, name: actor.name, roles: actor.roles, organizationIds: actor.organizationIds, locale: actor.locale };
  }

  /** The language menu: remembered on the staff member's identity (the same field e-mails to them use). */
  async setLocale(actor: Actor, locale: Locale): Promise<StaffUser> {
    await this.db.tx(async (m) => {
      await m.getRepository(Identity).update({ id: actor.id }, { locale, updatedAt: this.clock.now() });
      await this.audit.record({ action: 'staff.locale-changed', targetType: 'identity', targetId: actor.id, before: { locale: actor.locale }, after: { locale } }, m);
    });
    return this.toUser({ ...actor, locale });
  }

  private async ipGate(ip: string | null): Promise<void> {
    const r = await this.limits.peek(`signin-ip:${ip ?? 'unknown'}`);
    if (r.count >= IP_FAILURE_LIMIT) throw DomainError.tooMany('Too many failed sign-in attempts from this address. Try again later.', r.retryAfterSeconds);
  }

  /** Counts a failure against the account (locking it at the threshold) and the address. */
  private async recordFailure(identity: Identity | null, ip: string | null, email: string, stage: string): Promise<void> {
    await this.limits.hit(`signin-ip:${ip ?? 'unknown'}`, IP_FAILURE_LIMIT, IP_WINDOW_SECONDS);
    await this.db.tx(async (m) => {
      if (identity) {
        await m.createQueryBuilder().update(Identity).set({ failedSignIns: () => '"failedSignIns" + 1' }).where('id = :id', { id: identity.id }).execute();
        const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
        await this.audit.record({ action: 'staff.sign-in.failed', targetType: 'identity', targetId: identity.id, after: { stage, consecutiveFailures: fresh.failedSignIns }, actor: { id: null, email: null, role: 'anonymous' } }, m);
        if (fresh.failedSignIns >= LOCKOUT_THRESHOLD && (!fresh.lockedUntil || fresh.lockedUntil.getTime() <= this.clock.nowMs())) {
          const until = new Date(this.clock.nowMs() + LOCKOUT_MINUTES * 60_000);
          await m.getRepository(Identity).update({ id: identity.id }, { lockedUntil: until, failedSignIns: 0 });
          await this.audit.record({ action: 'staff.account.locked', targetType: 'identity', targetId: identity.id, after: { lockedUntil: until.toISOString() }, actor: { id: null, email: null, role: 'system' } }, m);
        }
      } else {
        await this.audit.record({ action: 'staff.sign-in.failed', targetType: 'identity', targetId: null, after: { stage, emailGiven: email.slice(0, 320) }, actor: { id: null, email: null, role: 'anonymous' } }, m);
      }
    });
  }

  private isLocked(identity: Identity): boolean {
    return !!identity.lockedUntil && identity.lockedUntil.getTime() > this.clock.nowMs();
  }

  async signIn(email: string, password: string, ip: string | null): Promise<{ challenge: string; factor: 'totp' }> {
    await this.ipGate(ip);
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ emailNormalized: email.trim().toLowerCase() });
    // Always run the KDF so that unknown accounts take as long as known ones.
    const passwordOk = await verifyPassword(password, identity?.passwordHash ?? null);
    const eligible = identity && identity.status === 'active' && identity.totpSecretEnc && (await this.rolesOf(identity.id)).length > 0;
    if (!identity || !passwordOk || !eligible || this.isLocked(identity)) {
      await this.recordFailure(identity && eligible ? identity : null, ip, email, 'password');
      throw invalid();
    }
    const challenge = await this.db.tx((m) => this.sessions.createChallenge(m, 'staff', identity.id, 'password-ok'));
    return { challenge, factor: 'totp' };
  }

  async verifySecondFactor(challengeToken: string, code: string, ip: string | null): Promise<{ token: string; csrfToken: string; actor: Actor }> {
    await this.ipGate(ip);
    const challenge = await this.sessions.findChallenge(challengeToken, 'staff');
    if (!challenge || challenge.stage !== 'password-ok') throw invalid();
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: challenge.identityId });
    if (!identity || !identity.totpSecretEnc || this.isLocked(identity)) throw invalid();
    const step = await verifyTotp(this.box.open(identity.totpSecretEnc), code, this.clock.nowMs(), identity.totpLastStep);
    const accepted = step !== null && (await this.claimTotpStep(identity.id, step));
    if (!accepted) {
      await this.db.tx((m) => this.sessions.updateChallenge(m, challenge.id, { failures: challenge.failures + 1, ...(challenge.failures + 1 >= CHALLENGE_TOTP_TRIES ? { expiresAt: this.clock.now() } : {}) }));
      await this.recordFailure(identity, ip, identity.email, 'totp');
      throw invalid();
    }
    const result = await this.db.tx(async (m) => {
      if (!(await this.sessions.consumeChallenge(m, challenge.id, 'password-ok'))) return null;
      await m.getRepository(Identity).update({ id: identity.id }, { failedSignIns: 0 });
      const created = await this.sessions.create(m, 'staff', identity.id, ip);
      await this.audit.record({ action: 'staff.signed-in', targetType: 'identity', targetId: identity.id, actor: { id: identity.id, email: identity.email, role: 'staff' } }, m);
      return created;
    });
    if (!result) throw invalid();
    const actor = await this.actorFor(result.session);
    if (!actor) throw invalid();
    return { token: result.token, csrfToken: result.csrfToken, actor };
  }

  /** Records the TOTP step as used; false when it (or a later one) was used already. */
  async claimTotpStep(identityId: string, step: number): Promise<boolean> {
    return this.db.tx(async (m) => {
      const r = await m
        .createQueryBuilder()
        .update(Identity)
        .set({ totpLastStep: step })
        .where('id = :id AND ("totpLastStep" IS NULL OR "totpLastStep" < :step)', { id: identityId, step })
        .execute();
      return (r.affected ?? 0) === 1;
    });
  }

  async stepUp(actor: Actor, code: string, ip: string | null): Promise<{ steppedUpUntil: string }> {
    await this.limits.consume(`stepup:${actor.id}`, 10, 15 * 60, 'Too many step-up attempts. Wait a few minutes and try again.');
    const identity = await this.db.manager.getRepository(Identity).findOneByOrFail({ id: actor.id });
    const step = identity.totpSecretEnc ? await verifyTotp(this.box.open(identity.totpSecretEnc), code, this.clock.nowMs(), identity.totpLastStep) : null;
    if (step === null || !(await this.claimTotpStep(identity.id, step))) {
      await this.recordFailure(identity, ip, identity.email, 'step-up');
      throw new DomainError(401, ErrorCode.INVALID_CREDENTIALS, 'That code is not correct or was already used. Wait for the next code and try again.');
    }
    const at = await this.sessions.markSteppedUp(actor.sessionId);
    await this.audit.record({ action: 'staff.stepped-up', targetType: 'identity', targetId: actor.id });
    return { steppedUpUntil: new Date(at.getTime() + this.config.stepUpMinutes * 60_000).toISOString() };
  }

  async signOut(actor: Actor): Promise<void> {
    await this.sessions.revoke(actor.sessionId);
    await this.audit.record({ action: 'staff.signed-out', targetType: 'identity', targetId: actor.id });
  }
}
