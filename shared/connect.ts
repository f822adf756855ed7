import type { FieldError } from './errors.js';
import type { Locale } from './locales.js';
/**
 * Visma Connect, the user's side (seeds 001, 003, 004): sign-in with a second factor, the one-time code path,
 * re-enrolment and account activation. Shared by the server and the /connect pages.
 */

/** Second factors a sign-in can continue with. `one-time-code` covers the customer-service code and the emergency code. */
export type ConnectFactor = 'push' | 'passkey' | 'totp' | 'sms' | 'one-time-code';

/**
 * Where a Connect session is. A session exists only after the password and (when the identity has one) a second
 * factor or a one-time code were accepted; the person is fully signed in at `signed-in`.
 * - `enrol-totp`: a new authenticator must be added (after "permanently lost", at activation, or first sign-in).
 * - `add-phone`: optional SMS number (activation only), after the authenticator.
 * - `emergency-code`: a new emergency code is shown once and must be acknowledged.
 */
export type ConnectStage = 'enrol-totp' | 'add-phone' | 'emergency-code' | 'signed-in';

/** Why enrolment started: shown on the pages and recorded in the audit log. */
export type EnrolmentReason = 'permanent-loss' | 'activation' | 'first-sign-in' | 'emergency-code-used';

export interface ConnectSignInResponse {
  /** Continue with /sign-in/push, /sign-in/totp, /sign-in/sms or /sign-in/one-time-code; null when no second factor is enrolled yet, or none is asked (Adaptive, remembered device). */
  challenge: string | null;
  factors: ConnectFactor[];
  /** `signed-in` / `emergency-code`: the Adaptive policy did not ask for a second factor on this remembered device. */
  next: 'second-factor' | 'enrol-totp' | 'signed-in' | 'emergency-code';
}

/** GET /api/connect/session: the page's first question, answered 200 whether or not a session exists. */
export interface ConnectSessionState {
  signedIn: boolean;
  me: ConnectMe | null;
}

export interface ConnectMe {
  identity: { id: string; email: string; displayName: string; locale: Locale | null };
  stage: ConnectStage;
  reason: EnrolmentReason | null;
  factors: { totp: boolean; sms: boolean; smsNumber: string | null; emergencyCode: boolean; passkeys: number };
}

/** Token links sent by e-mail. */
export type IdentityTokenPurpose = 'activation' | 'password-reset';

export const ACTIVATION_LINK_HOURS = 24;
export const PASSWORD_RESET_LINK_MINUTES = 60;

// Wrong one-time codes before one-time-code entry cools down: the `one-time-code-failures` limit in RATE_LIMITS.

export interface PasswordPolicyDescription {
  name: 'seed' | 'nist';
  minLength: number;
  maxLength: number;
  /** Human-readable rules (English), in the order a rejected password is explained. */
  rules: string[];
  /** The same rules as codes and parameters, for the pages to translate. */
  ruleCodes: FieldError[];
}

/** The answer to a password-reset request: the same whether or not the address has an account. */
export const PASSWORD_RESET_GENERIC_MESSAGE = 'If an account exists for this address, we have sent an e-mail with a link. The link is valid for a limited time.';
