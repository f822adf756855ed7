import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock, RandomSource } from '../common/clock.js';
import { sha256 } from '../common/crypto.js';
import { hashPassword } from '../common/password-hash.js';
import { KdfGate } from '../common/kdf-gate.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { addressKey, RateLimitService } from '../common/rate-limit.service.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity, newIdentityRow, IdentityToken } from '../identities/identity.entity.js';
import { assertPasswordAcceptable, describePasswordPolicy } from '../identities/password-policy.js';
import { Organization } from '../organizations/organization.entity.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { ACTIVATION_LINK_HOURS, PASSWORD_RESET_GENERIC_MESSAGE, PASSWORD_RESET_LINK_MINUTES, type IdentityTokenPurpose, type PasswordPolicyDescription } from '../../../shared/connect.js';
import { ConnectSessionsService, userActor } from './connect-sessions.service.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import type { Locale } from '../../../shared/locales.js';

/** `202` to an invitation: the same whether or not the address already has an account (no oracle). */
export interface InvitationAccepted {
  email: string;
  organizationId: string;
  /** The invitation e-mail (or, for an existing account, a "you already have an account" e-mail) is on its way. */
  accepted: true;
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
    private readonly kdf: KdfGate,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  passwordPolicy(): PasswordPolicyDescription {
    return describePasswordPolicy(this.config.passwordPolicy);
  }

  private link(path: string, token: string): string {
    return `${this.config.publicUrl}/connect/${path}?token=${encodeURIComponent(token)}`;
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

  /**
   * Staff invite a person (supervisors; org admins for their own organizations, and only addresses of that
   * organization's Severa users or of a domain it owns). The answer is the same whether or not the address already
   * has an identity: a new or invited one gets the activation link, an existing one a "you already have an account" mail.
   */
  async invite(dto: { email: string; name: string; organizationId: string }, actor: Actor | null, via: { requestId?: string } = {}): Promise<InvitationAccepted> {
    const email = dto.email.trim();
    if (!EMAIL.test(email)) throw DomainError.invalid('email', 'must be an e-mail address');
    const name = dto.name.trim();
    if (!name) throw DomainError.invalid('name', 'must not be empty');
    if (actor) assertInScope(actor, dto.organizationId, 'Organization');
    const org = await this.db.manager.getRepository(Organization).findOneBy({ id: dto.organizationId });
    if (!org) throw DomainError.notFound('Organization');
    if (actor && !actor.allOrganizations && !(await this.addressBelongsTo(org, email))) {
      throw new DomainError(403, ErrorCode.INVITE_NOT_ALLOWED, 'Org admins invite only addresses of their organization’s Severa users or of a domain the organization owns.', {
        email: 'is not a Severa user of this organization, nor in a domain it owns',
      });
    }
    await this.db.tx(async (m) => {
      const now = this.clock.now();
      let identity = await m.getRepository(Identity).findOneBy({ emailNormalized: email.toLowerCase() });
      const base = { targetType: 'identity', organizationId: org.id, ...(actor ? {} : { actor: { id: null, email: null, role: 'system' } }) };
      if (identity && identity.status !== 'invited') {
        // Whoever invites learns nothing; the person hears they already have an account (and how to get back in).
        await this.outbox.enqueue(m, {
          kind: 'identity.already-registered',
          recipient: identity.email,
          ...mail(localeOf(identity), 'alreadyRegistered', {
            name: identity.displayName,
            organization: org.name,
            signInLink: `${this.config.publicUrl}/connect`,
            forgotLink: `${this.config.publicUrl}/connect/forgot`,
          }),
          identityId: identity.id,
          organizationId: org.id,
        });
        await this.audit.record({ ...base, action: 'identity.invitation-existing', targetId: identity.id, after: { email: identity.email, ...(via.requestId ? { invitationRequestId: via.requestId } : {}) } }, m);
        return;
      }
      const resent = !!identity;
      if (!identity) {
        // Until the person's own browser tells us, write to them in the inviter's console language.
        identity = newIdentityRow({ id: newId(), email, displayName: name, status: 'invited', passwordHash: null, now, locale: actor?.locale ?? null });
        await m.getRepository(Identity).insert(identity);
      }
      const activationExpiresAt = await this.sendActivation(m, identity, org.id, org.name);
      await this.audit.record(
        { ...base, action: resent ? 'identity.invitation-resent' : 'identity.invited', targetId: identity.id, after: { email: identity.email, displayName: identity.displayName, activationExpiresAt: activationExpiresAt.toISOString(), ...(via.requestId ? { invitationRequestId: via.requestId } : {}) } },
        m,
      );
    });
    return { email, organizationId: org.id, accepted: true };
  }

  /** An address of one of the organization's Severa users (any case), or in a domain the organization owns. */
  async addressBelongsTo(org: Organization, email: string): Promise<boolean> {
    const normalized = email.trim().toLowerCase();
    const domain = normalized.split('@').pop()!;
    const owned = org.emailDomains.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean);
    if (owned.includes(domain)) return true;
    const hit = await this.db.manager
      .getRepository(SeveraUser)
      .createQueryBuilder('su')
      .where('su.organizationId = :org AND LOWER(su.email) = :e', { org: org.id, e: normalized })
      .getExists();
    return hit;
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
    const passwordHash = await hashPassword(this.kdf, password);
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
    await this.limits.consumeNamed('password-reset-address', addressKey(ip), 'Too many requests from this address. Try again later.');
    const normalized = email.trim().toLowerCase();
    const perAddress = await this.limits.hitNamed('password-reset-account', sha256(normalized));
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
    const passwordHash = await hashPassword(this.kdf, password);
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
