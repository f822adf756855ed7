import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, ORG_ADMIN, type StaffClient, type TestApp } from './create-test-app.js';
import { handoff } from './support/sign-in-fixtures.js';
import { diagnose, startSignInSuite } from './support/sign-in-suite.js';
import { SeveraUser } from '../server/src/severa-users/severa-user.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';

/** Activating and deactivating Severa users: step-up, reason, scope, audit. */
describe('Severa user status (activate / deactivate)', () => {
  let t: TestApp;
  let agent: StaffClient;
  let northwind: string;

  before(async () => {
    ({ t, agent, northwind } = await startSignInSuite());
  });
  after(async () => t.close());

  describe('Severa user status', () => {
    async function userId(email: string) {
      return (await t.ds.getRepository(SeveraUser).findOneByOrFail({ email })).id;
    }

    it('activation needs step-up and a reason; it records who, when and why, and audits before/after', async () => {
      const id = await userId('ben.koski@northwind.test');
      const admin = await t.signIn(ORG_ADMIN);
      const noStep = await admin.put(`/api/severa-users/${id}`, { active: true, reason: 'Back from leave' });
      assert.equal(noStep.status, 401);
      assert.equal(noStep.body.code, 'STEP_UP_REQUIRED');
      await admin.stepUp();
      const noReason = await admin.put(`/api/severa-users/${id}`, { active: true });
      assert.equal(noReason.status, 400);
      assert.ok('reason' in noReason.body.errors);
      const blank = await admin.put(`/api/severa-users/${id}`, { active: true, reason: '     ' });
      assert.equal(blank.status, 400);
      assert.ok('reason' in blank.body.errors);
      const noActive = await admin.put(`/api/severa-users/${id}`, { reason: 'x y z', name: 'Hacker' });
      assert.equal(noActive.status, 400);
      assert.deepEqual(Object.keys(noActive.body.errors).sort(), ['active', 'name']);

      const ok = await admin.put(`/api/severa-users/${id}`, { active: true, reason: 'Back from leave' });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.active, true);
      assert.equal(ok.body.activeChangedBy, ORG_ADMIN);
      assert.equal(ok.body.activeChangeReason, 'Back from leave');
      assert.equal(ok.body.email, 'ben.koski@northwind.test', 'nothing else changes');
      const ev = await t.ds.getRepository(AuditEvent).findOneOrFail({ where: { action: 'severa-user.activated', targetId: id }, order: { id: 'DESC' } });
      assert.equal(ev.actorEmail, ORG_ADMIN);
      assert.equal(ev.before?.active, false);
      assert.equal(ev.after?.active, true);
      assert.equal(ev.after?.activeChangeReason, 'Back from leave');

      const d = await diagnose(admin, 'myvisma', northwind, 'ben.koski@northwind.test');
      assert.equal(d.body.canSignIn, true);
      assert.match(d.body.checks[4].evidence, /is active \(activated on \d{4}-\d\d-\d\d by admin@northwind\.test\)/);
      assert.equal((await handoff(t, 'myvisma', northwind, 'ben.koski@northwind.test')).status, 303);
    });

    it('deactivation also needs step-up; a Severa session of a deactivated user ends', async () => {
      const id = await userId('erik.nurmi@northwind.test');
      const res = await handoff(t, 'myvisma', northwind, 'erik.nurmi@northwind.test');
      const cookie = [res.headers['set-cookie']].flat()[0].split(';')[0];
      const c = await t.signIn(AGENT);
      assert.equal((await c.put(`/api/severa-users/${id}`, { active: false, reason: 'Left the company' })).status, 401);
      await c.stepUp();
      const r = await c.put(`/api/severa-users/${id}`, { active: false, reason: 'Left the company' });
      assert.equal(r.status, 200);
      assert.equal(r.body.active, false);
      assert.equal((await t.http.get('/severa').set('Cookie', cookie)).status, 401);
      const same = await c.put(`/api/severa-users/${id}`, { active: false, reason: 'Again' });
      assert.equal(same.status, 200);
      assert.equal(same.body.activeChangeReason, 'Left the company', 'setting the same status changes nothing');
      await c.put(`/api/severa-users/${id}`, { active: true, reason: 'Rehired' });
    });

    it('org admins may not touch users of other organizations (404); unknown ids are 404', async () => {
      const admin = await t.signIn(ORG_ADMIN);
      await admin.stepUp();
      const olli = await userId('olli.lehto@oldfield.test');
      assert.equal((await admin.put(`/api/severa-users/${olli}`, { active: false, reason: 'Not mine' })).status, 404);
      assert.equal((await t.ds.getRepository(SeveraUser).findOneByOrFail({ id: olli })).active, true);
      assert.equal((await admin.put('/api/severa-users/00000000-0000-0000-0000-000000000000', { active: false, reason: 'nobody' })).status, 404);
    });

    it('the list filters by active status', async () => {
      const r = await agent.get(`/api/severa-users?filter=${encodeURIComponent(JSON.stringify({ active: false }))}`);
      assert.equal(r.status, 200);
      assert.ok(r.body.every((u: { active: boolean }) => u.active === false));
    });
  });
});
