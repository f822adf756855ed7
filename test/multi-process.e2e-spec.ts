/**
 * Two server processes on one database behave as one: sessions, used TOTP steps and throttling counters
 * are shared (they live in the database, never only in process memory), and their audited writes make one chain.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { freshDatabaseEnv } from './create-test-app.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { call, DEMO_PASSWORD, DEMO_TOTP, RemoteStaff } from './support/http-client.js';
import { totpCode } from '../server/src/identities/totp.js';

const CONNECT_LIMIT = 7;

describe('two server processes on one database', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  before(async () => {
    const fresh = await freshDatabaseEnv();
    drop = fresh.drop;
    // The throttling test below owns the Connect sign-in limit (no other test here calls that route), with a
    // window far longer than the test, so its count depends on nothing else.
    env = { ...fresh.env, RATE_LIMITS: `connect-sign-in=${CONNECT_LIMIT}/3600` };
    a = await startServerProcess(env);
    b = await startServerProcess(env); // finds the schema migrated and the demo loaded
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

  it('throttling counts across both processes: the limit is for both together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < CONNECT_LIMIT + 3; i++) {
      const url = i % 2 === 0 ? a.url : b.url;
      statuses.push((await call(url, 'POST', '/api/connect/sign-in', { email: `nobody${i}@x.test`, password: 'x' })).status);
    }
    // exactly CONNECT_LIMIT calls pass (401: wrong password), on whichever process; every later one is 429
    assert.deepEqual(statuses, [...Array<number>(CONNECT_LIMIT).fill(401), 429, 429, 429]);
    const last = await call(b.url, 'POST', '/api/connect/sign-in', { email: 'nobody@x.test', password: 'x' });
    assert.equal(last.status, 429);
    assert.ok(Number(last.headers.get('retry-after')) > 3000, 'the window is the configured hour');
  });

  it('audited writes on both processes at once make one chain that audit:verify accepts', async () => {
    // A code one step ahead (accepted, ±1 step): the current one was spent by the agent's sign-in above.
    const onA = await RemoteStaff.signIn(a.url, 'agent@demo.accessdesk.test', await totpCode(DEMO_TOTP, Date.now() + 30_000));
    const onB = onA.on(b.url);
    // Comments on tickets of their own: nothing but the audit chain orders these transactions (one ticket's row would).
    const N = 40;
    const tickets: string[] = [];
    for (let i = 0; i < N; i++) {
      const created = await (i % 2 ? onB : onA).req('POST', '/api/tickets', { callerEmail: `caller${i}@northwind.test`, channel: 'phone', description: 'Concurrent audit test' });
      assert.equal(created.status, 201);
      tickets.push((created.body as { id: string }).id);
    }
    const commented = async () => {
      const r = await onB.req('GET', `/api/audit-events?range=[0,0]&filter=${encodeURIComponent(JSON.stringify({ action: 'ticket.commented' }))}`);
      return Number(r.headers.get('content-range')?.split('/')[1]);
    };
    const before = await commented();
    const writes = tickets.map((id, i) => (i % 2 ? onB : onA).req('POST', `/api/tickets/${id}/comments`, { body: `concurrent ${i}` }));
    assert.deepEqual(
      (await Promise.all(writes)).map((r) => r.status),
      Array<number>(N).fill(201),
    );
    assert.equal(await commented(), before + N, 'every write was audited once');
    const verify = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/src/scripts/audit-verify.ts'], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(verify.stdout, /Audit chain intact: \d+ events verified/);
  });

});
