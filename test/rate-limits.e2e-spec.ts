/**
 * Per-address rate limits on the routes an attacker would hammer: staff sign-in, step-up, Connect sign-in,
 * one-time-code redemption, the portal hand-off and invitations. 429 with Retry-After; the window passes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, SUPERVISOR, type TestApp } from './create-test-app.js';

/** What a limit is judged on: supertest's answer (its JSON body untyped). */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: { code?: unknown };
}

const LIMIT = 3;

describe('rate limits', () => {
  let t: TestApp;
  before(async () => {
    const names = ['sign-in', 'step-up', 'connect-sign-in', 'one-time-code', 'handoff', 'invite'];
    t = await createTestApp({ env: { RATE_LIMITS: names.map((n) => `${n}=${LIMIT}/60`).join(',') } });
  });
  after(async () => t.close());

  async function hammer(send: () => Promise<Answer>) {
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let i = 0; i < LIMIT + 2; i++) {
      last = await send();
      statuses.push(last.status);
    }
    return { statuses, last: last! };
  }

  const cases: [string, (t: TestApp) => Promise<Answer>][] = [
    ['POST /api/connect/sign-in', (t) => t.http.post('/api/connect/sign-in').set('Content-Type', 'application/json').send({ email: 'nobody@x.test', password: 'x' })],
    ['POST /api/connect/sign-in/one-time-code', (t) => t.http.post('/api/connect/sign-in/one-time-code').set('Content-Type', 'application/json').send({ challenge: 'x', code: 'AAAA-AAAA-AAAA-AAAA-AAAA' })],
    ['POST /api/portals/:portal/handoff', (t) => t.http.post('/api/portals/myvisma/handoff').set('Content-Type', 'application/json').set('X-Portal-Signature', '00').send({ organizationId: 'x', email: 'a@b.test', issuedAt: 1, nonce: 'n' })],
    ['POST /api/connect/password-reset/request', (t) => t.http.post('/api/connect/password-reset/request').set('Content-Type', 'application/json').send({ email: 'nobody@x.test' })],
  ];
  for (const [name, send] of cases) {
    it(`${name}: ${LIMIT} per window, then 429 with Retry-After`, async () => {
      const { statuses, last } = await hammer(() => send(t));
      assert.ok(statuses.slice(0, LIMIT).every((s) => s !== 429), statuses.join(','));
      assert.equal(last.status, 429, statuses.join(','));
      assert.equal(last.body.code, 'TOO_MANY_REQUESTS');
      assert.ok(Number(last.headers['retry-after']) > 0 && Number(last.headers['retry-after']) <= 60);
    });
  }

  it('authentic hand-offs are never throttled; only unverifiable ones count', async () => {
    t.clock.advanceSeconds(61);
    const { createHmac, randomBytes } = await import('node:crypto');
    const sup = await t.signIn(SUPERVISOR);
    const northwind = (await sup.get('/api/organizations')).body.find((o: { name: string }) => o.name === 'Northwind Consulting').id;
    for (let i = 0; i < LIMIT * 3; i++) {
      const raw = JSON.stringify({ organizationId: northwind, email: 'anna.virtanen@northwind.test', issuedAt: Math.floor(t.clock.nowMs() / 1000), nonce: randomBytes(8).toString('hex') });
      const sig = createHmac('sha256', 'demo-portal-secret').update(raw).digest('hex');
      const r = await t.http.post('/api/portals/myvisma/handoff').set('Content-Type', 'application/json').set('X-Portal-Signature', sig).send(raw);
      assert.equal(r.status, 303, `authentic hand-off #${i + 1}`);
    }
  });

  it('staff sign-in and step-up are limited too, and the window passes', async () => {
    t.clock.advanceSeconds(61);
    const sup = await t.signIn(SUPERVISOR); // uses 2 of the 3 sign-in calls
    const signIns = await hammer(() => t.http.post('/api/auth/sign-in').send({ email: 'nobody@x.test', password: 'x' }));
    assert.equal(signIns.last.status, 429);
    const stepUps = await hammer(() => sup.post('/api/auth/step-up', { code: '000000' }));
    assert.equal(stepUps.last.status, 429);
    t.clock.advanceSeconds(61);
    const after = await t.http.post('/api/auth/sign-in').send({ email: 'nobody@x.test', password: 'x' });
    assert.equal(after.status, 401);
  });

  it('invitations are limited', async () => {
    t.clock.advanceSeconds(61);
    const sup = await t.signIn(SUPERVISOR);
    await sup.stepUp();
    const orgs = (await sup.get('/api/organizations')).body;
    const r = await hammer(() => sup.post('/api/identities/invite', { email: `x${Math.random()}@northwind.test`, name: 'X', organizationId: orgs[0].id }));
    assert.equal(r.last.status, 429, r.statuses.join(','));
  });
});
