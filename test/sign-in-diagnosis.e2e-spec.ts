import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type StaffClient, type TestApp } from './create-test-app.js';
import { makeOrg } from './support/sign-in-fixtures.js';
import { diagnose, EMAIL, INACTIVE, ORG, startSignInSuite } from './support/sign-in-suite.js';
import { FAILURE_REASONS } from '../shared/sign-in.js';
import { type Diagnosis } from '../shared/diagnosis.js';

/** The diagnosis: evidence, owners, actions, near misses, scope and validation. */
describe('the sign-in diagnosis', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let orgAdmin: StaffClient;
  let northwind: string;
  let oldfield: string;
  let brightside: string;

  before(async () => {
    ({ t, agent, supervisor, orgAdmin, northwind, oldfield, brightside } = await startSignInSuite());
  });
  after(async () => t.close());

  describe('the diagnosis', () => {
    it("explains Ben: deactivated on 2026-10-02 by admin@northwind.test, with an activate action the org admin may use", async () => {
      const d = await diagnose(orgAdmin, 'myvisma', northwind, 'ben.koski@northwind.test');
      assert.equal(d.status, 200);
      const body = d.body as Diagnosis;
      assert.equal(body.canSignIn, false);
      assert.deepEqual(
        body.checks.map((c) => c.code),
        [...FAILURE_REASONS],
      );
      for (const c of body.checks) {
        assert.ok(['pass', 'fail', 'not-applicable'].includes(c.status));
        assert.ok(['org-admin', 'visma-support', 'portal-admin'].includes(c.owner));
        assert.ok(c.evidence.length > 10 && c.remedy.length > 5);
        assert.ok(Array.isArray(c.actions));
      }
      const inactive = body.checks[4];
      assert.equal(inactive.status, 'fail');
      assert.match(inactive.evidence, /^Severa user ben\.koski@northwind\.test was deactivated on 2026-10-02 by admin@northwind\.test/);
      assert.deepEqual(inactive.actions.map((a) => [a.id, a.allowed]), [['activate-user', true]]);
      assert.equal(inactive.actions[0].params.severaUserId, body.severaUserId);
      assert.match(body.checks[2].evidence, /MyVisma add-on is active for Northwind Consulting since \d{4}-\d\d-\d\d .*order AD-2025-000101/);
      assert.ok(body.recentAttempts.length > 0 && body.recentAttempts.length <= 20);
      for (const a of body.recentAttempts) {
        assert.deepEqual(a.reasons, [INACTIVE]);
        assert.equal(a.detailCode, null, 'an inactive user is no connection cause');
      }
      const times = body.recentAttempts.map((a) => a.createdAt);
      assert.deepEqual([...times].sort().reverse(), times, 'newest first');
    });

    it('add-on evidence and who may activate it: agents may not, org admins may', async () => {
      const a = await diagnose(agent, 'azets-work', northwind, 'anna.virtanen@northwind.test');
      const check = (a.body as Diagnosis).checks[2];
      assert.equal(check.status, 'fail');
      assert.match(check.evidence, /Northwind Consulting has never activated the Azets Work add-on/);
      assert.match(check.remedy, /go to Upgrades/);
      assert.deepEqual(check.actions.map((x) => [x.id, x.allowed]), [['activate-addon', false]]);
      assert.match(check.actions[0].who, /supervisor or the organization's admin/);
      const o = await diagnose(orgAdmin, 'azets-work', northwind, 'anna.virtanen@northwind.test');
      assert.equal((o.body as Diagnosis).checks[2].actions[0].allowed, true);
    });

    it("Brightside's connection: the evidence says which, since when and what to do; the portal admin owns the fix", async () => {
      const d = await diagnose(supervisor, 'azets-work', brightside, 'bella.stone@brightside.test');
      const c = (d.body as Diagnosis).checks[0];
      assert.equal(c.status, 'fail');
      assert.match(c.evidence, /^Since \d{4}-\d\d-\d\d \d\d:\d\d UTC, \d+ hand-off requests .* had a signature that does not match the connection secret, and no signed hand-off arrived in the last 15 minutes/);
      assert.match(c.remedy, /rotate the secret/);
      assert.equal(c.owner, 'portal-admin');
      assert.deepEqual(c.actions.map((x) => [x.id, x.allowed]), [
        ['open-connection', true],
        ['check-connection', true],
        ['rotate-secret', true],
      ]);
      const asAgent = await diagnose(agent, 'azets-work', brightside, 'bella.stone@brightside.test');
      assert.deepEqual((asAgent.body as Diagnosis).checks[0].actions.map((x) => x.allowed), [true, true, false]);
    });

    it('Oldfield left Severa: the evidence says when', async () => {
      const d = await diagnose(agent, 'myvisma', oldfield, 'olli.lehto@oldfield.test');
      assert.deepEqual(d.body.failures, [ORG]);
      assert.match(d.body.checks[1].evidence, /^Oldfield Oy no longer uses Visma Severa: the subscription ended on \d{4}-\d\d-\d\d\.$/);
    });

    it('near misses: Carla differs only in letter case; two or more candidates are flagged', async () => {
      const d = await diagnose(orgAdmin, 'myvisma', northwind, 'Carla.Berg@northwind.test');
      assert.deepEqual(d.body.nearMisses.map((n: { email: string; why: string }) => [n.email, n.why]), [['carla.berg@northwind.test', 'differs only in letter case']]);
      assert.equal(d.body.ambiguous, false);
      const org = await makeOrg(t, {
        users: [
          { email: 'pat@acme.test', active: true },
          { email: 'Pat@acme.test', active: true },
          { email: 'pat+old@acme.test', active: false },
          { email: 'pat@acme.example', active: true },
        ],
      });
      const m = await diagnose(agent, 'myvisma', org.id, 'PAT@acme.test');
      assert.equal(m.body.ambiguous, true);
      assert.equal(m.body.nearMisses.length, 4);
      assert.match(m.body.nearMisses[0].why, /one of 4 candidates/);
      const dup = await makeOrg(t, { users: [{ email: 'pat@acme.test', active: false }, { email: 'pat@acme.test', active: true }], accounts: ['pat@acme.test'] });
      const dd = await diagnose(agent, 'myvisma', dup.id, 'pat@acme.test');
      assert.equal(dd.body.canSignIn, true);
      assert.equal(dd.body.ambiguous, true);
      assert.deepEqual(dd.body.nearMisses.map((n: { kinds: string[] }) => n.kinds), [['same-email'], ['same-email']]);
    });

    it('a disabled connection: owner Visma support; supervisors may enable it', async () => {
      const org = await makeOrg(t, { connection: 'disabled', users: [{ email: EMAIL, active: true }] });
      const d = await diagnose(supervisor, 'myvisma', org.id, EMAIL);
      const c = (d.body as Diagnosis).checks[0];
      assert.match(c.evidence, /connection for .* is disabled/);
      assert.equal(c.owner, 'visma-support');
      assert.ok(c.actions.some((a) => a.id === 'enable-connection' && a.allowed));
      const none = await makeOrg(t, { connection: 'none', users: [{ email: EMAIL, active: true }] });
      const n = await diagnose(agent, 'myvisma', none.id, EMAIL);
      assert.match(n.body.checks[0].evidence, /No MyVisma connection is configured/);
    });

    it('org admins get 404 for other organizations and unknown ones; bad input is 400 naming the fields', async () => {
      assert.equal((await diagnose(orgAdmin, 'myvisma', oldfield, 'olli.lehto@oldfield.test')).status, 404);
      assert.equal((await diagnose(agent, 'myvisma', '00000000-0000-0000-0000-000000000000', 'x@y.test')).status, 404);
      const bad = await agent.get('/api/sign-in/diagnosis?portal=facebook&organizationId=..');
      assert.equal(bad.status, 400);
      assert.deepEqual(Object.keys(bad.body.errors).sort(), ['email', 'organizationId', 'portal']);
      const extra = await agent.get(`/api/sign-in/diagnosis?portal=myvisma&organizationId=${northwind}&email=a@b.test&x=1`);
      assert.equal(extra.status, 400);
      assert.ok('x' in extra.body.errors);
      assert.equal((await t.http.get(`/api/sign-in/diagnosis?portal=myvisma&organizationId=${northwind}&email=a@b.test`)).status, 401);
    });
  });
});
