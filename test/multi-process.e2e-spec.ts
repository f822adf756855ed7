/**
 * Two server processes on one database behave as one: sessions, used TOTP steps and throttling counters
 * are shared (they live in the database, never only in process memory).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabaseEnv } from './create-test-app.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { call, DEMO_PASSWORD, DEMO_TOTP, RemoteStaff } from './support/http-client.js';
import { totpCode } from '../server/src/identities/totp.js';

describe('two server processes on one database', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  before(async () => {
    const fresh = await freshDatabaseEnv();
    drop = fresh.drop;
    env = fresh.env;
    a = await startServerProcess(fresh.env);
    b = await startServerProcess(fresh.env); // finds the schema migrated and the demo loaded
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await drop?.();
  });

  it('a session made on one works on the other, and signing out on one ends it on both', async () => {
    const onA = await RemoteStaff.signIn(a.url, 'agent@demo.accessdesk.test');
    const onB = onA.on(b.url);
    assert.equal((await onB.req('GET', '/api/auth/me')).status, 200);
    assert.equal((await onB.req('GET', '/api/organizations')).body.length, 3);
    assert.equal((await onB.req('POST', '/api/auth/sign-out')).status, 200);
    assert.equal((await onA.req('GET', '/api/auth/me')).status, 401);
  });

  it('a TOTP code used on one is refused on the other', async () => {
    const code = await totpCode(DEMO_TOTP, Date.now());
    await RemoteStaff.signIn(a.url, 'supervisor@demo.accessdesk.test', code);
    const challenge = await call(b.url, 'POST', '/api/auth/sign-in', { email: 'supervisor@demo.accessdesk.test', password: DEMO_PASSWORD });
    const replay = await call(b.url, 'POST', '/api/auth/sign-in/totp', { challenge: challenge.body.challenge, code });
    assert.equal(replay.status, 401);
  });

  it('a challenge made on one can be completed on the other', async () => {
    const challenge = await call(a.url, 'POST', '/api/auth/sign-in', { email: 'lead@demo.accessdesk.test', password: DEMO_PASSWORD });
    const done = await call(b.url, 'POST', '/api/auth/sign-in/totp', { challenge: challenge.body.challenge, code: await totpCode(DEMO_TOTP, Date.now()) });
    assert.equal(done.status, 200);
  });

  it('a new SESSION_SECRET: the old CSRF token stops working and /me hands out one that works', async () => {
    const c = await startServerProcess({ ...env, SESSION_SECRET: 'cd'.repeat(32) });
    try {
      const onA = await RemoteStaff.signIn(a.url, 'admin@northwind.test');
      const oldToken = await onA.on(c.url).req('POST', '/api/auth/step-up', { code: '000000' });
      assert.equal(oldToken.status, 403);
      assert.equal(oldToken.body.code, 'CSRF_REQUIRED');
      const me = await onA.on(c.url).req('GET', '/api/auth/me');
      assert.equal(me.status, 200);
      assert.notEqual(me.body.csrfToken, onA.csrf);
      const fresh = new RemoteStaff(c.url, onA.cookie, me.body.csrfToken);
      assert.equal((await fresh.req('POST', '/api/auth/sign-out')).status, 200);
    } finally {
      await c.stop();
    }
  });

  it('throttling counts across both processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      statuses.push((await call(a.url, 'POST', '/api/auth/sign-in', { email: `nobody${i}@x.test`, password: 'x' })).status);
      statuses.push((await call(b.url, 'POST', '/api/auth/sign-in', { email: `nobody${i}@y.test`, password: 'x' })).status);
    }
    // 20 sign-in calls per minute per address in total (see RATE_LIMITS); the earlier tests used a few
    const first429 = statuses.indexOf(429);
    assert.ok(first429 > 0 && first429 < 20, `expected the shared limit to trip before 20 calls on either process alone: ${statuses.join(',')}`);
    const last = await call(b.url, 'POST', '/api/auth/sign-in', { email: 'nobody@x.test', password: 'x' });
    assert.equal(last.status, 429);
    assert.ok(Number(last.headers.get('retry-after')) > 0);
  });

});
