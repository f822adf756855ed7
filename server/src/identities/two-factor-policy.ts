import type { EntityManager } from 'typeorm';
import type { Identity } from './identity.entity.js';
import { TwoFactorPolicy } from '../../../shared/identity.js';
import type { EffectivePolicy } from '../../../shared/two-factor.js';

/** Strictness order: `required` is stricter than `adaptive`. Unknown values count as `required`. */
const STRICTNESS: Record<string, number> = { [TwoFactorPolicy.ADAPTIVE]: 0, [TwoFactorPolicy.REQUIRED]: 1 };
const KNOWN: readonly string[] = [TwoFactorPolicy.REQUIRED, TwoFactorPolicy.ADAPTIVE];

/**
 * Seed 003: an identity's effective policy is the strictest of its organizations' policies. No organization at all:
 * `required` (the default). Pure: unit-tested directly.
 */
export function strictestPolicy(policies: readonly string[]): TwoFactorPolicy {
  if (policies.length === 0) return TwoFactorPolicy.REQUIRED;
  return policies.some((p) => (STRICTNESS[p] ?? 1) === 1) ? TwoFactorPolicy.REQUIRED : TwoFactorPolicy.ADAPTIVE;
}

/**
 * The one place that says which 2FA policy applies to an identity (the sign-in, the security settings' "never
 * remove the last method" rule and the console all ask it). The identity's organizations are those of its Severa
 * users (linked to it, or with exactly its e-mail) and those it administers (org-admin roles).
 */
export async function effectivePolicyDetail(m: EntityManager, identityId: string): Promise<EffectivePolicy> {
  const pg = m.connection.options.type === 'postgres';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const rows: { id: string; name: string; twoFactorPolicy: string }[] = await m.query(
    `SELECT o.id, o.name, o."twoFactorPolicy" FROM organizations o
      WHERE o.id IN (SELECT su."organizationId" FROM severa_users su WHERE su."identityId" = ${p(1)}
                     UNION SELECT su."organizationId" FROM severa_users su JOIN identities i ON i.id = ${p(2)} WHERE su.email = i.email
                     UNION SELECT g."organizationId" FROM staff_roles g WHERE g."identityId" = ${p(3)} AND g."organizationId" IS NOT NULL)
      ORDER BY o.name`,
    [identityId, identityId, identityId],
  );
  const organizations = rows.map((r) => ({ id: r.id, name: r.name, twoFactorPolicy: (KNOWN.includes(r.twoFactorPolicy) ? r.twoFactorPolicy : TwoFactorPolicy.REQUIRED) as TwoFactorPolicy }));
  return { policy: strictestPolicy(organizations.map((o) => o.twoFactorPolicy)), organizations };
}

export async function effectiveTwoFactorPolicy(m: EntityManager, identity: Pick<Identity, 'id'>): Promise<TwoFactorPolicy> {
  return (await effectivePolicyDetail(m, identity.id)).policy;
}
