import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash, parseOptions as argon2Params, verify as argon2Verify, type Algorithm, type ParsedHashOptions, type Version } from '@node-rs/argon2';
import type { KdfGate } from './kdf-gate.js';

/**
 * The one place passwords are hashed and checked. New hashes: argon2id at OWASP's first recommendation (Password
 * Storage Cheat Sheet): m=19 MiB (19456 KiB), t=2, p=1, a 16-byte random salt and a 32-byte output, stored as a PHC
 * string with its parameters (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`). Hashes made before (scrypt$N$r$p$salt$hash,
 * whatever N) and argon2 hashes with weaker parameters still verify and are replaced after the next successful
 * sign-in (`passwordNeedsRehash`, identities/password-rehash.ts). Every run goes through the KDF gate; the password is
 * NFC-normalized first, so the same password typed on another keyboard layout or system still matches.
 */
export const ARGON2ID = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32, saltLen: 16 } as const;

// The package's `Algorithm` / `Version` are const enums that are empty objects at run time: use their values.
const ARGON2ID_ALGORITHM: Algorithm = 2;
const ARGON2_VERSION_0x13: Version = 1;

/** Refuse stored argon2 parameters that would make one verification exhaust memory or CPU (a tampered row). */
const ARGON2_MAX = { memoryCost: 262_144, timeCost: 16, parallelism: 8, outputLen: 128 } as const;

/** Legacy scrypt hashes (N=2^17, r=8, p=1; N=2^14 before that) are only verified; a larger stored N is refused (a tampered row). */
const SCRYPT_MAX_N = 2 ** 20;

function nfc(password: string): string {
  return password.normalize('NFC');
}

/** A new argon2id hash at today's parameters (PHC string), made at the gate. */
export async function hashPassword(gate: KdfGate, password: string): Promise<string> {
  const salt = randomBytes(ARGON2ID.saltLen);
  const { memoryCost, timeCost, parallelism, outputLen } = ARGON2ID;
  return gate.run(() => argon2Hash(nfc(password), { algorithm: ARGON2ID_ALGORITHM, version: ARGON2_VERSION_0x13, memoryCost, timeCost, parallelism, outputLen, salt }));
}

/**
 * The parameters of a stored argon2 hash (any variant); null when it is not one, does not parse, or asks for more
 * than ARGON2_MAX (never run).
 */
function argon2ParamsOf(stored: string): ParsedHashOptions | null {
  if (!stored.startsWith('$argon2')) return null;
  let o: ParsedHashOptions;
  try {
    o = argon2Params(stored);
  } catch {
    return null;
  }
  const inBounds = o.memoryCost <= ARGON2_MAX.memoryCost && o.timeCost <= ARGON2_MAX.timeCost && o.parallelism <= ARGON2_MAX.parallelism && o.outputLen <= ARGON2_MAX.outputLen;
  return inBounds ? o : null;
}

/**
 * True when a stored hash is to be replaced after the next successful sign-in: anything but argon2id (a legacy scrypt
 * hash, whatever its parameters), an older argon2 version, or any argon2id parameter below today's. (A value that is
 * no hash at all is marked too, though it never verifies.)
 */
export function passwordNeedsRehash(stored: string | null | undefined): boolean {
  if (!stored) return false;
  const o = argon2ParamsOf(stored);
  if (!o) return true;
  return (
    o.algorithm !== ARGON2ID_ALGORITHM ||
    o.version !== ARGON2_VERSION_0x13 ||
    o.memoryCost < ARGON2ID.memoryCost ||
    o.timeCost < ARGON2ID.timeCost ||
    o.parallelism < ARGON2ID.parallelism ||
    o.outputLen < ARGON2ID.outputLen ||
    o.saltLen < ARGON2ID.saltLen
  );
}

/**
 * What an unknown account is checked against: today's parameters, a random salt and a random hash nobody's password
 * derives, so the check costs exactly one argon2id run through the gate, like a known account's (and never matches).
 */
const DUMMY_HASH = `$argon2id$v=19$m=${ARGON2ID.memoryCost},t=${ARGON2ID.timeCost},p=${ARGON2ID.parallelism}$${randomBytes(ARGON2ID.saltLen).toString('base64').replace(/=+$/, '')}$${randomBytes(ARGON2ID.outputLen).toString('base64').replace(/=+$/, '')}`;

/**
 * One KDF run through the gate whether or not the account exists; KdfBusyError (503) when the gate refuses. A stored
 * value that is no hash this module made (or whose parameters are out of bounds) is a wrong password, never an error.
 */
export async function verifyPassword(gate: KdfGate, password: string, stored: string | null | undefined): Promise<boolean> {
  const target = stored ?? DUMMY_HASH;
  const ok = target.startsWith('scrypt$') ? await verifyScrypt(gate, password, target) : await verifyArgon2(gate, password, target);
  return ok && stored != null;
}

async function verifyArgon2(gate: KdfGate, password: string, stored: string): Promise<boolean> {
  if (!argon2ParamsOf(stored)) return false;
  // Only the library's own failure becomes `false`: a refusal at the gate (KdfBusyError) is thrown before the task runs.
  return gate.run(() => argon2Verify(stored, nfc(password)).catch(() => false));
}

/** Legacy scrypt$N$r$p$salt$hash (base64): checked at its own parameters, then replaced (passwordNeedsRehash). */
async function verifyScrypt(gate: KdfGate, password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6) return false;
  const [, N, r, p, salt, hash] = parts;
  if (!(+N >= 2 && +N <= SCRYPT_MAX_N && +r >= 1 && +r <= 32 && +p >= 1 && +p <= 16)) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length < 16) return false;
  const opts = { N: +N, r: +r, p: +p, maxmem: 128 * +N * +r + 16 * 1024 * 1024 }; // Node's default cap (32 MiB) is below N=2^17, r=8
  // scrypt refuses some parameters by throwing (N not a power of two): that, too, is a wrong password.
  const key = await gate.run(() =>
    new Promise<Buffer>((resolve, reject) => scrypt(nfc(password), Buffer.from(salt, 'base64'), expected.length, opts, (err, key) => (err ? reject(err) : resolve(key)))).catch(() => null),
  );
  return key !== null && timingSafeEqual(key, expected);
}
