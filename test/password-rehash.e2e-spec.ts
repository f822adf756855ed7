/**
 * Password hashes are replaced on the next successful sign-in (identities/password-rehash.ts): a staff account or a
 * Visma Connect identity stored with a legacy scrypt hash (main's N=2^17, r=8, p=1, or the older N=2^14) or an argon2id
 * hash at weaker parameters signs in with its password, and its stored hash becomes argon2id at today's parameters
 * (common/password-hash.ts); a wrong password changes nothing; the next sign-in keeps the new hash. New passwords
 * (the demo seed, a password reset: activation.e2e-spec) are argon2id from the start.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, scrypt } from 'node:crypto';
import { hash as argon2Hash, type Algorithm, type Version } from '@node-rs/argon2';
import { AGENT, createTestApp, DEMO_PASSWORD, nextDemoCode, type TestApp } from './create-test-app.js';
import { ConnectClient, makeIdentity } from './support/connect.js';
import { SECRET } from './support/connect-spec.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { KdfGate } from '../server/src/common/kdf-gate.js';
import { passwordNeedsRehash, verifyPassword } from '../server/src/common/password-hash.js';

const PHC_TODAY = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;
const WRONG = 'Wrong-Password-1!';

/** A hash as main stored it before argon2id: scrypt$N$r$p$salt$key (base64). */
async function legacyScrypt(password: string, N: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, 32, { N, r: 8, p: 1, maxmem: 128 * N * 8 + 16 * 1024 * 1024 }, (err, k) => (err ? reject(err) : resolve(k))),
  );
  return `scrypt$${N}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** argon2id at an older, weaker policy (m=4 MiB, t=3). */
function weakArgon2id(password: string): Promise<string> {
  return argon2Hash(password, { algorithm: 2 as Algorithm, version: 1 as Version, memoryCost: 4096, timeCost: 3, parallelism: 1, outputLen: 32, salt: randomBytes(16) });
}

describe('password rehash on the next successful sign-in', () => {
  let t: TestApp;
  const stored = async (email: string) => (await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: email })).passwordHash!;
  const store = (email: string, passwordHash: string) => t.db.tx((m) => m.getRepository(Identity).update({ emailNormalized: email }, { passwordHash }));

  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('the demo seed stores argon2id at today’s parameters', async () => {
    assert.match(await stored(AGENT), PHC_TODAY);
  });

  it('staff: a legacy scrypt hash (N=2^17, r=8, p=1) signs in and is replaced by argon2id; a wrong password changes nothing', async () => {
    const legacy = await legacyScrypt(DEMO_PASSWORD, 2 ** 17);
    await store(AGENT, legacy);

    const wrong = await t.http.post('/api/auth/sign-in').send({ email: AGENT, password: WRONG });
    assert.equal(wrong.status, 401);
    assert.equal(await stored(AGENT), legacy, 'a failed sign-in never rewrites the hash');

    const r1 = await t.http.post('/api/auth/sign-in').send({ email: AGENT, password: DEMO_PASSWORD });
    assert.equal(r1.status, 200, JSON.stringify(r1.body));
    const upgraded = await stored(AGENT);
    assert.match(upgraded, PHC_TODAY);
    assert.equal(passwordNeedsRehash(upgraded), false);
    assert.equal(await verifyPassword(t.app.get(KdfGate), DEMO_PASSWORD, upgraded), true);
    const r2 = await t.http.post('/api/auth/sign-in/totp').send({ challenge: r1.body.challenge, code: await nextDemoCode(t.clock) });
    assert.equal(r2.status, 200, 'the sign-in completes as usual');

    // signs in with the new hash, which stays
    const again = await t.http.post('/api/auth/sign-in').send({ email: AGENT, password: DEMO_PASSWORD });
    assert.equal(again.status, 200);
    assert.equal(await stored(AGENT), upgraded);
    assert.equal((await t.http.post('/api/auth/sign-in').send({ email: AGENT, password: WRONG })).status, 401);
  });

  it('Connect: a legacy scrypt hash (N=2^14) and a weaker argon2id hash are replaced at the password step', async () => {
    for (const [tag, make] of [
      ['scrypt', (p: string) => legacyScrypt(p, 2 ** 14)],
      ['argon2id-weak', weakArgon2id],
    ] as const) {
      const who = await makeIdentity(t, `rehash.${tag}@northwind.test`, { totpSecret: SECRET });
      const old = await make(DEMO_PASSWORD);
      await store(who.emailNormalized, old);
      assert.equal(passwordNeedsRehash(old), true);

      const c = new ConnectClient(t);
      assert.equal((await c.post('sign-in', { email: who.email, password: WRONG })).status, 401);
      assert.equal(await stored(who.emailNormalized), old, `${tag}: a failed sign-in never rewrites the hash`);

      const ok = await c.post('sign-in', { email: who.email, password: DEMO_PASSWORD });
      assert.equal(ok.status, 200, `${tag}: ${JSON.stringify(ok.body)}`);
      assert.equal(ok.body.next, 'second-factor');
      const upgraded = await stored(who.emailNormalized);
      assert.match(upgraded, PHC_TODAY, tag);
      assert.equal(await verifyPassword(t.app.get(KdfGate), DEMO_PASSWORD, upgraded), true, tag);
      assert.equal((await c.post('sign-in', { email: who.email, password: DEMO_PASSWORD })).status, 200, `${tag}: signs in with the new hash`);
      assert.equal(await stored(who.emailNormalized), upgraded, `${tag}: the new hash stays`);
    }
  });

  it('a stored hash that is no hash at all is a 401 at the password step, never a 500', async () => {
    const who = await makeIdentity(t, 'rehash.broken@northwind.test', { totpSecret: SECRET });
    for (const broken of ['not-a-hash', '$argon2id$v=19$m=19456,t=2,p=1$AAAA$', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==']) {
      await store(who.emailNormalized, broken);
      const r = await new ConnectClient(t).post('sign-in', { email: who.email, password: DEMO_PASSWORD });
      assert.equal(r.status, 401, `${broken}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 'INVALID_CREDENTIALS');
    }
  });
});
