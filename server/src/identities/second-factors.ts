import type { EntityManager } from 'typeorm';
import { Identity } from './identity.entity.js';
import { WebAuthnCredential } from './webauthn-credential.entity.js';
import { AuthenticatorDevice } from '../connect/authenticator.entity.js';
import { SIGN_IN_METHOD_ORDER, type SecondFactorMethod } from '../../../shared/security-settings.js';

/**
 * What second factors an identity holds, in one place: the sign-in ("try another way"), the security settings,
 * the "never remove the last one" rule, the desk's panel and every reset read it from here. A new kind of method
 * (push devices) adds one field and one line in `signInMethods`.
 */
export interface SecondFactorInventory {
  totp: boolean;
  sms: boolean;
  passkeys: number;
  push: boolean;
  emergencyCode: boolean;
}

export async function inventoryOf(m: EntityManager, identity: Identity): Promise<SecondFactorInventory> {
  const passkeys = await m.getRepository(WebAuthnCredential).countBy({ identityId: identity.id });
  return {
    totp: !!identity.totpSecretEnc,
    sms: !!identity.smsNumber && identity.smsVerified,
    passkeys,
    push: !!identity.vismaAuthenticatorPush,
    emergencyCode: !!identity.emergencyCodeHash,
  };
}

/** The methods that complete a sign-in on their own, the person's default first, then the recommended order. */
export function signInMethods(inv: SecondFactorInventory, defaultMethod: string | null): SecondFactorMethod[] {
  const has: Record<string, boolean> = { push: inv.push, passkey: inv.passkeys > 0, totp: inv.totp, sms: inv.sms };
  const list = SIGN_IN_METHOD_ORDER.filter((x) => has[x]);
  const d = list.find((x) => x === defaultMethod);
  return d ? [d, ...list.filter((x) => x !== d)] : list;
}

/** Any second factor at all (the emergency code included): then a sign-in asks for one. */
export function hasAnySecondFactor(inv: SecondFactorInventory): boolean {
  return inv.totp || inv.sms || inv.passkeys > 0 || inv.push || inv.emergencyCode;
}

/**
 * Removes every second factor of the identity at once — authenticator, emergency code, SMS number, passkeys and
 * security keys, push — for every application (seed 003: 2FA belongs to the identity). Returns what there was.
 */
export async function clearAllSecondFactors(m: EntityManager, identity: Identity, now: Date): Promise<SecondFactorInventory> {
  const before = await inventoryOf(m, identity);
  await m.getRepository(Identity).update(
    { id: identity.id },
    { totpSecretEnc: null, totpEnrolledAt: null, totpLastStep: null, emergencyCodeHash: null, emergencyCodeCreatedAt: null, smsNumber: null, smsVerified: false, vismaAuthenticatorPush: false, defaultSecondFactor: null, updatedAt: now },
  );
  await m.getRepository(WebAuthnCredential).delete({ identityId: identity.id });
  await m.getRepository(AuthenticatorDevice).delete({ identityId: identity.id });
  return before;
}

/** The same inventory with nothing left (what a reset leaves behind, for the audit log). */
export const NO_SECOND_FACTORS: SecondFactorInventory = { totp: false, sms: false, passkeys: 0, push: false, emergencyCode: false };
