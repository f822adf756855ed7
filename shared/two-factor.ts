/**
 * Issue 14 part B: Visma Authenticator push with number matching, the Required/Adaptive policy (seed 003) and
 * Severa reached through Visma Connect (seed 001). Shared by the server, the /connect pages and the console.
 */
import { TwoFactorPolicy } from './identity.js';

/** Enrolment links for a Visma Authenticator device live this long and work once. */
export const DEVICE_ENROLMENT_MINUTES = 10;
/** A push waits this long for an answer. */
export const PUSH_SECONDS = 60;
/** Push fatigue: this many unanswered pushes within PUSH_FATIGUE_WINDOW_MINUTES pause pushes for PUSH_PAUSE_MINUTES. */
export const PUSH_FATIGUE_LIMIT = 3;
export const PUSH_FATIGUE_WINDOW_MINUTES = 10;
export const PUSH_PAUSE_MINUTES = 15;
/** A device-signed request must be this fresh (and its nonce unused). */
export const DEVICE_REQUEST_MAX_SKEW_SECONDS = 300;
/** "Remember this device" lasts this long; Adaptive also asks again when the last second factor is older. */
export const REMEMBER_DEVICE_DAYS = 30;

/** `POST /api/connect/devices/enrolment` */
export interface DeviceEnrolmentStart {
  enrolmentUri: string;
  qrPngDataUrl: string;
  expiresAt: string;
}

/** A P-256 public key as a JWK (no private part). */
export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface AuthenticatorDeviceView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export type PushStatus = 'pending' | 'approved' | 'denied' | 'reported' | 'expired' | 'superseded';
export type PushDecision = 'approve' | 'deny' | 'report';

/** `POST /api/connect/sign-in/push` */
export interface PushStarted {
  pushId: string;
  number: number;
  expiresAt: string;
}

/** `POST /api/connect/sign-in/push/result` while the sign-in waits (an approval also signs in: `next`, `identity`). */
export interface PushResult {
  status: PushStatus;
  /** Why a push ended without approval: `wrong-number`, `denied`, `reported`, `expired`. */
  reason?: string | null;
  next?: string;
  identity?: { email: string; displayName: string };
}

/** A pending sign-in as the device shows it: where and when it comes from, and three numbers to choose from. */
export interface PendingPush {
  pushId: string;
  application: string;
  email: string;
  createdAt: string;
  expiresAt: string;
  location: { ip: string | null; browser: string | null };
  choices: number[];
}

/** What the device's answer did. */
export interface PushAnswerOutcome {
  status: PushStatus;
  reason: string | null;
}

/** Headers of a device-signed request; the signature covers `METHOD|path|timestamp|nonce` (ECDSA P-256, SHA-256, r||s, base64url). */
export const DEVICE_HEADERS = { timestamp: 'x-device-timestamp', nonce: 'x-device-nonce', signature: 'x-device-signature' } as const;

/** The string a device signs for a request (see DEVICE_HEADERS). */
export function deviceRequestPayload(method: string, path: string, timestamp: string, nonce: string): string {
  return `${method.toUpperCase()}|${path}|${timestamp}|${nonce}`;
}

/** The string a device signs to answer a push. */
export function pushAnswerPayload(pushId: string, decision: PushDecision, number: number): string {
  return `${pushId}|${decision}|${number}`;
}

/** The effective policy of an identity and where it comes from. */
export interface EffectivePolicy {
  policy: TwoFactorPolicy;
  /** Organizations the identity belongs to (Severa users linked or with its exact e-mail, org-admin roles). */
  organizations: { id: string; name: string; twoFactorPolicy: TwoFactorPolicy }[];
}

/** `GET /api/connect/two-factor-policy`: what the sign-in pages need to know. */
export interface ConnectPolicyView {
  policy: TwoFactorPolicy;
  /** This browser holds a valid "remember this device" cookie for the signed-in identity. */
  deviceRemembered: boolean;
  /** Offer "remember this device": Adaptive, and a second factor proven just now. */
  rememberOffered: boolean;
}

/** Severa organizations the person can enter through Visma Connect (seed 001). */
export interface SeveraChoice {
  organizationId: string;
  organizationName: string;
}
