/**
 * Issue 13: the person on both sides, connection health from signed evidence only, and the connection lifecycle.
 * One test per bullet at the top of the issue, then the lifecycle (create, rotate with overlap, enable, allowed
 * sources, delete), the people search and add-on activation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AGENT, createTestApp, ORG_ADMIN, recordSecret, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { attemptOf, handoff, handoffBody, makeOrg, orgId, postRaw, sign } from './support/sign-in-fixtures.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { LoginAttempt } from '../server/src/sign-in/login-attempt.entity.js';
import { PortalConnection } from '../server/src/portals/portal.entity.js';
import { FailureReason, PortalId } from '../shared/sign-in.js';
import type { Diagnosis, PersonMatch } from '../shared/diagnosis.js';
import type { PortalConnectionView } from '../shared/connections.js';

const { EMAIL_NOT_FOUND: MAIL, PORTAL_CONNECTION_FAILED: CONN } = FailureReason;
const EMAIL = 'pat.doe@acme.test';

describe('issue 13: a sign-in diagnosis you can trust one step off the demo', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let orgAdmin: StaffClient;
  let northwind: string;
  let brightside: string;

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: 'handoff=10/60' } });
    agent = await t.signIn(AGENT);
    supervisor = await t.signIn(SUPERVISOR);
    orgAdmin = await t.signIn(ORG_ADMIN);
    northwind = await orgId(t, 'Northwind Consulting');
    brightside = await orgId(t, 'Brightside Ltd');
  });
  after(async () => t.close());

  const diagnose = (c: StaffClient, portal: string, organizationId: string, email: string) =>
    c.get(`/api/sign-in/diagnosis?portal=${portal}&organizationId=${organizationId}&email=${encodeURIComponent(email)}`);
  const connectionOf = async (organizationId: string, portalId: string) => (await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId, portalId })).id;
  const view = async (c: StaffClient, id: string): Promise<PortalConnectionView> => (await c.get(`/api/portal-connections/${id}`)).body;

  describe('the cases at the top of the issue', () => {
    it("Carla's Severa address: not green; the portal's spelling is named, with its own failing verdict", async () => {
      const d = await diagnose(orgAdmin, 'myvisma', northwind, 'carla.berg@northwind.test');
      assert.equal(d.status, 200);
      const b = d.body as Diagnosis;
      assert.equal(b.canSignIn, false);
      assert.equal(b.portalAccount, null);
      assert.equal(b.verdict.code, 'no-portal-account');
      assert.equal(b.verdict.params.portalSpelling, 'Carla.Berg@northwind.test');
      assert.deepEqual(
        b.portalAccountCandidates.map((c) => [c.email, c.kinds, c.canSignIn, c.failures]),
        [['Carla.Berg@northwind.test', ['letter-case'], false, [MAIL]]],
      );
      // The real hand-off the portal sends for her fails, as both answers say.
      const real = await handoff(t, 'myvisma', northwind, 'Carla.Berg@northwind.test');
      assert.equal(real.status, 403);
      assert.deepEqual((await attemptOf(t, real))?.reasons, [MAIL]);
      const portalSide = (await diagnose(orgAdmin, 'myvisma', northwind, 'Carla.Berg@northwind.test')).body as Diagnosis;
      assert.deepEqual(portalSide.portalAccount?.email, 'Carla.Berg@northwind.test');
      assert.equal(portalSide.verdict.code, 'cannot-sign-in');
      assert.deepEqual(portalSide.failures, [MAIL]);
    });

    it('admin@northwind.test has no MyVisma account: canSignIn is false although all five checks pass', async () => {
      const b = (await diagnose(orgAdmin, 'myvisma', northwind, 'admin@northwind.test')).body as Diagnosis;
      assert.deepEqual(b.failures, []);
      assert.equal(b.canSignIn, false);
      assert.equal(b.portalAccount, null);
      assert.equal(b.verdict.code, 'no-portal-account');
      assert.deepEqual(b.portalAccountCandidates, []);
      const anna = (await diagnose(orgAdmin, 'myvisma', northwind, 'anna.virtanen@northwind.test')).body as Diagnosis;
      assert.equal(anna.canSignIn, true);
      assert.equal(anna.verdict.code, 'can-sign-in');
      assert.equal(anna.portalAccount?.email, 'anna.virtanen@northwind.test');
    });

    it('one unsigned POST changes nothing: the diagnosis, the preflight and the connection stay as they were', async () => {
      const id = await connectionOf(northwind, 'myvisma');
      const preBefore = (await orgAdmin.get(`/api/sign-in/preflight?portal=myvisma&organizationId=${northwind}`)).body;
      const before = await t.ds.getRepository(PortalConnection).findOneByOrFail({ id });
      const attemptsBefore = await t.ds.getRepository(LoginAttempt).count();
      const r = await t.http.post('/api/portals/myvisma/handoff').set('Content-Type', 'application/json').send(handoffBody(t, northwind, 'victim@northwind.test'));
      assert.equal(r.status, 403);
      assert.equal(await t.ds.getRepository(LoginAttempt).count(), attemptsBefore, 'no login attempt under an e-mail the sender chose');
      const after = await t.ds.getRepository(PortalConnection).findOneByOrFail({ id });
      assert.equal(after.lastFailureAt?.getTime(), before.lastFailureAt?.getTime());
      assert.equal(after.lastFailureCause, before.lastFailureCause);
      const v = await view(orgAdmin, id);
      assert.equal(v.health.status, 'ok');
      assert.equal(v.rejectedRequests, 1, 'counted apart');
      const anna = (await diagnose(orgAdmin, 'myvisma', northwind, 'anna.virtanen@northwind.test')).body as Diagnosis;
      assert.equal(anna.canSignIn, true);
      assert.match(anna.checks[0].evidence, /1 request with a signature that does not match/);
      const preAfter = (await orgAdmin.get(`/api/sign-in/preflight?portal=myvisma&organizationId=${northwind}`)).body;
      assert.equal(preAfter.canSignIn, preBefore.canSignIn);
    });

    it('failing needs the threshold of mismatches and no signed success in the window; rotation or re-enabling starts over (unverified)', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }], accounts: [EMAIL] });
      const id = org.connectionId!;
      // A signed success, then mismatches: the success in the window keeps the connection ok.
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 303);
      for (let i = 0; i < 6; i++) await handoff(t, 'myvisma', org.id, EMAIL, { secret: 'the-old-secret' });
      assert.equal((await view(supervisor, id)).health.status, 'ok');
      // 16 minutes later the success is out of the window; four mismatches are below the threshold of five …
      t.clock.advanceSeconds(16 * 60);
      for (let i = 0; i < 4; i++) await handoff(t, 'myvisma', org.id, EMAIL, { secret: 'the-old-secret' });
      assert.equal((await view(supervisor, id)).health.status, 'ok');
      // … the fifth makes it failing, with evidence and advice.
      await handoff(t, 'myvisma', org.id, EMAIL, { secret: 'the-old-secret' });
      const failing = await view(supervisor, id);
      assert.equal(failing.health.status, 'failing');
      assert.equal(failing.health.evidence, 5);
      assert.equal(failing.health.cause, 'bad-signature');
      assert.ok(failing.health.since);
      assert.deepEqual(failing.health.advice, ['rotate-secret', 'check-portal-configuration']);
      const d = (await diagnose(supervisor, 'myvisma', org.id, EMAIL)).body as Diagnosis;
      assert.equal(d.canSignIn, false);
      assert.deepEqual(d.failures, [CONN]);
      assert.equal(d.checks[0].owner, 'portal-admin');
      // Rotated: the old evidence no longer counts; unverified (not failing) until a signed hand-off.
      await supervisor.stepUp();
      t.clock.advanceSeconds(60);
      const rotated = await supervisor.post(`/api/portal-connections/${id}/rotate-secret`, { overlapHours: 0 });
      assert.equal(rotated.status, 200);
      recordSecret(rotated.body.secret);
      assert.equal(rotated.body.connection.health.status, 'unverified');
      assert.equal(((await diagnose(supervisor, 'myvisma', org.id, EMAIL)).body as Diagnosis).canSignIn, true);
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: rotated.body.secret })).status, 303);
      assert.equal((await view(supervisor, id)).health.status, 'ok');
      // Disabled, then re-enabled: unverified again.
      await supervisor.put(`/api/portal-connections/${id}`, { enabled: false, reason: 'Maintenance window' });
      assert.equal((await view(supervisor, id)).health.status, 'disabled');
      t.clock.advanceSeconds(1);
      const on = await supervisor.put(`/api/portal-connections/${id}`, { enabled: true, reason: 'Maintenance done' });
      assert.equal(on.body.health.status, 'unverified');
    });

    it('Brightside activates the MyVisma add-on: the preflight says a connection will be created; activation creates it and shows the secret once; a hand-off signed with it signs in', async () => {
      const pre = await supervisor.post('/api/organization-addons/preflight', { organizationId: brightside, addonId: 'myvisma-addon', change: 'activate' });
      assert.equal(pre.status, 200, JSON.stringify(pre.body));
      assert.deepEqual(pre.body.connection, { exists: false, willBeCreated: true });
      await supervisor.stepUp();
      const key = randomUUID();
      const buy = await supervisor.post('/api/organization-addons', { organizationId: brightside, addonId: 'myvisma-addon' }).set('Idempotency-Key', key);
      assert.equal(buy.status, 201, JSON.stringify(buy.body));
      const secret = recordSecret(buy.body.connection.secret as string);
      assert.ok(secret.length >= 40);
      assert.equal(buy.body.connection.portalId, 'myvisma');
      assert.ok(!JSON.stringify(buy.body.receipt).includes(secret), 'the stored receipt holds no secret');
      const retry = await supervisor.post('/api/organization-addons', { organizationId: brightside, addonId: 'myvisma-addon' }).set('Idempotency-Key', key);
      assert.equal(retry.body.connection.secret, null, 'shown once');
      const v = await view(supervisor, buy.body.connection.id);
      assert.equal(v.health.status, 'unverified');
      assert.ok(!JSON.stringify(v).includes(secret));
      const res = await handoff(t, 'myvisma', brightside, 'bella.stone@brightside.test', { secret });
      assert.equal(res.status, 303);
      for (const ev of await t.ds.getRepository(AuditEvent).find()) assert.ok(!JSON.stringify(ev).includes(secret), 'no audit event holds the secret');
      const created = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'portal-connection.created', targetId: buy.body.connection.id });
      assert.match(JSON.stringify(created.after), /addon-activation/);
      // With a connection already there, the preflight says nothing will be created.
      const again = await supervisor.post('/api/organization-addons/preflight', { organizationId: northwind, addonId: 'azets-work-addon', change: 'activate' });
      assert.deepEqual(again.body.connection, { exists: true, willBeCreated: false });
    });

    it('an address over the limit of unauthentic hand-offs still gets its authentic ones through', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      t.clock.advanceSeconds(61);
      for (let i = 0; i < 10; i++) await handoff(t, 'myvisma', org.id, EMAIL, { secret: 'wrong' });
      const limited = await handoff(t, 'myvisma', org.id, EMAIL, { secret: 'wrong' });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      const authentic = await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret });
      assert.equal(authentic.status, 303, 'the signature is checked before the limit');
      // A signed but stale copy is limited like an unauthentic one.
      const stale = await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret, issuedAt: Math.floor(t.clock.nowMs() / 1000) - 3600 });
      assert.equal(stale.status, 429);
      t.clock.advanceSeconds(61);
    });

    it('one signed body cannot open a session on both portals, even where the connections share a secret', async () => {
      const shared = 'shared-secret-' + randomUUID();
      const a = await makeOrg(t, { portal: PortalId.MYVISMA, secret: shared, users: [{ email: EMAIL, active: true }] });
      await t.db.tx(async (m) => {
        const { PortalConnection: PC } = await import('../server/src/portals/portal.entity.js');
        const { newId } = await import('../server/src/database/db.service.js');
        const conn = await m.getRepository(PC).findOneByOrFail({ id: a.connectionId! });
        await m.getRepository(PC).insert({ ...conn, id: newId(), portalId: PortalId.AZETS_WORK });
        const { OrganizationAddon } = await import('../server/src/addons/addon.entity.js');
        const addon = await m.getRepository(OrganizationAddon).findOneByOrFail({ organizationId: a.id });
        await m.getRepository(OrganizationAddon).insert({ ...addon, id: newId(), addonId: 'azets-work-addon' });
      });
      const raw = handoffBody(t, a.id, EMAIL);
      assert.equal((await postRaw(t, 'myvisma', raw, sign(shared, raw))).status, 303);
      const second = await postRaw(t, 'azets-work', raw, sign(shared, raw));
      assert.equal(second.status, 403);
      assert.equal(second.headers['set-cookie'], undefined);
    });
  });

  describe('connection lifecycle', () => {
    it('create: secret once, 409 for a second one, scoped for org admins, step-up, audited without the secret', async () => {
      const org = await makeOrg(t, { connection: 'none', users: [{ email: EMAIL, active: true }], accounts: [EMAIL] });
      const body = { organizationId: org.id, portal: 'myvisma' };
      assert.equal((await agent.post('/api/portal-connections', body)).status, 403);
      const sup = await t.signIn(SUPERVISOR);
      const noStep = await sup.post('/api/portal-connections', body);
      assert.equal(noStep.body.code, 'STEP_UP_REQUIRED');
      await sup.stepUp();
      assert.equal((await sup.post('/api/portal-connections', { organizationId: org.id, portal: 'facebook' })).status, 400);
      const before = (await diagnose(sup, 'myvisma', org.id, EMAIL)).body as Diagnosis;
      assert.deepEqual(before.failures, [CONN]);
      assert.ok(before.checks[0].actions.some((a) => a.id === 'create-connection' && a.allowed));
      const r = await sup.post('/api/portal-connections', body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const secret = recordSecret(r.body.secret as string);
      assert.ok(r.body.id && secret.length >= 40);
      assert.equal(r.body.connection.health.status, 'unverified');
      const again = await sup.post('/api/portal-connections', body);
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'CONNECTION_EXISTS');
      assert.ok(!JSON.stringify(await view(sup, r.body.id)).includes(secret));
      const audit = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'portal-connection.created', targetId: r.body.id });
      assert.ok(!JSON.stringify(audit).includes(secret));
      assert.equal(((await diagnose(sup, 'myvisma', org.id, EMAIL)).body as Diagnosis).canSignIn, true);
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret })).status, 303);
      // Org admins: their own organization only (others are 404 like missing ones).
      await orgAdmin.stepUp();
      assert.equal((await orgAdmin.post('/api/portal-connections', { organizationId: brightside, portal: 'myvisma' })).status, 404);
      assert.equal((await orgAdmin.post('/api/portal-connections', { organizationId: northwind, portal: 'myvisma' })).status, 409);
    });

    it('rotate with an overlap: the old secret keeps working for overlapHours, then stops; the console says whether the portal still uses it', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }], accounts: [EMAIL] });
      const path = `/api/portal-connections/${org.connectionId}/rotate-secret`;
      await supervisor.stepUp();
      for (const bad of [-1, 169, 1.5, 'x']) assert.equal((await supervisor.post(path, { overlapHours: bad })).status, 400, String(bad));
      const r = await supervisor.post(path, {});
      assert.equal(r.status, 200);
      const secret = recordSecret(r.body.secret as string);
      assert.ok(r.body.connection.previousSecretUntil, 'default overlap of 24 hours');
      assert.equal(Date.parse(r.body.connection.previousSecretUntil) - t.clock.nowMs(), 24 * 3600_000);
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 303, 'the old secret inside the overlap');
      assert.ok((await view(supervisor, org.connectionId!)).previousSecretLastUsedAt, 'the portal still uses the old secret');
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret })).status, 303, 'the new secret');
      t.clock.advanceSeconds(24 * 3600 + 1);
      // (A day later every console session has ended: sign in again.)
      [agent, supervisor, orgAdmin] = [await t.signIn(AGENT), await t.signIn(SUPERVISOR), await t.signIn(ORG_ADMIN)];
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 403, 'the old secret after the overlap');
      assert.equal((await view(supervisor, org.connectionId!)).previousSecretUntil, null);
      const ev = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'portal-connection.secret-rotated', targetId: org.connectionId! });
      assert.equal((ev.after as { overlapHours: number }).overlapHours, 24);
    });

    it('allowed sources: others are refused before anything else and only counted (never evidence); bad networks are 400', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }], accounts: [EMAIL] });
      const path = `/api/portal-connections/${org.connectionId}/allowed-sources`;
      await supervisor.stepUp();
      const bad = await supervisor.put(path, { allowedSources: ['10.0.0.0/8', 'not-a-network', '10.0.0.0/33'] });
      assert.equal(bad.status, 400);
      assert.deepEqual(Object.keys(bad.body.errors), ['allowedSources[1]', 'allowedSources[2]']);
      const set = await supervisor.put(path, { allowedSources: ['203.0.113.0/24', '2001:db8::/32'] });
      assert.equal(set.status, 200);
      assert.deepEqual(set.body.allowedSources, ['203.0.113.0/24', '2001:db8::/32']);
      // The test client connects from the loopback address: outside the allowed networks, even correctly signed.
      const attempts = await t.ds.getRepository(LoginAttempt).count();
      for (let i = 0; i < 6; i++) assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: i % 2 ? org.secret : 'wrong' })).status, 403);
      assert.equal(await t.ds.getRepository(LoginAttempt).count(), attempts);
      const v = await view(supervisor, org.connectionId!);
      assert.equal(v.health.rejectedByKind.source, 6);
      assert.notEqual(v.health.status, 'failing', 'requests from elsewhere are never evidence');
      const loopback = await supervisor.put(path, { allowedSources: ['127.0.0.0/8', '::1/128'] });
      assert.equal(loopback.status, 200);
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 303);
      assert.ok(await t.ds.getRepository(AuditEvent).findOneBy({ action: 'portal-connection.sources-changed', targetId: org.connectionId! }));
      assert.equal((await supervisor.put(path, { allowedSources: [] })).body.allowedSources.length, 0);
    });

    it('delete: step-up, audited; hand-offs are refused afterwards and a new connection can be created', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }], accounts: [EMAIL] });
      const path = `/api/portal-connections/${org.connectionId}`;
      await supervisor.stepUp();
      const r = await supervisor.delete(path);
      assert.equal(r.status, 204);
      assert.equal((await supervisor.get(path)).status, 404);
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 403);
      const d = (await diagnose(supervisor, 'myvisma', org.id, EMAIL)).body as Diagnosis;
      assert.deepEqual(d.failures, [CONN]);
      assert.ok(await t.ds.getRepository(AuditEvent).findOneBy({ action: 'portal-connection.deleted', targetId: org.connectionId! }));
      assert.equal((await supervisor.post('/api/portal-connections', { organizationId: org.id, portal: 'myvisma' })).status, 201);
    });
  });

  describe('people search', () => {
    const people = (c: StaffClient, organizationId: string, q: string) => c.get(`/api/sign-in/people?organizationId=${organizationId}&q=${encodeURIComponent(q)}`);

    it('"carla" or either of her addresses: one person, both spellings side by side, her last failure', async () => {
      for (const q of ['carla', 'Carla.Berg@northwind.test', 'carla.berg@northwind.test', 'Berg']) {
        const r = await people(orgAdmin, northwind, q);
        assert.equal(r.status, 200, q);
        const list = r.body as PersonMatch[];
        assert.equal(list.length, 1, q);
        assert.equal(list[0].name, 'Carla Berg');
        assert.deepEqual(list[0].severaUsers.map((u) => u.email), ['carla.berg@northwind.test']);
        assert.deepEqual(list[0].portalAccounts.myvisma.map((a) => a.email), ['Carla.Berg@northwind.test']);
        assert.deepEqual(list[0].portalAccounts['azets-work'], []);
        assert.deepEqual(list[0].lastFailure?.reasons, [MAIL]);
      }
    });

    it('finds people on one side only, and scopes and validates', async () => {
      const admin = (await people(orgAdmin, northwind, 'admin@')).body as PersonMatch[];
      assert.equal(admin.length, 1);
      assert.equal(admin[0].severaUsers.length, 1);
      assert.deepEqual(admin[0].portalAccounts.myvisma, []);
      const dave = (await people(agent, northwind, 'dave')).body as PersonMatch[];
      assert.deepEqual([dave[0].severaUsers.length, dave[0].portalAccounts.myvisma.length], [0, 1]);
      assert.equal((await people(orgAdmin, brightside, 'bella')).status, 404);
      assert.equal((await people(orgAdmin, northwind, ' ')).status, 400);
      assert.equal((await orgAdmin.get(`/api/sign-in/people?organizationId=${northwind}`)).status, 400);
      assert.deepEqual((await people(orgAdmin, northwind, 'nobody-like-this')).body, []);
    });
  });
});
