/**
 * The Required / Adaptive policy (seed 003, issue 14): organizations change it in the console (supervisors, org
 * admins for their own organization, with step-up, audited); an identity gets the strictest of its organizations';
 * Connect sign-in enforces it, with a signed "remember this device" cookie under Adaptive.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, DEMO_PASSWORD, ORG_ADMIN, recordSecret, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { ConnectClient, independentTotp, makeIdentity, randomOneTimeCode } from './support/connect.js';
import { newId } from '../server/src/database/db.service.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { SeveraUser } from '../server/src/severa-users/severa-user.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { TwoFactorPolicyService } from '../server/src/organizations/two-factor-policy.js';
import { hashPassword } from '../server/src/common/password-hash.js';
import { KdfGate } from '../server/src/common/kdf-gate.js';

describe('Required / Adaptive two-step verification policy', () => {
  let t: TestApp;
  let supervisor: StaffClient;
  let orgAdmin: StaffClient;
  let agent: StaffClient;
  let northwind: string;
  let brightside: string;
  let n = 0;
  const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: 'one-time-code=0,connect-sign-in=0' } });
    supervisor = await t.signIn(SUPERVISOR);
    orgAdmin = await t.signIn(ORG_ADMIN);
    agent = await t.signIn(AGENT);
    const orgs = await t.ds.getRepository(Organization).find();
    northwind = orgs.find((o) => o.name === 'Northwind Consulting')!.id;
    brightside = orgs.find((o) => o.name === 'Brightside Ltd')!.id;
  });
  after(async () => t.close());

  const setPolicy = (orgId: string, policy: string) => t.ds.getRepository(Organization).update({ id: orgId }, { twoFactorPolicy: policy });
  const nextCode = () => {
    t.clock.advanceSeconds(30);
    return independentTotp(SECRET, t.clock.nowMs());
  };

  /** A person with an authenticator, a Severa user in each of `orgIds` (exact e-mail). */
  async function member(tag: string, orgIds: string[]) {
    const who = await makeIdentity(t, `${tag}.pol${++n}@northwind.test`, { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    for (const organizationId of orgIds) {
      await t.db.tx((m) => m.getRepository(SeveraUser).insert({ id: newId(), organizationId, email: who.email, name: tag, active: true, activeChangedAt: null, activeChangedBy: null, activeChangeReason: null, identityId: who.id, createdAt: t.clock.now() }));
    }
    return who;
  }

  it('supervisors change an organization\'s policy with step-up, audited; org admins only their own; agents not at all', async () => {
    const noStepUp = await supervisor.put(`/api/organizations/${brightside}/two-factor-policy`, { policy: 'adaptive' });
    assert.equal(noStepUp.status, 401);
    assert.equal(noStepUp.body.code, 'STEP_UP_REQUIRED');
    await supervisor.stepUp();
    const bad = await supervisor.put(`/api/organizations/${brightside}/two-factor-policy`, { policy: 'sometimes' });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.policy);
    const ok = await supervisor.put(`/api/organizations/${brightside}/two-factor-policy`, { policy: 'adaptive' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.twoFactorPolicy, 'adaptive');
    assert.equal((await supervisor.get(`/api/organizations/${brightside}`)).body.twoFactorPolicy, 'adaptive');
    const same = await supervisor.put(`/api/organizations/${brightside}/two-factor-policy`, { policy: 'adaptive' });
    assert.equal(same.status, 409);
    const events = await t.ds.getRepository(AuditEvent).findBy({ action: 'organization.two-factor-policy.changed', targetId: brightside });
    assert.equal(events.length, 1);
    assert.deepEqual([events[0].before, events[0].after, events[0].actorEmail], [{ twoFactorPolicy: 'required' }, { twoFactorPolicy: 'adaptive' }, SUPERVISOR]);

    assert.equal((await agent.put(`/api/organizations/${northwind}/two-factor-policy`, { policy: 'adaptive' })).status, 403);
    await orgAdmin.stepUp();
    const foreign = await orgAdmin.put(`/api/organizations/${brightside}/two-factor-policy`, { policy: 'required' });
    assert.equal(foreign.status, 404, 'another organization looks like a missing one');
    const own = await orgAdmin.put(`/api/organizations/${northwind}/two-factor-policy`, { policy: 'adaptive' });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    await setPolicy(northwind, 'required');
    await setPolicy(brightside, 'required');
  });

  it("the effective policy is the strictest of the identity's organizations; agents see it on the identity", async () => {
    const both = await member('both', [northwind, brightside]);
    const svc = t.app.get(TwoFactorPolicyService);
    assert.equal((await svc.effectiveFor(both.id)).policy, 'required');
    await setPolicy(brightside, 'adaptive');
    assert.equal((await svc.effectiveFor(both.id)).policy, 'required', 'Northwind still requires it');
    await setPolicy(northwind, 'adaptive');
    assert.equal((await svc.effectiveFor(both.id)).policy, 'adaptive');
    const seen = await agent.get(`/api/identities/${both.id}/two-factor-policy`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.policy, 'adaptive');
    assert.deepEqual(seen.body.organizations.map((o: { name: string }) => o.name).sort(), ['Brightside Ltd', 'Northwind Consulting']);
    // the org admin sees the policy, and only their own organization by name
    const admin = await orgAdmin.get(`/api/identities/${both.id}/two-factor-policy`);
    assert.deepEqual(admin.body.organizations.map((o: { name: string }) => o.name), ['Northwind Consulting']);
    await setPolicy(brightside, 'required');
    assert.equal((await svc.effectiveFor(both.id)).policy, 'required');
    // no organization at all: required
    const loner = await makeIdentity(t, `loner.${++n}@elsewhere.test`, { totpSecret: SECRET });
    assert.equal((await svc.effectiveFor(loner.id)).policy, 'required');
    await setPolicy(northwind, 'required');
  });

  it('Required asks for a second factor every time, and "remember this device" is not offered', async () => {
    const who = await member('req', [northwind]);
    const c = new ConnectClient(t);
    const r = await c.post('sign-in/totp', { challenge: await c.challenge(who.email), code: nextCode() });
    assert.equal(r.status, 200);
    const view = await c.get('two-factor-policy');
    assert.deepEqual(view.body, { policy: 'required', deviceRemembered: false, rememberOffered: false });
    assert.equal((await c.post('remember-device')).status, 409);
  });

  it('Adaptive: asks on a new device, offers to remember it, then signs in with the password alone on that device', async () => {
    await setPolicy(brightside, 'adaptive');
    const who = await member('adapt', [brightside]);
    const c = new ConnectClient(t);
    const r1 = await c.post('sign-in', { email: who.email, password: DEMO_PASSWORD });
    assert.equal(r1.body.next, 'second-factor', 'not remembered: asks');
    assert.equal((await c.post('sign-in/totp', { challenge: r1.body.challenge, code: nextCode() })).status, 200);
    assert.deepEqual((await c.get('two-factor-policy')).body, { policy: 'adaptive', deviceRemembered: false, rememberOffered: true });
    const rem = await c.post('remember-device');
    assert.equal(rem.status, 200, JSON.stringify(rem.body));
    const remSet: string[] = [rem.headers['set-cookie']].flat();
    const set = remSet.find((x) => x.startsWith('connect_device='))!;
    assert.match(set, /HttpOnly/i);
    assert.match(set, /SameSite=Strict/i);
    assert.match(set, /Path=\/api\/connect/);
    const remembered = set.split(';')[0];
    const exp = new Date(/Expires=([^;]+)/i.exec(set)![1]).getTime();
    assert.ok(Math.abs(exp - (t.clock.nowMs() + 30 * 86_400_000)) < 5000, '30 days');
    assert.equal((await t.ds.getRepository(AuditEvent).findBy({ action: 'connect.device-remembered', targetId: who.id })).length, 1);

    const signIn = (cookie?: string, password = DEMO_PASSWORD) => {
      const req = t.http.post('/api/connect/sign-in');
      if (cookie) req.set('Cookie', cookie);
      return req.send({ email: who.email, password });
    };
    const again = await signIn(remembered);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.next, 'signed-in', 'remembered device: no second factor');
    assert.equal(again.body.challenge, null);
    const againSet: string[] = [again.headers['set-cookie']].flat();
    assert.match(againSet.join(), /connect_session=/);
    const ev = await t.ds.getRepository(AuditEvent).findBy({ action: 'connect.signed-in', targetId: who.id });
    assert.equal((ev.at(-1)!.after as { method: string }).method, 'remembered-device');

    // another browser, a tampered cookie, or another person's cookie: asked again
    assert.equal((await signIn()).body.next, 'second-factor');
    assert.equal((await signIn(remembered.slice(0, -2) + (remembered.endsWith('aa') ? 'bb' : 'aa'))).body.next, 'second-factor');
    const other = await member('other', [brightside]);
    const otherCookie = remembered;
    const forOther = await t.http.post('/api/connect/sign-in').set('Cookie', otherCookie).send({ email: other.email, password: DEMO_PASSWORD });
    assert.equal(forOther.body.next, 'second-factor', 'the cookie belongs to one identity');

    // after a failed attempt: asked again until a successful second factor
    assert.equal((await signIn(remembered, 'Wrong-Password-1!')).status, 401);
    const afterFail = await signIn(remembered);
    assert.equal(afterFail.body.next, 'second-factor');
    const c2 = new ConnectClient(t);
    assert.equal((await c2.post('sign-in/totp', { challenge: afterFail.body.challenge, code: nextCode() })).status, 200);
    assert.equal((await signIn(remembered)).body.next, 'signed-in');

    // the organization switches to Required: asked every time
    await setPolicy(brightside, 'required');
    assert.equal((await signIn(remembered)).body.next, 'second-factor');
    await setPolicy(brightside, 'adaptive');
    assert.equal((await signIn(remembered)).body.next, 'signed-in');

    // a new password or a re-enrolled authenticator forgets the device
    const row = await t.ds.getRepository(Identity).findOneByOrFail({ id: who.id });
    await t.db.tx((m) => m.getRepository(Identity).update({ id: who.id }, { totpEnrolledAt: new Date(t.clock.nowMs()) }));
    assert.equal((await signIn(remembered)).body.next, 'second-factor', 'after re-enrolment');
    const newPassword = recordSecret('Another-Password-2!');
    await t.db.tx(async (m) => m.getRepository(Identity).update({ id: who.id }, { totpEnrolledAt: row.totpEnrolledAt, passwordHash: await hashPassword(t.app.get(KdfGate), newPassword) }));
    assert.equal((await signIn(remembered, newPassword)).body.next, 'second-factor', 'after a new password');
    await t.db.tx((m) => m.getRepository(Identity).update({ id: who.id }, { passwordHash: row.passwordHash }));
    assert.equal((await signIn(remembered)).body.next, 'signed-in', 'back to the same password and authenticator');

    // the last second factor older than 30 days: asked again
    t.clock.advanceSeconds(29 * 86_400 + 23 * 3600);
    await t.db.tx((m) => m.getRepository(Identity).update({ id: who.id }, { lastSecondFactorAt: new Date(t.clock.nowMs() - 31 * 86_400_000) }));
    assert.equal((await signIn(remembered)).body.next, 'second-factor');
    await setPolicy(brightside, 'required');
  });

  it('remember-device needs a second factor within the last 5 minutes', async () => {
    await setPolicy(brightside, 'adaptive');
    const who = await member('late', [brightside]);
    const c = new ConnectClient(t);
    await c.post('sign-in/totp', { challenge: await c.challenge(who.email), code: nextCode() });
    t.clock.advanceSeconds(6 * 60);
    const r = await c.post('remember-device');
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'CONNECT_STEP_UP_REQUIRED');
    assert.equal((await c.get('two-factor-policy')).body.rememberOffered, false);
    await setPolicy(brightside, 'required');
  });
});
