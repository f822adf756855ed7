import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { addressKey, RateLimitService } from '../common/rate-limit.service.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Identity } from '../identities/identity.entity.js';

/** Staff console or Visma Connect: the same rules, separate address counters and audit actions. */
export type SignInRealm = 'staff' | 'connect';

/** An address an account signed in from successfully is remembered this long (renewed at every sign-in). */
export const KNOWN_ADDRESS_DAYS = 30;

const anonymous = { id: null, email: null, role: 'anonymous' };
const system = { id: null, email: null, role: 'system' };

/**
 * The one failure-counting and lockout service for staff and Connect sign-in (NIST SP 800-63B-4 §3.2.2, OWASP ASVS
 * V6.3). Every failed password, authenticator, SMS or step-up code counts three ways (limits in RATE_LIMITS):
 *
 * - `failures-per-address`: failures from one address, whatever the account, answer 429 for that address;
 * - `failures-per-account-address`: failures for one account from one address lock that address out of that
 *   account until the window ends, so a stranger's guesses lock only the stranger's own address;
 * - `failures-per-account`: a slower budget over every address (at most 100, as NIST allows). Once it is spent the
 *   account is locked (`lockedUntil`) for every address it has not signed in from successfully in the last
 *   KNOWN_ADDRESS_DAYS days; the person's usual addresses keep only their own per-address limit.
 *
 * A stranger thus cannot lock a person out from where they usually sign in, and brute force stays bounded: at most
 * the per-account budget from new addresses, and the per-address limit from each known one.
 */
@Injectable()
export class SignInLockoutService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
  ) {}

  /** 429 when this address already failed too often (checked before any credential). */
  async gate(realm: SignInRealm, ip: string | null): Promise<void> {
    const r = await this.limits.exhausted('failures-per-address', `${realm}:${addressKey(ip)}`);
    if (r.exhausted) throw DomainError.tooMany('Too many failed sign-in attempts from this address. Try again later.', r.retryAfterSeconds);
  }

  /** Whether this account refuses sign-in from this address now (per-address lock, or the account lock for an unknown address). */
  async isLocked(identity: Identity, ip: string | null): Promise<boolean> {
    const addr = addressKey(ip);
    if ((await this.limits.exhausted('failures-per-account-address', `${identity.id}:${addr}`)).exhausted) return true;
    if (!identity.lockedUntil || identity.lockedUntil.getTime() <= this.clock.nowMs()) return false;
    return !(await this.isKnownAddress(identity.id, addr));
  }

  private async isKnownAddress(identityId: string, addr: string): Promise<boolean> {
    return (await this.limits.peek(`known-address:${identityId}:${addr}`)).count > 0;
  }

  /** Counts a failure that belongs to no account's lock (e.g. a wrong one-time code) against the address only. */
  async countAddressFailure(realm: SignInRealm, ip: string | null): Promise<void> {
    await this.limits.hitNamed('failures-per-address', `${realm}:${addressKey(ip)}`);
  }

  /**
   * Counts a failed attempt against the address and, when the account is known, against the account from this
   * address and the account overall; audits it, and the locks it causes.
   */
  async recordFailure(realm: SignInRealm, identity: Identity | null, ip: string | null, email: string, stage: string): Promise<void> {
    const addr = addressKey(ip);
    await this.countAddressFailure(realm, ip);
    if (!identity) {
      await this.audit.record({ action: `${realm}.sign-in.failed`, targetType: 'identity', targetId: null, after: { stage, emailGiven: email.slice(0, 320) }, actor: anonymous });
      return;
    }
    const pair = await this.limits.hitNamed('failures-per-account-address', `${identity.id}:${addr}`);
    const account = await this.limits.hitNamed('failures-per-account', identity.id);
    const pairLimit = this.limits.limitOf('failures-per-account-address').limit;
    const accountLimit = this.limits.limitOf('failures-per-account').limit;
    await this.db.tx(async (m) => {
      await m.createQueryBuilder().update(Identity).set({ failedSignIns: () => '"failedSignIns" + 1' }).where('id = :id', { id: identity.id }).execute();
      const fresh = await m.getRepository(Identity).findOneByOrFail({ id: identity.id });
      await this.audit.record({ action: `${realm}.sign-in.failed`, targetType: 'identity', targetId: identity.id, after: { stage, consecutiveFailures: fresh.failedSignIns }, actor: anonymous }, m);
      if (pairLimit > 0 && pair.count === pairLimit) {
        const until = new Date(this.clock.nowMs() + pair.retryAfterSeconds * 1000);
        await this.audit.record({ action: `${realm}.account.locked`, targetType: 'identity', targetId: identity.id, after: { scope: 'this address', lockedUntil: until.toISOString(), failures: pair.count }, actor: system }, m);
      }
      if (accountLimit > 0 && account.count === accountLimit) {
        const until = new Date(this.clock.nowMs() + account.retryAfterSeconds * 1000);
        await m.getRepository(Identity).update({ id: identity.id }, { lockedUntil: until });
        await this.audit.record({ action: `${realm}.account.locked`, targetType: 'identity', targetId: identity.id, after: { scope: 'unknown addresses', lockedUntil: until.toISOString(), failures: account.count }, actor: system }, m);
      }
    });
  }

  /** Inside the transaction that signs the person in: the consecutive-failure count starts again. */
  async resetFailures(m: EntityManager, identityId: string): Promise<void> {
    await m.getRepository(Identity).update({ id: identityId }, { failedSignIns: 0 });
  }

  /** After a completed sign-in: this address becomes a known address of the account, and its own failures are forgiven. */
  async recordSuccess(identityId: string, ip: string | null): Promise<void> {
    const addr = addressKey(ip);
    await this.limits.remember(`known-address:${identityId}:${addr}`, KNOWN_ADDRESS_DAYS * 86_400);
    await this.limits.reset(`failures-per-account-address:${identityId}:${addr}`);
  }
}
