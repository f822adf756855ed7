import { generate, verify } from 'otplib';

export const TOTP_PERIOD = 30;
export const TOTP_ISSUER = 'Visma Connect';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function timeStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD);
}

/**
 * Checks a 6-digit TOTP code (SHA-1, 30 s) within ±1 step. Returns the matched time step, or null.
 * Steps ≤ afterStep are refused: a code is accepted once.
 */
export async function verifyTotp(secret: string, code: string, nowMs: number, afterStep: number | null, digits: 6 | 8 = 6): Promise<number | null> {
  if (typeof code !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const epoch = Math.floor(nowMs / 1000);
  const res = await verify({ secret, token: code, epoch, epochTolerance: TOTP_PERIOD, digits, period: TOTP_PERIOD });
  if (!res.valid) return null;
  const step = timeStep(nowMs) + res.delta;
  if (afterStep !== null && step <= afterStep) return null;
  return step;
}

export function totpCode(secret: string, nowMs: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000), period: TOTP_PERIOD });
}

/** otpauth://totp/Visma%20Connect:<email>?secret=…&issuer=Visma%20Connect&algorithm=SHA1&digits=6&period=30 */
export function totpUri(secret: string, email: string): string {
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(email)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(TOTP_ISSUER)}&algorithm=SHA1&digits=6&period=${TOTP_PERIOD}`;
}

