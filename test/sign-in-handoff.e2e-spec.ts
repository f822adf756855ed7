import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type StaffClient, type TestApp } from './create-test-app.js';
import { attemptOf, DEMO_PORTAL_SECRET, handoff, makeOrg } from './support/sign-in-fixtures.js';
import { ADDON, CONN, diagnose, EMAIL, INACTIVE, MAIL, ORG, startSignInSuite } from './support/sign-in-suite.js';
import { SeveraUser } from '../server/src/severa-users/severa-user.entity.js';
import { PortalConnection } from '../server/src/portals/portal.entity.js';
import { SeveraSession } from '../server/src/sign-in/login-attempt.entity.js';
import { FAILURE_REASONS, FailureReason, PORTAL_IDS } from '../shared/sign-in.js';
import { HandoffFactsService } from '../server/src/sign-in/handoff-facts.service.js';

/** The live hand-off as the demo organizations see it: sessions, refusals, what the connection records, exact e-mail match. */
describe('portal → Severa hand-off: the demo story and exact e-mail match', () => {
  let t: TestApp;
  let agent: StaffClient;
  let northwind: string;
  let oldfield: string;
  let brightside: string;
  let severaUsersAtStart: number;

  before(async () => {
    ({ t, agent, northwind, oldfield, brightside } = await startSignInSuite());
    severaUsersAtStart = await t.ds.getRepository(SeveraUser).count();
  });
  after(async () => t.close());

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

  it("the live hand-off's facts (liveContext) are context()'s, column for column", async () => {
    const facts = t.app.get(HandoffFactsService);
    const orgs = [
      await makeOrg(t),
      await makeOrg(t, { connection: 'disabled', addon: 'inactive' }),
      await makeOrg(t, { connection: 'none', addon: 'none', severaStatus: 'ended' }),
      await makeOrg(t, { portal: PORTAL_IDS[1] }),
    ];
    // A rotation's overlap and allowed sources on one connection: the columns the signature and source checks read.
    const until = new Date(t.clock.now().getTime() + 3600_000);
    await t.ds.getRepository(PortalConnection).update({ id: orgs[0].connectionId! }, { previousSecretEnc: 'sealed-previous', previousSecretUntil: until, allowedSources: '10.0.0.0/8, 127.0.0.1' });
    const ids = [...orgs.map((o) => o.id), northwind, oldfield, brightside, 'no-such-organization'];
    let connections = 0;
    for (const id of ids) {
      for (const portal of PORTAL_IDS) {
        const full = await facts.context(portal, id);
        const live = await facts.liveContext(portal, id);
        const c = full.connection;
        if (c) connections++;
        assert.deepEqual(live, {
          portalId: portal,
          organization: full.organization,
          connection: c && { id: c.id, enabled: c.enabled, secretEnc: c.secretEnc, previousSecretEnc: c.previousSecretEnc, previousSecretUntil: c.previousSecretUntil, allowedSources: c.allowedSources },
          addonStatus: full.addonStatus,
        }, `${portal} ${id}`);
      }
    }
    assert.ok(connections >= 5, `${connections} connections compared`);
    const rotated = await facts.liveContext(orgs[0].portal, orgs[0].id);
    assert.equal(rotated.connection?.previousSecretUntil?.getTime(), until.getTime());
    assert.equal(rotated.connection?.allowedSources, '10.0.0.0/8, 127.0.0.1');
    assert.equal((await facts.liveContext(orgs[1].portal, orgs[1].id)).connection?.enabled, false);
    assert.equal((await facts.liveContext(orgs[2].portal, orgs[2].id)).organization?.severaStatus, 'ended');
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
