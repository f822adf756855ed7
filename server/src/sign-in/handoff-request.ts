/**
 * The wire format of a portal → Severa hand-off: body validation, signature, freshness, and the plain-words
 * causes recorded on the portal connection. Pure: no I/O (the decision itself is evaluateHandoff()).
 */
import { hmacSha256Hex, safeEqualHex } from '../common/crypto.js';
import { isFresh, type FreshnessWindow } from '../common/replay-guard.js';
import type { ConnectionProblem } from './sign-in.rules.js';
import type { HandoffFieldProblem } from '../../../shared/connections.js';

export const SIGNATURE_HEADER = 'x-portal-signature';
/** issuedAt may be at most this old … */
export const HANDOFF_MAX_AGE_SECONDS = 5 * 60;
/** … and at most this far in the future (portal clocks drift). */
export const HANDOFF_MAX_FUTURE_SECONDS = 60;
/** The hand-off's freshness window (the one replay guard, common/replay-guard.ts, checks it and the nonce). */
export const HANDOFF_WINDOW: FreshnessWindow = { maxAgeSeconds: HANDOFF_MAX_AGE_SECONDS, maxFutureSeconds: HANDOFF_MAX_FUTURE_SECONDS };

export interface HandoffBody {
  organizationId: string;
  email: string;
  /** Unix seconds. */
  issuedAt: number;
  nonce: string;
}

export type ParsedHandoff =
  | { ok: true; body: HandoffBody }
  | {
      ok: false;
      errors: Record<string, string>;
      /** The organization named by the body, when the field itself is well formed (the attempt is recorded then). */
      organizationId: string | null;
      email: string | null;
    };

const ID = /^[A-Za-z0-9-]{1,64}$/;
const NONCE = /^[\x21-\x7e]{8,128}$/;
const FIELDS = ['organizationId', 'email', 'issuedAt', 'nonce'];

/** What can be wrong with a body field: its code and the English words recorded after the field's name. */
export const HANDOFF_FIELD_PROBLEMS: Record<HandoffFieldProblem, string> = {
  'not-json-object': 'must be a JSON object sent as application/json',
  'not-allowed': 'is not an allowed field',
  'organization-id': 'must be an organization id',
  'email-length': 'must be a string of 1 to 320 characters',
  'unix-seconds': 'must be a Unix time in whole seconds',
  'nonce-format': 'must be 8 to 128 printable characters without spaces',
};
const P = HANDOFF_FIELD_PROBLEMS;

/** Validates the JSON body field by field; the e-mail is kept exactly as sent (no trimming, no case folding). */
export function parseHandoffBody(body: unknown): ParsedHandoff {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: { body: P['not-json-object'] }, organizationId: null, email: null };
  }
  const b = body as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const k of Object.keys(b)) if (!FIELDS.includes(k)) errors[k] = P['not-allowed'];
  if (typeof b.organizationId !== 'string' || !ID.test(b.organizationId)) errors.organizationId = P['organization-id'];
  if (typeof b.email !== 'string' || b.email.length < 1 || b.email.length > 320) errors.email = P['email-length'];
  if (typeof b.issuedAt !== 'number' || !Number.isSafeInteger(b.issuedAt) || b.issuedAt <= 0) errors.issuedAt = P['unix-seconds'];
  if (typeof b.nonce !== 'string' || !NONCE.test(b.nonce)) errors.nonce = P['nonce-format'];
  if (Object.keys(errors).length) {
    return {
      ok: false,
      errors,
      organizationId: errors.organizationId ? null : (b.organizationId as string),
      email: errors.email ? null : (b.email as string),
    };
  }
  return { ok: true, body: { organizationId: b.organizationId as string, email: b.email as string, issuedAt: b.issuedAt as number, nonce: b.nonce as string } };
}

/** Hex HMAC-SHA256 of the raw body bytes: what a portal sends in X-Portal-Signature. */
export function signHandoff(secret: string, rawBody: Buffer | string): string {
  return hmacSha256Hex(secret, rawBody);
}

/** Constant-time comparison of the header with the expected signature. */
export function signatureMatches(secret: string, rawBody: Buffer, header: unknown): boolean {
  if (typeof header !== 'string' || !/^[0-9a-fA-F]{64}$/.test(header)) return false;
  return safeEqualHex(signHandoff(secret, rawBody), header.toLowerCase());
}

/** `issuedAt` is in Unix seconds. */
export function isFreshHandoff(issuedAtSeconds: number, nowMs: number): boolean {
  return isFresh(issuedAtSeconds * 1000, nowMs, HANDOFF_WINDOW);
}

/** Nonces are single-use across every portal and organization: the key is the nonce alone. */
export function nonceKey(nonce: string): string {
  return nonce;
}

/** A connection's stored allowed sources (comma-separated CIDRs) as a list; empty: any source. */
export function splitSources(stored: string | null): string[] {
  return (stored ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The cause recorded on the connection (and shown to staff) for each connection problem. */
export const CONNECTION_CAUSES = {
  'not-configured': 'No connection is configured between this portal and Severa for the organization',
  disabled: 'The connection is disabled',
  'bad-signature': 'The hand-off signature did not match the connection secret',
  'missing-signature': 'The hand-off carried no X-Portal-Signature header',
  'secret-unreadable': 'The connection secret cannot be decrypted (was the data encryption key changed?)',
  stale: `The hand-off was issued more than ${HANDOFF_MAX_AGE_SECONDS / 60} minutes before it arrived (or the portal's clock is wrong)`,
  replayed: 'The hand-off reused a nonce that was already used (a replayed request)',
  malformed: 'The portal sent a malformed hand-off',
} as const;

export type ConnectionCause = keyof typeof CONNECTION_CAUSES;

/** The code of a recorded cause (causes are recorded in English, some with details after the sentence). */
export function causeCode(cause: string | null): ConnectionCause | null {
  if (!cause) return null;
  const keys = Object.keys(CONNECTION_CAUSES) as ConnectionCause[];
  return keys.find((k) => cause.startsWith(CONNECTION_CAUSES[k])) ?? null;
}

/** Which side has to act on a recorded cause: the portal's administrator (it signs and sends) or Visma support. */
export function causeOwner(cause: string | null): 'portal-admin' | 'visma-support' {
  if (!cause) return 'visma-support';
  const portalSide: ConnectionCause[] = ['bad-signature', 'missing-signature', 'stale', 'replayed', 'malformed'];
  const code = causeCode(cause);
  return code && portalSide.includes(code) ? 'portal-admin' : 'visma-support';
}

/** The recorded cause for a failed connection check of a real hand-off. */
export function causeFor(problem: ConnectionProblem | undefined, extra: { missingSignature: boolean; secretUnreadable: boolean }): string {
  if (problem === 'bad-signature') {
    if (extra.secretUnreadable) return CONNECTION_CAUSES['secret-unreadable'];
    if (extra.missingSignature) return CONNECTION_CAUSES['missing-signature'];
  }
  if (problem && problem in CONNECTION_CAUSES) return CONNECTION_CAUSES[problem as ConnectionCause];
  return CONNECTION_CAUSES['bad-signature'];
}
