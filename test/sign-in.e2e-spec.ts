import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { attemptOf, DEMO_PORTAL_SECRET, handoff, handoffBody, makeOrg, orgId, postRaw, sign, type OrgSpec } from './support/sign-in-fixtures.js';
import { SeveraUser } from '../server/src/severa-users/severa-user.entity.js';
import { HandoffNonce, PortalConnection } from '../server/src/portals/portal.entity.js';
import { LoginAttempt, LoginAttemptReason, SeveraSession } from '../server/src/sign-in/login-attempt.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { FAILURE_REASONS, FailureReason, PortalId } from '../shared/sign-in.js';
import type { Diagnosis } from '../shared/diagnosis.js';

const { PORTAL_CONNECTION_FAILED: CONN, ORGANIZATION_LEFT_SEVERA: ORG, ADDON_NOT_ACTIVE: ADDON, EMAIL_NOT_FOUND: MAIL, SEVERA_USER_INACTIVE: INACTIVE } = FailureReason;
const EMAIL = 'pat.example@acme.test';

describe('portal → Severa hand-off and the sign-in diagnosis', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let orgAdmin: StaffClient;
  let northwind: string;
  let oldfield: string;
  let brightside: string;
  let severaUsersAtStart: number;

  before(async () => {
    t = await createTestApp();
    agent = await t.signIn(AGENT);
    supervisor = await t.signIn(SUPERVISOR);
    orgAdmin = await t.signIn(ORG_ADMIN);
    northwind = await orgId(t, 'Northwind Consulting');
    oldfield = await orgId(t, 'Oldfield Oy');
    brightside = await orgId(t, 'Brightside Ltd');
    severaUsersAtStart = await t.ds.getRepository(SeveraUser).count();
  });
  after(async () => t.close());

  const diagnose = (c: StaffClient, portal: string, organizationId: string, email: string) =>
    c.get(`/api/sign-in/diagnosis?portal=${portal}&organizationId=${organizationId}&email=${encodeURIComponent(email)}`);

  /** Builds an organization failing exactly `failing`, then checks that the hand-off and the diagnosis both report exactly those. */
  async function expectReasons(failing: FailureReason[]): Promise<void> {
    const f = new Set(failing);
    const spec: OrgSpec = {
      severaStatus: f.has(ORG) ? 'ended' : 'active',
      connection: f.has(CONN) ? 'disabled' : 'enabled',
      addon: f.has(ADDON) ? 'inactive' : 'active',
      users: f.has(MAIL) ? [{ email: EMAIL.toUpperCase(), active: true }] : [{ email: EMAIL, active: !f.has(INACTIVE) }],
      accounts: [EMAIL],
    };
    const org = await makeOrg(t, spec);
    const d = await diagnose(agent, 'myvisma', org.id, EMAIL);
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const res = await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret });
    const attempt = await attemptOf(t, res);
    assert.ok(attempt, 'attempt recorded');
    if (failing.length === 0) {
      assert.equal(res.status, 303);
      assert.equal(d.body.canSignIn, true);
      assert.equal(attempt.result, 'success');
    } else {
      assert.equal(res.status, 403);
      assert.equal(d.body.canSignIn, false);
      assert.equal(attempt.result, 'failure');
    }
    assert.deepEqual(attempt.reasons, failing, 'recorded reasons');
    assert.deepEqual(d.body.failures, failing, 'diagnosis failures');
    assert.deepEqual(
      d.body.checks.filter((c: { status: string }) => c.status === 'fail').map((c: { code: string }) => c.code),
      failing,
    );
    const rows = await t.ds.getRepository(LoginAttemptReason).findBy({ attemptId: attempt.id });
    assert.deepEqual(rows.map((r) => r.reason).sort(), [...failing].sort(), 'one reason row per failing code');
  }

  describe('the demo story', () => {
    it('Anna signs in from MyVisma: 303 to /severa with a Severa session of her own', async () => {
      const res = await handoff(t, 'myvisma', northwind, 'anna.virtanen@northwind.test');
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/severa');
      const cookie = [res.headers['set-cookie']].flat().find((c: string) => c.startsWith('severa_session='))!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.match(cookie, /Path=\/severa/);
      const token = cookie.split(';')[0].split('=')[1];
      const session = await t.ds.getRepository(SeveraSession).findOneByOrFail({ severaUserId: (await t.ds.getRepository(SeveraUser).findOneByOrFail({ email: 'anna.virtanen@northwind.test' })).id });
      assert.notEqual(session.id, token, 'only a hash of the token is stored');
      // The landing page depends only on the Severa cookie: no staff or portal session is sent.
      const page = await t.http.get('/severa').set('Cookie', cookie.split(';')[0]);
      assert.equal(page.status, 200);
      assert.match(page.headers['content-type'], /text\/html/);
      assert.match(page.text, /Signed in as Anna Virtanen/);
      assert.match(page.text, /Northwind Consulting/);
      const attempt = await attemptOf(t, res);
      assert.equal(attempt?.result, 'success');
      const conn = await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: northwind, portalId: 'myvisma' });
      assert.equal(conn.lastSuccessAt?.getTime(), attempt?.createdAt.getTime());
    });

    it('the landing page refuses a missing or unknown cookie, and sign-out ends the session', async () => {
      assert.equal((await t.http.get('/severa')).status, 401);
      assert.equal((await t.http.get('/severa').set('Cookie', 'severa_session=nope')).status, 401);
      const res = await handoff(t, 'myvisma', northwind, 'erik.nurmi@northwind.test');
      const cookie = [res.headers['set-cookie']].flat()[0].split(';')[0];
      assert.equal((await t.http.get('/severa').set('Cookie', cookie)).status, 200);
      const out = await t.http.post('/severa/sign-out').set('Cookie', cookie);
      assert.equal(out.status, 200);
      assert.match(out.text, /signed out/i);
      assert.equal((await t.http.get('/severa').set('Cookie', cookie)).status, 401);
    });

    it('each demo failure is refused with a plain page that reveals nothing, and recorded with its reasons', async () => {
      const cases: [string, string, string, FailureReason[]][] = [
        ['myvisma', northwind, 'ben.koski@northwind.test', [INACTIVE]],
        ['myvisma', northwind, 'Carla.Berg@northwind.test', [MAIL]],
        ['myvisma', northwind, 'dave.lind@northwind.test', [MAIL]],
        ['azets-work', northwind, 'anna.virtanen@northwind.test', [ADDON]],
        ['myvisma', oldfield, 'olli.lehto@oldfield.test', [ORG]],
        ['azets-work', brightside, 'bella.stone@brightside.test', [CONN]],
      ];
      const bodies = new Set<string>();
      const brightsideBefore = await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: brightside });
      for (const [portal, org, email, reasons] of cases) {
        const res = await handoff(t, portal, org, email);
        assert.equal(res.status, 403, email);
        assert.match(res.headers['content-type'], /text\/html/);
        assert.match(res.text, /Sign-in could not be completed/);
        assert.match(res.text, /contact your company's Visma Severa administrator/);
        // The usual causes, generically: the same list on every refusal.
        for (const cause of ['add-on', 'subscription', 'spelled differently', 'deactivated', 'connection']) assert.match(res.text, new RegExp(cause));
        for (const leak of [email, 'not found', ...FAILURE_REASONS]) assert.ok(!res.text.includes(leak), `page leaks "${leak}"`);
        assert.equal(res.headers['set-cookie'], undefined);
        const attempt = await attemptOf(t, res);
        if (reasons.includes(CONN)) {
          // Brightside's portal signs with another secret: nothing is recorded under the e-mail it sent.
          assert.equal(attempt, null, 'an unverifiable request records no login attempt');
          assert.ok(res.text.includes(res.headers['x-request-id']), 'the page gives the request as reference');
          bodies.add(res.text.replace(res.headers['x-request-id'], '').replace(/(MyVisma|Azets Work)/g, ''));
        } else {
          assert.deepEqual(attempt?.reasons, reasons, email);
          assert.ok(res.text.includes(attempt.id), 'the page gives the attempt as reference');
          bodies.add(res.text.replace(attempt.id, '').replace(/(MyVisma|Azets Work)/g, ''));
        }
      }
      assert.equal(bodies.size, 1, 'every refusal looks the same');
      const brightsideConn = await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: brightside });
      assert.equal(brightsideConn.lastFailureAt?.getTime(), brightsideBefore.lastFailureAt?.getTime(), 'unsigned requests never change what the console says');
      assert.equal(brightsideConn.lastFailureCause, brightsideBefore.lastFailureCause);
    });

    it('a failure that is not the connection does not mark the connection as failing', async () => {
      const before = await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: northwind, portalId: 'myvisma' });
      t.clock.advanceSeconds(5);
      const res = await handoff(t, 'myvisma', northwind, 'ben.koski@northwind.test');
      assert.equal(res.status, 403);
      const after = await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: northwind, portalId: 'myvisma' });
      assert.equal(after.lastFailureAt?.getTime() ?? null, before.lastFailureAt?.getTime() ?? null);
      assert.equal(after.lastFailureCause, null);
      assert.ok(after.lastSuccessAt! > before.lastSuccessAt!, 'the connection itself worked');
    });
  });

  describe('every reason alone and every pair together (hand-off and diagnosis agree)', () => {
    it('all checks pass', () => expectReasons([]));
    for (const r of FAILURE_REASONS) it(`${r} alone`, () => expectReasons([r]));
    for (let i = 0; i < FAILURE_REASONS.length; i++) {
      for (let j = i + 1; j < FAILURE_REASONS.length; j++) {
        const pair = [FAILURE_REASONS[i], FAILURE_REASONS[j]];
        if (pair[0] === MAIL && pair[1] === INACTIVE) continue; // impossible: see the unit test
        it(`${pair.join(' + ')}`, () => expectReasons(pair));
      }
    }
    it('four at once', () => expectReasons([CONN, ORG, ADDON, INACTIVE]));
  });

  describe('exact e-mail match', () => {
    const variants: [string, string][] = [
      ['letter case', 'Pat.Example@acme.test'],
      ['leading space', ' pat.example@acme.test'],
      ['trailing space', 'pat.example@acme.test '],
      ['plus-tag', 'pat.example+severa@acme.test'],
      ['Cyrillic look-alike', 'pаt.example@acme.test'],
      ['zero-width space', 'pat.exam\u200bple@acme.test'],
      ['other domain', 'pat.example@acme.example'],
    ];
    for (const [what, presented] of variants) {
      it(`${what} never signs in, and the diagnosis shows the near miss`, async () => {
        const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
        const res = await handoff(t, 'myvisma', org.id, presented, { secret: org.secret });
        assert.equal(res.status, 403);
        assert.deepEqual((await attemptOf(t, res))?.reasons, [MAIL]);
        const d = await diagnose(agent, 'myvisma', org.id, presented);
        assert.equal(d.status, 200);
        assert.equal(d.body.email, presented, 'the e-mail is kept exactly as given');
        assert.deepEqual(d.body.failures, [MAIL]);
        assert.equal(d.body.nearMisses.length, 1);
        assert.equal(d.body.nearMisses[0].email, EMAIL);
        assert.ok(d.body.nearMisses[0].why.length > 0);
      });
    }

    it('the exact e-mail signs in (control)', async () => {
      const org = await makeOrg(t, { users: [{ email: EMAIL, active: true }] });
      assert.equal((await handoff(t, 'myvisma', org.id, EMAIL, { secret: org.secret })).status, 303);
    });
  });

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

  it('hand-offs never create, link or change Severa users', async () => {
    const snapshot = async () =>
      JSON.stringify(
        (await t.ds.getRepository(SeveraUser).find({ order: { id: 'ASC' } })).map((u) => [u.id, u.organizationId, u.email, u.name, u.active, u.activeChangedAt?.toISOString(), u.activeChangedBy, u.identityId]),
      );
    const before = await snapshot();
    const count = await t.ds.getRepository(SeveraUser).count();
    const sessions = await t.ds.getRepository(SeveraSession).count();
    const org = await makeOrg(t, { users: [{ email: 'x@acme.test', active: false }] });
    const afterFixture = await snapshot();
    const tries: [string, string, string, string?][] = [
      ['myvisma', northwind, 'anna.virtanen@northwind.test'],
      ['myvisma', northwind, 'dave.lind@northwind.test'],
      ['myvisma', northwind, 'Carla.Berg@northwind.test'],
      ['myvisma', northwind, 'new.person@northwind.test'],
      ['azets-work', northwind, 'erik.nurmi@northwind.test'],
      ['azets-work', northwind, 'someone@northwind.test'],
      ['myvisma', oldfield, 'olli.lehto@oldfield.test'],
      ['myvisma', oldfield, 'new@oldfield.test'],
      ['azets-work', brightside, 'bella.stone@brightside.test'],
      ['myvisma', org.id, 'x@acme.test', org.secret],
      ['myvisma', org.id, 'X@acme.test', org.secret],
      ['myvisma', org.id, 'y@acme.test', org.secret],
    ];
    let signedIn = 0;
    for (const [portal, o, email, secret] of tries) {
      const r = await handoff(t, portal, o, email, { secret: secret ?? DEMO_PORTAL_SECRET });
      assert.ok([303, 403].includes(r.status));
      if (r.status === 303) signedIn++;
    }
    assert.equal(signedIn, 1, 'only Anna (Northwind has no Azets Work add-on)');
    assert.equal(await t.ds.getRepository(SeveraUser).count(), count + 1, 'only the fixture user was added');
    assert.equal(await snapshot(), afterFixture, 'no user created, linked or changed');
    assert.notEqual(before, afterFixture);
    assert.equal(await t.ds.getRepository(SeveraSession).count(), sessions + signedIn, 'one Severa session per successful hand-off');
    assert.ok(severaUsersAtStart > 0);
  });
});
