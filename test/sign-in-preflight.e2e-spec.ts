import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type StaffClient, type TestApp } from './create-test-app.js';
import { makeOrg } from './support/sign-in-fixtures.js';
import { diagnose, INACTIVE, MAIL, startSignInSuite } from './support/sign-in-suite.js';
import { LoginAttemptReason } from '../server/src/sign-in/login-attempt.entity.js';
import { FAILURE_REASONS } from '../shared/sign-in.js';

/** Organization-wide views: the preflight (account by account) and the daily failure counts. */
describe('the sign-in preflight and the login failure statistics', () => {
  let t: TestApp;
  let agent: StaffClient;
  let orgAdmin: StaffClient;
  let northwind: string;
  let oldfield: string;

  before(async () => {
    ({ t, agent, orgAdmin, northwind, oldfield } = await startSignInSuite());
  });
  after(async () => t.close());

  describe('the preflight', () => {
    it("lists Northwind's MyVisma accounts with canSignIn and failing codes, and counts per code", async () => {
      const r = await orgAdmin.get(`/api/sign-in/preflight?portal=myvisma&organizationId=${northwind}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.total, 5);
      const by = Object.fromEntries(r.body.accounts.map((a: { email: string; failures: string[] }) => [a.email, a.failures]));
      assert.deepEqual(by['Carla.Berg@northwind.test'], [MAIL]);
      assert.deepEqual(by['dave.lind@northwind.test'], [MAIL]);
      assert.deepEqual(by['anna.virtanen@northwind.test'], []);
      assert.equal(r.body.counts[MAIL], 2);
      assert.deepEqual(Object.keys(r.body.counts), [...FAILURE_REASONS]);
      assert.equal(r.body.canSignIn + r.body.cannotSignIn, 5);
      // The preflight and the diagnosis agree account by account.
      for (const a of r.body.accounts) {
        const d = await diagnose(agent, 'myvisma', northwind, a.email);
        assert.deepEqual(d.body.failures, a.failures, a.email);
      }
    });

    it('is scoped, and validated', async () => {
      assert.equal((await orgAdmin.get(`/api/sign-in/preflight?portal=myvisma&organizationId=${oldfield}`)).status, 404);
      const bad = await agent.get('/api/sign-in/preflight?portal=x');
      assert.equal(bad.status, 400);
      assert.deepEqual(Object.keys(bad.body.errors).sort(), ['organizationId', 'portal']);
    });

    // Its speed is measured by the benchmark (bench/), not asserted here against the wall clock.
    it('answers for every account of a 1,000-account organization', async () => {
      const emails = Array.from({ length: 1000 }, (_, i) => `user${i}@big.test`);
      const org = await makeOrg(t, { users: emails.filter((_, i) => i % 3 !== 0).map((email, i) => ({ email: i % 7 === 0 ? email.toUpperCase() : email, active: i % 5 !== 0 })), accounts: emails });
      const r = await agent.get(`/api/sign-in/preflight?portal=myvisma&organizationId=${org.id}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.total, 1000);
      assert.ok(r.body.counts[MAIL] > 300 && r.body.counts[INACTIVE] > 50);
    });
  });

  describe('login failure statistics', () => {
    it('counts per day and reason for the dashboard, scoped for org admins', async () => {
      const r = await agent.get('/api/stats/login-failures?days=14');
      assert.equal(r.status, 200);
      assert.equal(r.body.days.length, 14);
      const today = new Date(t.clock.nowMs()).toISOString().slice(0, 10);
      assert.equal(r.body.days[13].date, today);
      for (const d of r.body.days) assert.deepEqual(Object.keys(d.counts), [...FAILURE_REASONS]);
      const total = (body: { days: { counts: Record<string, number> }[] }) => body.days.reduce((s, d) => s + Object.values(d.counts).reduce((a, b) => a + b, 0), 0);
      const admin = await orgAdmin.get('/api/stats/login-failures?days=14');
      assert.equal(admin.status, 200);
      assert.ok(total(admin.body) < total(r.body), 'org admins see their organization only');
      assert.equal(admin.body.days.reduce((s: number, d: { counts: Record<string, number> }) => s + d.counts.ORGANIZATION_LEFT_SEVERA, 0), 0, 'Oldfield is not theirs');
      // Matches the attempts table.
      const since = new Date(Date.parse(r.body.days[0].date + 'T00:00:00Z'));
      const expected = await t.ds
        .getRepository(LoginAttemptReason)
        .createQueryBuilder('r')
        .where('r.createdAt >= :since', { since })
        .getCount();
      assert.equal(total(r.body), expected);
      assert.equal((await orgAdmin.get(`/api/stats/login-failures?organizationId=${oldfield}`)).status, 404);
      for (const q of ['days=0', 'days=91', 'days=x', 'portal=x']) {
        const bad = await agent.get(`/api/stats/login-failures?${q}`);
        assert.equal(bad.status, 400, q);
      }
    });
  });
});
