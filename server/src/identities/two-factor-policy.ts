import type { EntityManager } from 'typeorm';
import type { Identity } from './identity.entity.js';
import { TwoFactorPolicy } from '../../../shared/identity.js';

/**
 * The 2FA policy in force for an identity (seed 003: Required or Adaptive). Everything that depends on it — the
 * "never remove the last second factor" rule of the security settings, the sign-in — asks this one function.
 * Until organizations carry a policy of their own, every identity is under `required`.
 */
export async function effectiveTwoFactorPolicy(_m: EntityManager, _identity: Identity): Promise<TwoFactorPolicy> {
  return TwoFactorPolicy.REQUIRED;
}
