import type { RandomSource } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';

/** One body for every sign-in refusal: it never tells whether the e-mail has an account. */
export const invalidSignIn = () => new DomainError(401, ErrorCode.INVALID_CREDENTIALS, 'The e-mail, password or code is not correct.');

/** Six random digits (rejection sampling: no modulo bias). */
export function sixDigits(random: RandomSource): string {
  for (;;) {
    const n = random.bytes(4).readUInt32BE(0);
    if (n < 4_294_000_000) return String(n % 1_000_000).padStart(6, '0');
  }
}
