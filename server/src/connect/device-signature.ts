/**
 * Visma Authenticator device keys (P-256) and their signatures. Pure; unit-tested with keys made by node:crypto
 * and, in the browser test, by WebCrypto. Signatures are ECDSA with SHA-256 in the IEEE P1363 form (r||s, 64 bytes,
 * base64url) that WebCrypto produces.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { PublicKeyJwk } from '../../../shared/two-factor.js';

const B64URL_32 = /^[A-Za-z0-9_-]{43}$/;

/** The public key, checked: EC P-256, both coordinates, a point on the curve, and no private part. Null when not. */
export function parseDeviceKey(input: unknown): { jwk: PublicKeyJwk; key: KeyObject } | null {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return null;
  const j = input as Record<string, unknown>;
  if (j.kty !== 'EC' || j.crv !== 'P-256' || typeof j.x !== 'string' || typeof j.y !== 'string') return null;
  if (!B64URL_32.test(j.x) || !B64URL_32.test(j.y) || 'd' in j) return null;
  const jwk: PublicKeyJwk = { kty: 'EC', crv: 'P-256', x: j.x, y: j.y };
  try {
    return { jwk, key: createPublicKey({ key: { ...jwk }, format: 'jwk' }) };
  } catch {
    return null;
  }
}

/** True when `signature` (base64url r||s) is the device key's ECDSA P-256 / SHA-256 signature of `payload`. */
export function verifyDeviceSignature(jwk: PublicKeyJwk, payload: string, signature: unknown): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]{80,90}$/.test(signature)) return false;
  const parsed = parseDeviceKey(jwk);
  if (!parsed) return false;
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64) return false;
  try {
    return verify('sha256', Buffer.from(payload, 'utf8'), { key: parsed.key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}

/**
 * Push fatigue (pure): given when the identity's unanswered pushes were sent, the time until which new pushes are
 * paused, or null. Any `limit` unanswered pushes within `windowMs` pause pushes for `pauseMs` after the last of them.
 */
export function pushPausedUntil(unansweredAt: readonly Date[], nowMs: number, limit: number, windowMs: number, pauseMs: number): Date | null {
  const t = unansweredAt.map((d) => d.getTime()).sort((a, b) => a - b);
  let until = 0;
  for (let i = limit - 1; i < t.length; i++) {
    if (t[i] - t[i - limit + 1] <= windowMs) until = Math.max(until, t[i] + pauseMs);
  }
  return until > nowMs ? new Date(until) : null;
}
