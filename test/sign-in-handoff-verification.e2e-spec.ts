import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type StaffClient, type TestApp } from './create-test-app.js';
import { attemptOf, DEMO_PORTAL_SECRET, handoff, handoffBody, makeOrg, postRaw, sign } from './support/sign-in-fixtures.js';
import { CONN, EMAIL, startSignInSuite } from './support/sign-in-suite.js';
import { HandoffNonce, PortalConnection } from '../server/src/portals/portal.entity.js';
import { LoginAttempt } from '../server/src/sign-in/login-attempt.entity.js';
import { PortalId } from '../shared/sign-in.js';

/** What the hand-off verifies before the rules run, and how a refused request is recorded. */
describe('portal → Severa hand-off: signature, freshness, replay and malformed requests', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let northwind: string;

  before(async () => {
    ({ t, agent, supervisor, northwind } = await startSignInSuite());
  });
  after(async () => t.close());

  describe('signature, freshness and replay', () => {
    it('a wrong secret, a missing header, a tampered body are PORTAL_CONNECTION_FAILED', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      const wrong = await handoff(t, 'myvisma', org.id, EMAIL, { secret: 'not-the-secret' });
      assert.equal(wrong.status, 403);
      assert.equal(await attemptOf(t, wrong), null, 'no attempt under an e-mail the sender chose');
      let conn = await t.ds.getRepository(PortalConnection).findOneByOrFail({ id: org.connectionId! });
      assert.equal(conn.lastFailureCause, null);

      t.clock.advanceSeconds(2);
      const missing = await handoff(t, 'myvisma', org.id, EMAIL, { signature: null });
      assert.equal(missing.status, 403);
      assert.equal(await attemptOf(t, missing), null);

      const raw = handoffBody(t, org.id, 'someone.else@acme.test');
      const tampered = await postRaw(t, 'myvisma', raw.replace('someone.else@acme.test', EMAIL), sign(org.secret, raw));
      assert.equal(tampered.status, 403);
      assert.equal(await attemptOf(t, tampered), null);
      const view = await supervisor.get(`/api/portal-connections/${org.connectionId}`);
      assert.equal(view.body.rejectedRequests, 3, 'counted per connection');
      assert.equal(view.body.health.rejectedByKind['bad-signature'], 3);

      // Re-serialising the JSON differently changes the bytes: the signature covers the raw body.
      const spaced = handoffBody(t, org.id, EMAIL).replace(/,/g, ', ');
      const resigned = await postRaw(t, 'myvisma', spaced, sign(org.secret, spaced.replace(/, /g, ',')));
      assert.equal(resigned.status, 403);
      const good = await postRaw(t, 'myvisma', spaced, sign(org.secret, spaced));
      assert.equal(good.status, 303, 'whatever bytes were signed are what is verified');
      conn = await t.ds.getRepository(PortalConnection).findOneByOrFail({ id: org.connectionId! });
      assert.ok(conn.lastSuccessAt, 'the signed hand-off is recorded on the connection');
    });

    it('issuedAt older than 5 minutes (or far in the future) is refused as stale', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      const now = Math.floor(t.clock.nowMs() / 1000);
      const old = await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret, issuedAt: now - 301 });
      assert.equal(old.status, 403);
      assert.deepEqual((await attemptOf(t, old))?.reasons, [CONN]);
      assert.match((await t.ds.getRepository(PortalConnection).findOneByOrFail({ id: org.connectionId! })).lastFailureCause!, /more than 5 minutes/);
      // The console words the cause from its code.
      assert.equal((await agent.get(`/api/portal-connections/${org.connectionId}`)).body.lastFailureCauseCode, 'stale');
      const future = await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret, issuedAt: now + 120 });
      assert.equal(future.status, 403);
      const edge = await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret, issuedAt: now - 299 });
      assert.equal(edge.status, 303);
    });

    it('a replayed nonce is refused; the same nonce in another organization is its own', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      const raw = handoffBody(t, org.id, EMAIL, { nonce: 'nonce-replay-1' });
      const first = await postRaw(t, 'myvisma', raw, sign(org.secret, raw));
      assert.equal(first.status, 303);
      const again = await postRaw(t, 'myvisma', raw, sign(org.secret, raw));
      assert.equal(again.status, 403);
      const replayed = await attemptOf(t, again);
      assert.deepEqual(replayed?.reasons, [CONN]);
      assert.match(replayed.detail!, /nonce/);
      const replayedView = (await agent.get(`/api/login-attempts/${replayed.id}`)).body;
      assert.deepEqual([replayedView.detailCode, replayedView.detailParams], ['replayed', null]);
      // Anyone who saw the request can replay it: counted, never evidence against the connection.
      assert.equal((await t.ds.getRepository(PortalConnection).findOneByOrFail({ id: org.connectionId! })).lastFailureCause, null);
      // A nonce is single-use across every portal and organization (one signed body cannot open two sessions).
      const other = await makeOrg(t, { users: [{ email: EMAIL, active: true }], secret: org.secret, portal: PortalId.AZETS_WORK });
      const raw2 = handoffBody(t, other.id, EMAIL, { nonce: 'nonce-replay-1' });
      const second = await postRaw(t, 'azets-work', raw2, sign(other.secret, raw2));
      assert.equal(second.status, 403);
      assert.match((await attemptOf(t, second))!.detail!, /nonce/);
    });

    it('a request with a bad signature does not spend the nonce', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      const raw = handoffBody(t, org.id, EMAIL, { nonce: 'nonce-unspent-1' });
      assert.equal((await postRaw(t, 'myvisma', raw, sign('wrong', raw))).status, 403);
      assert.equal((await postRaw(t, 'myvisma', raw, sign(org.secret, raw))).status, 303);
    });

    it('two concurrent copies of one signed hand-off: exactly one signs in', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      const raw = handoffBody(t, org.id, EMAIL);
      const sig = sign(org.secret, raw);
      const results = await Promise.all([postRaw(t, 'myvisma', raw, sig), postRaw(t, 'myvisma', raw, sig), postRaw(t, 'myvisma', raw, sig)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [303, 403, 403]);
      assert.equal(await t.ds.getRepository(HandoffNonce).countBy({ key: JSON.parse(raw).nonce }), 1);
    });

    it('an unknown portal is 404; an unknown organization is refused and records nothing (no secret can verify it)', async () => {
      assert.equal((await handoff(t, 'facebook', northwind, 'anna.virtanen@northwind.test')).status, 404);
      const res = await handoff(t, 'myvisma', '00000000-0000-0000-0000-000000000000', 'anna.virtanen@northwind.test');
      assert.equal(res.status, 403);
      assert.equal(await attemptOf(t, res), null);
    });
  });

  describe('malformed hand-offs', () => {
    it('400 naming each bad field; recorded when organization and portal are known', async () => {
      const before = await t.ds.getRepository(LoginAttempt).countBy({ organizationId: northwind });
      const raw = JSON.stringify({ organizationId: northwind, email: 'anna.virtanen@northwind.test', issuedAt: 'yesterday', nonce: 'x', extra: true });
      const res = await postRaw(t, 'myvisma', raw, sign(DEMO_PORTAL_SECRET, raw));
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.deepEqual(Object.keys(res.body.errors).sort(), ['extra', 'issuedAt', 'nonce']);
      assert.equal(await t.ds.getRepository(LoginAttempt).countBy({ organizationId: northwind }), before + 1);
      const a = await attemptOf(t, res);
      assert.deepEqual(a?.reasons, [CONN]);
      assert.match(a.detail!, /malformed hand-off: .*issuedAt must be a Unix time/);
      // The API answers the cause as a code and the refused fields as parameters (the console words them); `detail` stays.
      const fields = [
        { field: 'extra', problem: 'not-allowed' },
        { field: 'issuedAt', problem: 'unix-seconds' },
        { field: 'nonce', problem: 'nonce-format' },
      ];
      const shown = await agent.get(`/api/login-attempts/${a.id}`);
      assert.equal(shown.status, 200);
      assert.equal(shown.body.detail, a.detail);
      assert.equal(shown.body.detailCode, 'malformed');
      assert.deepEqual(shown.body.detailParams, { fields });
      for (const filter of [{ id: [a.id] }, { reason: CONN, organizationId: northwind }]) {
        const listed = await agent.get(`/api/login-attempts?filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,0]&sort=["createdAt","DESC"]`);
        assert.equal(listed.status, 200);
        assert.deepEqual(listed.body.map((r: { id: string; detailCode: string; detailParams: unknown }) => [r.id, r.detailCode, r.detailParams]), [[a.id, 'malformed', { fields }]], JSON.stringify(filter));
      }
      const conn = await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: northwind, portalId: 'myvisma' });
      assert.match(conn.lastFailureCause!, /^The portal sent a malformed hand-off/);
      // A good hand-off afterwards puts the connection back in order.
      t.clock.advanceSeconds(2);
      assert.equal((await handoff(t, 'myvisma', northwind, 'anna.virtanen@northwind.test')).status, 303);
    });

    it('400 without a record when the organization cannot be identified', async () => {
      const count = await t.ds.getRepository(LoginAttempt).count();
      for (const raw of ['[]', '"x"', JSON.stringify({ email: 'a@b.test', issuedAt: 1, nonce: '12345678' }), JSON.stringify({ organizationId: 'no such org', email: 'a@b.test' })]) {
        const res = await postRaw(t, 'myvisma', raw, sign(DEMO_PORTAL_SECRET, raw));
        assert.equal(res.status, 400, raw);
      }
      const notJson = await t.http.post('/api/portals/myvisma/handoff').set('Content-Type', 'application/json').send('{"organizationId":');
      assert.equal(notJson.status, 400);
      const text = await t.http.post('/api/portals/myvisma/handoff').set('Content-Type', 'text/plain').send('hello');
      assert.equal(text.status, 400);
      const unknownOrg = JSON.stringify({ organizationId: '11111111-1111-1111-1111-111111111111', email: 'a@b.test', issuedAt: 'x', nonce: '12345678' });
      assert.equal((await postRaw(t, 'myvisma', unknownOrg, 'ab')).status, 400);
      assert.equal(await t.ds.getRepository(LoginAttempt).count(), count);
    });
  });
});
