import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LEAD, type StaffClient, type TestApp } from './create-test-app.js';
import { handoff, handoffBody, makeOrg, postRaw, sign } from './support/sign-in-fixtures.js';
import { EMAIL, startSignInSuite } from './support/sign-in-suite.js';
import { PortalConnection } from '../server/src/portals/portal.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';

/** Portal connections (health, check, rotate, enable/disable) and who may call the sign-in routes. */
describe("portal connections and the sign-in routes' authorization", () => {
  let t: TestApp;
  let agent: StaffClient;
  let orgAdmin: StaffClient;
  let northwind: string;
  let brightside: string;

  before(async () => {
    ({ t, agent, orgAdmin, northwind, brightside } = await startSignInSuite());
  });
  after(async () => t.close());

  describe('portal connections', () => {
    it('lists health, rejected requests, last success and 24-hour failure counts; org admins see their own', async () => {
      const r = await agent.get('/api/portal-connections?range=[0,99]');
      assert.equal(r.status, 200);
      assert.match(r.headers['content-range'], /^portal-connections 0-\d+\/\d+$/);
      const b = r.body.find((c: { organizationId: string }) => c.organizationId === brightside);
      assert.equal(b.status, 'failing');
      assert.equal(b.health.status, 'failing');
      assert.equal(b.health.cause, 'bad-signature');
      assert.ok(b.health.evidence >= 5 && b.rejectedRequests >= b.health.evidence);
      assert.deepEqual(b.health.advice, ['rotate-secret', 'check-portal-configuration']);
      // Its portal's requests do not verify: counted as rejected requests, never as login attempts.
      assert.deepEqual([b.failures24h, b.connectionFailures24h], [0, 0]);
      assert.equal('secretEnc' in b, false);
      assert.equal('previousSecretEnc' in b, false);
      const own = await orgAdmin.get('/api/portal-connections');
      assert.equal(own.status, 200);
      assert.ok(own.body.length === 2 && own.body.every((c: { organizationId: string }) => c.organizationId === northwind));
      const show = await agent.get(`/api/portal-connections/${b.id}`);
      assert.equal(show.status, 200);
      assert.equal(show.body.id, b.id);
      assert.equal((await agent.get('/api/portal-connections/00000000-0000-0000-0000-000000000000')).status, 404);
    });

    it('check now reports the configuration item by item', async () => {
      const org = await makeOrg(t, { addon: 'none' });
      const r = await agent.post(`/api/portal-connections/${org.connectionId}/check`);
      assert.equal(r.status, 200);
      assert.equal(r.body.ok, false);
      const items = Object.fromEntries(r.body.items.map((i: { id: string; ok: boolean }) => [i.id, i.ok]));
      assert.deepEqual(items, { secret: true, signature: true, enabled: true, organization: true, addon: false, 'recent-hand-offs': true });
      // Each item as a catalog key and parameters (the console words them), beside the English message.
      assert.deepEqual(
        r.body.items.map((i: { text: { key: string; params?: object } }) => [i.text.key, i.text.params ?? null]),
        [['secret.ok', null], ['signature.ok', null], ['enabled.ok', null], ['organization.active', { org: org.name }], ['addon.inactive', { portal: 'MyVisma' }], ['recent.none', null]],
      );
      const broken = await makeOrg(t, {});
      await t.db.tx((m) => m.getRepository(PortalConnection).update({ id: broken.connectionId! }, { secretEnc: 'v1.garbage.x.y' }));
      const b = await agent.post(`/api/portal-connections/${broken.connectionId}/check`);
      assert.equal(b.body.items.find((i: { id: string }) => i.id === 'secret').ok, false);
      // A hand-off on that connection cannot verify: refused and counted.
      const h = await handoff(t, 'myvisma', broken.id, EMAIL, { secret: broken.secret });
      assert.equal(h.status, 403);
      assert.equal((await agent.get(`/api/portal-connections/${broken.connectionId}`)).body.rejectedRequests, 1);
      assert.equal((await orgAdmin.post(`/api/portal-connections/${org.connectionId}/check`)).status, 404, 'another organization');
    });

    it('rotate secret: supervisors (and org admins for their own), with step-up; shown once, audited without the secret; with no overlap the old secret stops working', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      const path = `/api/portal-connections/${org.connectionId}/rotate-secret`;
      assert.equal((await agent.post(path)).status, 403);
      assert.equal((await orgAdmin.post(path)).status, 401, 'org admins need step-up (and then only for their organizations)');
      const lead = await t.signIn(LEAD);
      const noStep = await lead.post(path);
      assert.equal(noStep.status, 401);
      assert.equal(noStep.body.code, 'STEP_UP_REQUIRED');
      await lead.stepUp();
      const r = await lead.post(path, { overlapHours: 0 });
      assert.equal(r.status, 200);
      assert.ok(typeof r.body.secret === 'string' && r.body.secret.length >= 40);
      assert.ok(r.body.connection.secretRotatedAt);
      const show = await lead.get(`/api/portal-connections/${org.connectionId}`);
      assert.ok(!JSON.stringify(show.body).includes(r.body.secret), 'never shown again');
      const ev = await t.ds.getRepository(AuditEvent).findOneOrFail({ where: { action: 'portal-connection.secret-rotated', targetId: org.connectionId! } });
      assert.ok(!JSON.stringify(ev).includes(r.body.secret), 'the audit event holds no secret');
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 403);
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: r.body.secret })).status, 303);
    });

    it('the last failure answers its cause as a code and parameters: a malformed hand-off names each refused field', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      const path = `/api/portal-connections/${org.connectionId}`;
      const fresh = (await agent.get(path)).body;
      assert.deepEqual([fresh.lastFailureCause, fresh.lastFailureCauseCode, fresh.lastFailureCauseParams], [null, null, null]);
      const raw = JSON.stringify({ organizationId: org.id, email: EMAIL, issuedAt: 'yesterday', nonce: 'x', extra: true });
      const res = await postRaw(t, 'myvisma', raw, sign(org.secret, raw));
      assert.equal(res.status, 400);
      const fields = [
        { field: 'extra', problem: 'not-allowed' },
        { field: 'issuedAt', problem: 'unix-seconds' },
        { field: 'nonce', problem: 'nonce-format' },
      ];
      const shown = await agent.get(path);
      assert.equal(shown.status, 200);
      assert.match(shown.body.lastFailureCause, /^The portal sent a malformed hand-off: /, 'the English text stays');
      assert.equal(shown.body.lastFailureCauseCode, 'malformed');
      assert.deepEqual(shown.body.lastFailureCauseParams, { fields });
      const listed = await agent.get(`/api/portal-connections?filter=${encodeURIComponent(JSON.stringify({ id: [org.connectionId] }))}`);
      assert.deepEqual(listed.body.map((c: { lastFailureCauseCode: string; lastFailureCauseParams: unknown }) => [c.lastFailureCauseCode, c.lastFailureCauseParams]), [['malformed', { fields }]]);
      // A cause without parameters answers null for them.
      t.clock.advanceSeconds(2);
      const stale = handoffBody(t, org.id, EMAIL, { issuedAt: Math.floor(t.clock.nowMs() / 1000) - 301 });
      assert.equal((await postRaw(t, 'myvisma', stale, sign(org.secret, stale))).status, 403);
      const after = (await agent.get(path)).body;
      assert.deepEqual([after.lastFailureCauseCode, after.lastFailureCauseParams], ['stale', null]);
    });

    it('enable/disable: supervisors with step-up and a reason; re-enabled is unverified until a signed hand-off', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      const path = `/api/portal-connections/${org.connectionId}`;
      assert.equal((await agent.put(path, { enabled: false, reason: 'Maintenance' })).status, 403);
      const lead = await t.signIn(LEAD);
      await lead.stepUp();
      assert.equal((await lead.put(path, { enabled: false })).status, 400);
      const off = await lead.put(path, { enabled: false, reason: 'Maintenance' });
      assert.equal(off.status, 200);
      assert.equal(off.body.status, 'disabled');
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 403);
      const on = await lead.put(path, { enabled: true, reason: 'Done' });
      assert.equal(on.body.enabled, true);
      assert.equal(on.body.health.status, 'unverified');
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 303);
      assert.equal((await lead.get(path)).body.health.status, 'ok');
    });
  });

  describe('authorization matrix for these routes', () => {
    it('unauthenticated requests are 401 except the public hand-off and landing page', async () => {
      for (const [method, path] of [
        ['get', '/api/sign-in/diagnosis'],
        ['get', '/api/sign-in/preflight'],
        ['get', '/api/stats/login-failures'],
        ['get', '/api/portal-connections'],
        ['get', '/api/portal-connections/x'],
        ['post', '/api/portal-connections/x/check'],
        ['post', '/api/portal-connections/x/rotate-secret'],
        ['put', '/api/portal-connections/x'],
        ['put', '/api/severa-users/x'],
      ] as const) {
        const r = await t.http[method](path);
        assert.equal(r.status, 401, `${method} ${path}`);
      }
    });

    it('wrong roles are 403', async () => {
      const id = (await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: northwind, portalId: 'myvisma' })).id;
      const foreign = (await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: brightside })).id;
      assert.equal((await orgAdmin.get(`/api/portal-connections/${id}`)).status, 200);
      assert.equal((await orgAdmin.get(`/api/portal-connections/${foreign}`)).status, 404);
      assert.equal((await agent.put(`/api/portal-connections/${id}`, { enabled: false, reason: 'nope' })).status, 403);
      assert.equal((await agent.post(`/api/portal-connections/${id}/rotate-secret`)).status, 403);
      assert.equal((await agent.post(`/api/portal-connections`, { organizationId: northwind, portal: 'myvisma' })).status, 403);
      assert.equal((await agent.delete(`/api/portal-connections/${id}`)).status, 403);
    });
  });
});
