/**
 * Security settings of a Visma Connect identity (seed 003: "you can choose to enable 2FA at any time by visiting
 * your Account Settings") and the passkeys / security keys (WebAuthn) it holds. Shared by the server, the
 * /connect pages and the console. Texts are codes; the pages and the console word them.
 */

import type { AuthenticatorDeviceView } from './two-factor.js';

/** Every second-factor method an identity can hold. `emergency-code` is a recovery method, never a default. */
export type SecondFactorMethod = 'push' | 'passkey' | 'totp' | 'sms' | 'emergency-code';

/** Methods that sign a person in on their own second step, in the order the pages offer them. */
export const SIGN_IN_METHOD_ORDER: readonly SecondFactorMethod[] = ['push', 'passkey', 'totp', 'sms'];

export type PasskeyKind = 'passkey' | 'security-key';

export interface PasskeyView {
  id: string;
  name: string;
  kind: PasskeyKind;
  /** singleDevice | multiDevice (synced) */
  deviceType: string;
  backedUp: boolean;
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

/** One row of the settings page: a method and whether (and since when) the identity has it. */
export interface SecurityMethodView {
  method: SecondFactorMethod;
  enrolled: boolean;
  enrolledAt: string | null;
  /** How many (passkeys); 1 or 0 otherwise. */
  count: number;
  /** A masked phone number for `sms`. */
  detail: string | null;
  /** Whether this one can be removed now (never the last sign-in method while the policy requires 2FA). */
  removable: boolean;
  isDefault: boolean;
}

export interface SecuritySettingsView {
  identity: { id: string; email: string; displayName: string };
  /** `required` or `adaptive` (the strictest of the person's organizations). */
  policy: 'required' | 'adaptive';
  defaultMethod: SecondFactorMethod | null;
  methods: SecurityMethodView[];
  passkeys: PasskeyView[];
  /** Visma Authenticator devices (push). */
  devices: AuthenticatorDeviceView[];
  /** Every change needs a second factor proven within the last STEP_UP_MINUTES. */
  stepUp: { fresh: boolean; until: string | null; methods: StepUpMethod[] };
}

/** What a person can prove again for step-up (the emergency code is single-use: it is not spent on step-up). */
export type StepUpMethod = 'push' | 'passkey' | 'totp' | 'sms';

/** Codes of the notices and refusals this area produces (for the message catalogs). */
export const SECURITY_CHANGE_KINDS = [
  'passkey.registered',
  'passkey.renamed',
  'passkey.removed',
  'totp.added',
  'totp.replaced',
  'totp.removed',
  'sms.removed',
  'emergency-code.renewed',
  'default-method.changed',
  'push-device.removed',
] as const;
export type SecurityChangeKind = (typeof SECURITY_CHANGE_KINDS)[number];
