/**
 * The password hash module (server/src/common/password-hash.ts): new hashes are argon2id at OWASP's parameters in a
 * PHC string; legacy scrypt hashes and weaker argon2 hashes still verify and are marked for rehash; a malformed or
 * tampered stored value is a wrong password (false), never an error; a busy gate is KdfBusyError, never `false`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { hash as argon2Hash, type Algorithm, type Version } from '@node-rs/argon2';
import { KdfBusyError, KdfGate } from '../../server/src/common/kdf-gate.js';
import { ARGON2ID, hashPassword, passwordNeedsRehash, verifyPassword } from '../../server/src/common/password-hash.js';

const PASSWORD = 'Right-Password-1!';
const PHC_TODAY = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;

const gate = () => new KdfGate({ concurrency: 1, queue: 10, queueTimeoutMs: 60_000 });

function scryptHash(password: string, N: number, r = 8, p = 1): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N, r, p, maxmem: 128 * N * r + 16 * 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** An argon2 hash made directly with the library at other parameters (what an older policy would have stored). */
function argon2With(password: string, o: { algorithm?: number; version?: number; memoryCost: number; timeCost: number; parallelism?: number; outputLen?: number }): Promise<string> {
  return argon2Hash(password, {
    algorithm: (o.algorithm ?? 2) as Algorithm,
    version: (o.version ?? 1) as Version,
    memoryCost: o.memoryCost,
    timeCost: o.timeCost,
    parallelism: o.parallelism ?? 1,
    outputLen: o.outputLen ?? 32,
    salt: randomBytes(16),
  });
}

describe('password hashes: argon2id', () => {
  it("hashes with argon2id at OWASP's parameters (m=19456 KiB, t=2, p=1), salted, parameters in the PHC string", async () => {
    const g = gate();
    const a = await hashPassword(g, PASSWORD);
    const b = await hashPassword(g, PASSWORD);
    assert.deepEqual(ARGON2ID, { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32, saltLen: 16 });
    assert.match(a, PHC_TODAY);
    assert.notEqual(a, b, 'a new salt each time');
    assert.ok(!a.includes(PASSWORD));
    assert.equal(passwordNeedsRehash(a), false);
    assert.deepEqual(g.stats(), { active: 0, waiting: 0 });
  });

  it('round trip: the right password verifies, a wrong one, an empty one and a one-character change do not', async () => {
    const g = gate();
    const stored = await hashPassword(g, PASSWORD);
    assert.equal(await verifyPassword(g, PASSWORD, stored), true);
    assert.equal(await verifyPassword(g, 'Right-Password-2!', stored), false);
    assert.equal(await verifyPassword(g, '', stored), false);
    assert.equal(await verifyPassword(g, PASSWORD + ' ', stored), false);
  });

  it('normalizes to NFC: "é" typed precomposed or as e + combining accent is the same password', async () => {
    const g = gate();
    const stored = await hashPassword(g, 'Caf\u00e9-Password-1!');
    assert.equal(await verifyPassword(g, 'Cafe\u0301-Password-1!', stored), true);
    assert.equal(await verifyPassword(g, 'Cafe-Password-1!', stored), false);
  });

  it('an unknown account (no stored hash) never matches, whatever the password', async () => {
    const g = gate();
    assert.equal(await verifyPassword(g, PASSWORD, null), false);
    assert.equal(await verifyPassword(g, '', undefined), false);
    assert.equal(passwordNeedsRehash(null), false);
  });

  it('a busy gate is KdfBusyError for argon2id, legacy scrypt and unknown accounts alike, never `false`', async () => {
    const g = new KdfGate({ concurrency: 1, queue: 0, queueTimeoutMs: 60_000 });
    const argon = await hashPassword(g, PASSWORD);
    const legacy = scryptHash(PASSWORD, 1024);
    let release!: () => void;
    const held = g.run(() => new Promise<void>((r) => (release = r)));
    for (const stored of [argon, legacy, null]) await assert.rejects(verifyPassword(g, PASSWORD, stored), (e) => e instanceof KdfBusyError && e.statusCode === 503);
    release();
    await held;
    assert.equal(await verifyPassword(g, PASSWORD, argon), true);
  });
});

describe('password hashes: what is replaced after the next sign-in', () => {
  it('legacy scrypt hashes verify, and need a rehash whatever their parameters', async () => {
    const g = gate();
    for (const N of [2 ** 14, 2 ** 10]) {
      const stored = scryptHash(PASSWORD, N);
      assert.equal(await verifyPassword(g, PASSWORD, stored), true, `scrypt N=${N}`);
      assert.equal(await verifyPassword(g, 'Wrong-Password-1!', stored), false, `scrypt N=${N}, wrong password`);
      assert.equal(passwordNeedsRehash(stored), true, `scrypt N=${N}`);
    }
    // The strongest scrypt hashes ever written (N=2^17, r=8, p=1) are legacy too: checked by parameters only here.
    assert.equal(passwordNeedsRehash(`scrypt$${2 ** 17}$8$1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`), true);
  });

  it('argon2 hashes with weaker parameters, another variant or version verify and need a rehash; stronger ones do not', async () => {
    const g = gate();
    const weaker = [
      { memoryCost: 4096, timeCost: 3 },
      { memoryCost: 19_456, timeCost: 1 },
      { memoryCost: 15_360, timeCost: 2 },
      { memoryCost: 19_456, timeCost: 2, outputLen: 16 },
      { memoryCost: 19_456, timeCost: 2, algorithm: 1 }, // argon2i
      { memoryCost: 19_456, timeCost: 2, algorithm: 0 }, // argon2d
      { memoryCost: 19_456, timeCost: 2, version: 0 }, // v=16
    ];
    for (const o of weaker) {
      const stored = await argon2With(PASSWORD, o);
      assert.equal(await verifyPassword(g, PASSWORD, stored), true, stored);
      assert.equal(await verifyPassword(g, 'Wrong-Password-1!', stored), false, stored);
      assert.equal(passwordNeedsRehash(stored), true, stored);
    }
    const stronger = await argon2With(PASSWORD, { memoryCost: 32_768, timeCost: 3, parallelism: 2 });
    assert.equal(await verifyPassword(g, PASSWORD, stronger), true);
    assert.equal(passwordNeedsRehash(stronger), false);
  });
});

describe('password hashes: malformed or tampered stored values', () => {
  const b64 = (n: number) => randomBytes(n).toString('base64').replace(/=+$/, '');
  const malformed = [
    '',
    'garbage',
    'plain-text-password',
    '$argon2id$',
    '$argon2id$v=19$m=19456,t=2,p=1$',
    `$argon2id$v=19$m=19456,t=2,p=1$${b64(16)}$`,
    `$argon2id$v=19$m=19456,t=2,p=1$!!!!$${b64(32)}`,
    `$argon2id$v=19$m=abc,t=2,p=1$${b64(16)}$${b64(32)}`,
    `$argon2x$v=19$m=19456,t=2,p=1$${b64(16)}$${b64(32)}`,
    // tampered rows asking for 4 GiB of memory, 10^6 passes or 255 lanes: refused before any run
    `$argon2id$v=19$m=4194304,t=2,p=1$${b64(16)}$${b64(32)}`,
    `$argon2id$v=19$m=19456,t=1000000,p=1$${b64(16)}$${b64(32)}`,
    `$argon2id$v=19$m=19456,t=2,p=255$${b64(16)}$${b64(32)}`,
    'scrypt$',
    'scrypt$16384$8$1$c2FsdA==',
    `scrypt$abc$8$1$${b64(16)}$${b64(32)}`,
    `scrypt$1000$8$1$${b64(16)}$${b64(32)}`, // N not a power of two: scrypt itself refuses
    `scrypt$${2 ** 24}$8$1$${b64(16)}$${b64(32)}`,
    `scrypt$16384$8$1$${b64(16)}$`,
  ];

  it('each is a wrong password (false), never an exception, and leaves the gate free', async () => {
    const g = gate();
    for (const stored of malformed) {
      assert.equal(await verifyPassword(g, PASSWORD, stored), false, JSON.stringify(stored));
      assert.deepEqual(g.stats(), { active: 0, waiting: 0 }, JSON.stringify(stored));
    }
  });

  it('each non-empty one is marked for rehash (it is never kept once a sign-in succeeded)', () => {
    for (const stored of malformed.filter(Boolean)) assert.equal(passwordNeedsRehash(stored), true, JSON.stringify(stored));
  });
});
