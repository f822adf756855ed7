import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { SecretBox, sealContext } from '../common/crypto.js';
import { verifyPassword } from '../common/password-hash.js';
import { upgradePasswordHash } from '../identities/password-rehash.js';
import { KdfGate } from '../common/kdf-gate.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import type { Actor } from '../common/request-context.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { verifyTotp } from '../identities/totp.js';
import { type LiveSession, SessionService } from './session.service.js';
import { SignInLockoutService } from './sign-in-lockout.service.js';
import { StaffRole, StaffUser } from '../../../shared/roles.js';
import { isLocale, type Locale } from '../../../shared/locales.js';


const ROLE_RANK: Record<string, number> = { supervisor: 3, 'support-agent': 2, 'org-admin': 1 };

/** The actor of a session: an active identity with at least one role grant (null otherwise). */
function actorOf(session: Pick<LiveSession, 'id' | 'steppedUpAt'>, identity: Pick<Identity, 'id' | 'email' | 'displayName' | 'status' | 'locale'>, grants: readonly Pick<StaffRoleGrant, 'role' | 'organizationId'>[]): Actor | null {
  if (identity.status !== 'active' || grants.length === 0) return null;
  const roles = [...new Set(grants.map((g) => g.role))].sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a]);
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
    private readonly lockout: SignInLockoutService,
    private readonly box: SecretBox,
    private readonly kdf: KdfGate,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async rolesOf(identityId: string): Promise<StaffRoleGrant[]> {
    return this.db.manager.getRepository(StaffRoleGrant).findBy({ identityId });
  }

  async actorFor(session: LiveSession): Promise<Actor | null> {
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: session.identityId });
    return identity ? actorOf(session, identity, await this.rolesOf(identity.id)) : null;
  }

  /**
   * The live staff session of a cookie token and the actor behind it (null: signed out), in one statement: the
   * session row, its identity and the identity's role grants (every staff request runs this, in the access guard).
   * The same decisions as SessionService.resolve() + actorFor(): unrevoked staff session, SessionService.stillLive()
   * (absolute lifetime, idle timeout, lastSeenAt), then an active identity with at least one grant.
   */
  async sessionActor(token: unknown): Promise<{ session: LiveSession; actor: Actor } | null> {
    const id = this.sessions.idFor(token);
    if (!id) return null;
    const rows = await this.db.sql<Record<string, unknown>>(
      this.db.manager,
      `SELECT s."identityId", s."lastSeenAt", s."absoluteExpiresAt", s."steppedUpAt", i.email, i."displayName", i.status, i.locale, r.role, r."organizationId"
         FROM sessions s JOIN identities i ON i.id = s."identityId" LEFT JOIN staff_roles r ON r."identityId" = s."identityId"
        WHERE s.id = $1 AND s.kind = 'staff' AND s."revokedAt" IS NULL`,
      [id],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    const session: LiveSession = {
      id,
      identityId: r.identityId as string,
      lastSeenAt: this.db.date(r.lastSeenAt)!,
      absoluteExpiresAt: this.db.date(r.absoluteExpiresAt)!,
      steppedUpAt: this.db.date(r.steppedUpAt),
    };
    if (!(await this.sessions.stillLive(session))) return null;
    const grants = rows.filter((g) => g.role !== null).map((g) => ({ role: g.role as StaffRole, organizationId: (g.organizationId as string | null) ?? null }));
    const actor = actorOf(session, { id: session.identityId, email: r.email as string, displayName: r.displayName as string, status: r.status as string, locale: (r.locale as string | null) ?? null }, grants);
    return actor ? { session, actor } : null;
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

  async signIn(email: string, password: string, ip: string | null): Promise<{ challenge: string; factor: 'totp' }> {
    await this.lockout.gate('staff', ip);
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ emailNormalized: email.trim().toLowerCase() });
    // Always run the KDF so that unknown accounts take as long as known ones. A busy gate throws KdfBusyError (503)
    // before anything is counted: a refusal is not a failed attempt, so nobody can lock an account out by flooding.
    const passwordOk = await verifyPassword(this.kdf, password, identity?.passwordHash ?? null);
    const eligible = identity && identity.status === 'active' && identity.totpSecretEnc && (await this.rolesOf(identity.id)).length > 0;
    if (!identity || !passwordOk || !eligible || (await this.lockout.isLocked(identity, ip))) {
      await this.lockout.recordFailure('staff', identity && eligible ? identity : null, ip, email, 'password');
      throw invalid();
    }
    await upgradePasswordHash(this.db, this.kdf, identity, password);
    const challenge = await this.db.tx((m) => this.sessions.createChallenge(m, 'staff', identity.id, 'password-ok'));
    return { challenge, factor: 'totp' };
  }

  async verifySecondFactor(challengeToken: string, code: string, ip: string | null): Promise<{ token: string; csrfToken: string; actor: Actor }> {
    await this.lockout.gate('staff', ip);
    const challenge = await this.sessions.findChallenge(challengeToken, 'staff');
    if (!challenge || challenge.stage !== 'password-ok') throw invalid();
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ id: challenge.identityId });
    if (!identity || !identity.totpSecretEnc || (await this.lockout.isLocked(identity, ip))) throw invalid();
    const step = await verifyTotp(this.box.open(identity.totpSecretEnc, sealContext('identities', 'totpSecretEnc', identity.id)), code, this.clock.nowMs(), identity.totpLastStep);
    const accepted = step !== null && (await this.claimTotpStep(identity.id, step));
    if (!accepted) {
      await this.sessions.countChallengeFailure(challenge.id);
      await this.lockout.recordFailure('staff', identity, ip, identity.email, 'totp');
      throw invalid();
    }
    const result = await this.db.tx(async (m) => {
      if (!(await this.sessions.consumeChallenge(m, challenge.id, 'password-ok'))) return null;
      await this.lockout.resetFailures(m, identity.id);
      const created = await this.sessions.create(m, 'staff', identity.id, ip);
      await this.audit.record({ action: 'staff.signed-in', targetType: 'identity', targetId: identity.id, actor: { id: identity.id, email: identity.email, role: 'staff' } }, m);
      return created;
    });
    if (!result) throw invalid();
    await this.lockout.recordSuccess(identity.id, ip);
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
    await this.limits.consumeNamed('step-up-attempts', actor.id, 'Too many step-up attempts. Wait a few minutes and try again.');
    const identity = await this.db.manager.getRepository(Identity).findOneByOrFail({ id: actor.id });
    const step = identity.totpSecretEnc ? await verifyTotp(this.box.open(identity.totpSecretEnc, sealContext('identities', 'totpSecretEnc', identity.id)), code, this.clock.nowMs(), identity.totpLastStep) : null;
    if (step === null || !(await this.claimTotpStep(identity.id, step))) {
      await this.lockout.recordFailure('staff', identity, ip, identity.email, 'step-up');
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
