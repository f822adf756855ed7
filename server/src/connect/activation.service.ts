import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { hashPassword, sha256 } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity, newIdentityRow, IdentityToken } from '../identities/identity.entity.js';
import { assertPasswordAcceptable, describePasswordPolicy } from '../identities/password-policy.js';
import { Organization } from '../organizations/organization.entity.js';
import { ACTIVATION_LINK_HOURS, PASSWORD_RESET_GENERIC_MESSAGE, PASSWORD_RESET_LINK_MINUTES, type IdentityTokenPurpose, type PasswordPolicyDescription } from '../../../shared/connect.js';
import { ConnectSessionsService, userActor } from './connect-sessions.service.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import type { Locale } from '../../../shared/locales.js';

export interface InvitationView {
  id: string;
  email: string;
  displayName: string;
  status: string;
  organizationId: string;
  activationExpiresAt: Date;
}

export interface TokenInfo {
  purpose: IdentityTokenPurpose;
  email: string;
  displayName: string;
  expiresAt: Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Customer Portal activation (seed 004) and password reset: e-mailed links with a random token (stored hashed),
 * valid 24 hours for activation and an hour for a reset; the password policy; the generic answer to reset requests.
 */
@Injectable()
export class ActivationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly connect: ConnectSessionsService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  passwordPolicy(): PasswordPolicyDescription {
    return describePasswordPolicy(this.config.passwordPolicy);
  }

  private link(path: string, token: string): string {
    return `${this.config.publicUrl ?? ''}/connect/${path}?token=${encodeURIComponent(token)}`;
  }

  /** A new link token for the identity; earlier unused tokens of the same purpose stop working. */
  private async issueToken(m: EntityManager, identityId: string, purpose: IdentityTokenPurpose): Promise<{ token: string; expiresAt: Date }> {
    const now = this.clock.now();
    await m.getRepository(IdentityToken).update({ identityId, purpose, usedAt: IsNull() }, { usedAt: now });
    const token = this.random.bytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + (purpose === 'activation' ? ACTIVATION_LINK_HOURS * 3600_000 : PASSWORD_RESET_LINK_MINUTES * 60_000));
    await m.getRepository(IdentityToken).insert({ id: newId(), identityId, purpose, tokenHash: sha256(token), expiresAt, usedAt: null, createdAt: now });
    return { token, expiresAt };
  }

  private async sendActivation(m: EntityManager, identity: Identity, organizationId: string | null, organizationName: string | null): Promise<Date> {
    const { token, expiresAt } = await this.issueToken(m, identity.id, 'activation');
    await this.outbox.enqueue(m, {
      kind: 'identity.activation',
      recipient: identity.email,
      ...mail(localeOf(identity), 'activation', {
        name: identity.displayName,
        invitedBy: organizationName ? t(localeOf(identity), 'mail.activation.invitedBy', { organization: organizationName }) : t(localeOf(identity), 'mail.activation.invited'),
        link: this.link('activate', token),
        hours: ACTIVATION_LINK_HOURS,
      }),
      identityId: identity.id,
      organizationId,
    });
    return expiresAt;
  }

  /** Staff invite a person (supervisors; org admins for their organizations): an invited identity and an activation e-mail. */
  async invite(dto: { email: string; name: string; organizationId: string }, actor: Actor): Promise<InvitationView> {
    const email = dto.email.trim();
    if (!EMAIL.test(email)) throw DomainError.invalid('email', 'must be an e-mail address');
    const name = dto.name.trim();
    if (!name) throw DomainError.invalid('name', 'must not be empty');
    assertInScope(actor, dto.organizationId, 'Organization');
    const org = await this.db.manager.getRepository(Organization).findOneBy({ id: dto.organizationId });
    if (!org) throw DomainError.notFound('Organization');
    return this.db.tx(async (m) => {
      const now = this.clock.now();
      let identity = await m.getRepository(Identity).findOneBy({ emailNormalized: email.toLowerCase() });
      if (identity && identity.status !== 'invited') {
        throw DomainError.conflict(ErrorCode.IDENTITY_EXISTS, 'This person already has a Visma Connect account: they can sign in, or ask for a password reset.');
      }
      const resent = !!identity;
      if (!identity) {
        // Until the person's own browser tells us, write to them in the inviter's console language.
        identity = newIdentityRow({ id: newId(), email, displayName: name, status: 'invited', passwordHash: null, now, locale: actor.locale });
        await m.getRepository(Identity).insert(identity);
      }
      const activationExpiresAt = await this.sendActivation(m, identity, org.id, org.name);
      await this.audit.record(
        { action: resent ? 'identity.invitation-resent' : 'identity.invited', targetType: 'identity', targetId: identity.id, organizationId: org.id, after: { email: identity.email, displayName: identity.displayName, activationExpiresAt: activationExpiresAt.toISOString() } },
        m,
      );
      return { id: identity.id, email: identity.email, displayName: identity.displayName, status: identity.status, organizationId: org.id, activationExpiresAt };
    });
  }

  /** The token's row when it is usable; 404 LINK_INVALID when unknown or used, 410 LINK_EXPIRED when too old. */
  private async usableToken(token: string, purposes: IdentityTokenPurpose[], m: EntityManager = this.db.manager): Promise<{ row: IdentityToken; identity: Identity }> {
    const row = token ? await m.getRepository(IdentityToken).findOneBy({ tokenHash: sha256(token) }) : null;
    const identity = row ? await m.getRepository(Identity).findOneBy({ id: row.identityId }) : null;
    const fitsIdentity = identity && (row!.purpose === 'activation' ? identity.status === 'invited' : identity.status === 'active');
    if (!row || row.usedAt || !identity || !fitsIdentity || !purposes.includes(row.purpose as IdentityTokenPurpose)) {
      throw new DomainError(404, ErrorCode.LINK_INVALID, 'This link is not valid or was already used. Ask for a new one.');
    }
    if (row.expiresAt.getTime() <= this.clock.nowMs()) {
      const valid = row.purpose === 'activation' ? `${ACTIVATION_LINK_HOURS} hours` : `${PASSWORD_RESET_LINK_MINUTES} minutes`;
      throw new DomainError(410, ErrorCode.LINK_EXPIRED, `This link has expired (links are valid for ${valid}). Ask for a new one.`);
    }
    return { row, identity };
  }

  /** What the page shows before the password is set. */
  async inspect(token: string): Promise<TokenInfo> {
    const { row, identity } = await this.usableToken(token, ['activation', 'password-reset']);
    return { purpose: row.purpose as IdentityTokenPurpose, email: identity.email, displayName: identity.displayName, expiresAt: row.expiresAt };
  }

  /** Consumes the token exactly once (conditional UPDATE) inside the caller's transaction. */
  private async consume(m: EntityManager, row: IdentityToken): Promise<void> {
    const r = await m
      .createQueryBuilder()
      .update(IdentityToken)
      .set({ usedAt: this.clock.now() })
      .where('id = :id AND "usedAt" IS NULL AND "expiresAt" > :now', { id: row.id, now: this.clock.now() })
      .execute();
    if ((r.affected ?? 0) !== 1) throw new DomainError(404, ErrorCode.LINK_INVALID, 'This link is not valid or was already used. Ask for a new one.');
  }

  /** Activation: the password is set, the identity becomes active, and enrolment of the authenticator starts. */
  async activate(token: string, password: string, ip: string | null, locale: Locale | null = null): Promise<{ session: string; next: 'enrol-totp' }> {
    const { row } = await this.usableToken(token, ['activation']);
    assertPasswordAcceptable(password, this.config.passwordPolicy);
    const passwordHash = await hashPassword(password);
    const session = await this.db.tx(async (m) => {
      await this.consume(m, row);
      const r = await m
        .createQueryBuilder()
        .update(Identity)
        .set({ passwordHash, status: 'active', failedSignIns: 0, lockedUntil: null, updatedAt: this.clock.now() })
        .where('id = :id AND status = :invited', { id: row.identityId, invited: 'invited' })
        .execute();
      if ((r.affected ?? 0) !== 1) throw new DomainError(404, ErrorCode.LINK_INVALID, 'This link is not valid or was already used. Ask for a new one.');
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: row.identityId });
      // The person's own first contact: their browser's language replaces the inviter's guess.
      await this.connect.setLocale(m, identity, locale, { onlyIfUnset: false });
      await this.audit.record({ action: 'identity.activated', targetType: 'identity', targetId: identity.id, after: { status: 'active', passwordPolicy: this.config.passwordPolicy }, actor: userActor(identity) }, m);
      return this.connect.start(m, identity, ip, { stage: 'enrol-totp', reason: 'activation' });
    });
    return { session, next: 'enrol-totp' };
  }

  /**
   * "Forgot your password?" and "send me a new link": one generic answer whether or not the address has an account.
   * An invited person gets a new activation link; an active one a password-reset link.
   */
  async requestReset(email: string, ip: string | null): Promise<{ message: string }> {
    await this.limits.consume(`connect-reset-ip:${ip ?? 'unknown'}`, 20, 60 * 60, 'Too many requests from this address. Try again later.');
    const normalized = email.trim().toLowerCase();
    const perAddress = await this.limits.hit(`connect-reset:${sha256(normalized)}`, 3, 60 * 60);
    const identity = await this.db.manager.getRepository(Identity).findOneBy({ emailNormalized: normalized });
    await this.db.tx(async (m) => {
      const eligible = identity && (identity.status === 'active' || identity.status === 'invited');
      if (!identity || !eligible || !perAddress.allowed) {
        await this.audit.record(
          { action: 'password-reset.requested', targetType: 'identity', targetId: identity?.id ?? null, after: { sent: false, reason: !identity ? 'no such account' : !eligible ? `account ${identity.status}` : 'too many requests' }, actor: { id: null, email: null, role: 'anonymous' } },
          m,
        );
        return;
      }
      if (identity.status === 'invited') {
        await this.sendActivation(m, identity, null, null);
      } else {
        const { token } = await this.issueToken(m, identity.id, 'password-reset');
        await this.outbox.enqueue(m, {
          kind: 'identity.password-reset',
          recipient: identity.email,
          ...mail(localeOf(identity), 'passwordReset', { name: identity.displayName, link: this.link('reset', token), minutes: PASSWORD_RESET_LINK_MINUTES }),
          identityId: identity.id,
        });
      }
      await this.audit.record({ action: 'password-reset.requested', targetType: 'identity', targetId: identity.id, after: { sent: true, link: identity.status === 'invited' ? 'activation' : 'password-reset' }, actor: { id: null, email: null, role: 'anonymous' } }, m);
    });
    return { message: PASSWORD_RESET_GENERIC_MESSAGE };
  }

  /** Sets a new password from a reset link. Second factors stay; other sessions end. */
  async resetPassword(token: string, password: string): Promise<{ next: 'sign-in' }> {
    const { row } = await this.usableToken(token, ['password-reset']);
    assertPasswordAcceptable(password, this.config.passwordPolicy);
    const passwordHash = await hashPassword(password);
    await this.db.tx(async (m) => {
      await this.consume(m, row);
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: row.identityId });
      await m.getRepository(Identity).update({ id: identity.id }, { passwordHash, failedSignIns: 0, lockedUntil: null, updatedAt: this.clock.now() });
      const ended = await this.connect.revokeOthers(m, identity.id, null);
      await this.audit.record({ action: 'password.changed', targetType: 'identity', targetId: identity.id, after: { via: 'reset link', sessionsEnded: ended }, actor: userActor(identity) }, m);
      await this.outbox.enqueue(m, {
        kind: 'identity.password-changed',
        recipient: identity.email,
        ...mail(localeOf(identity), 'passwordChanged', { name: identity.displayName, at: formatInstant(this.clock.now(), localeOf(identity)) }),
        identityId: identity.id,
      });
    });
    return { next: 'sign-in' };
  }
}
