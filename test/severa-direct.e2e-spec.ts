/**
 * Severa through Visma Connect (seed 001, issue 14): GET /severa/sign-in starts Connect sign-in; afterwards the
 * person gets the same Severa session a portal hand-off gives, for the Severa user whose e-mail equals the
 * identity's exactly; the same rules engine decides (portal connection and add-on: not-applicable).
 */
import { AddonStatus } from '../shared/sign-in.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, recordSecret, type TestApp } from './create-test-app.js';
import { ConnectClient, independentTotp, makeIdentity, randomOneTimeCode } from './support/connect.js';
import { newId } from '../server/src/database/db.service.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { SeveraUser } from '../server/src/severa-users/severa-user.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { SeveraSession } from '../server/src/sign-in/login-attempt.entity.js';
import { OrganizationAddon } from '../server/src/addons/addon.entity.js';

describe('Severa through Visma Connect', () => {
  let t: TestApp;
  let orgs: Record<string, string>;
  let n = 0;
  const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: 'one-time-code=0,connect-sign-in=0' } });
    orgs = Object.fromEntries((await t.ds.getRepository(Organization).find()).map((o) => [o.name, o.id]));
  });
  after(async () => t.close());

  const severaUser = (organizationId: string, email: string, active = true) =>
    t.db.tx((m) => m.getRepository(SeveraUser).insert({ id: newId(), organizationId, email, name: email.split('@')[0], active, activeChangedAt: null, activeChangedBy: null, activeChangeReason: null, identityId: null, createdAt: t.clock.now() }));

  /** A person signed in to Visma Connect (authenticator code). */
  async function connected(emailAddress: string) {
    const who = await makeIdentity(t, emailAddress, { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    const c = new ConnectClient(t);
    const challenge = await c.challenge(who.email);
    t.clock.advanceSeconds(30);
    const r = await c.post('sign-in/totp', { challenge, code: independentTotp(SECRET, t.clock.nowMs()) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { who, c };
  }
  const severaSignIn = (c: ConnectClient) => t.http.get('/severa/sign-in').set('Cookie', c.cookie ?? '');
  const severaCookie = (r: { headers: Record<string, unknown> }) => ([r.headers['set-cookie'] ?? []].flat() as string[]).find((x) => x.startsWith('severa_session='));

  it('without a Connect session it starts the Connect sign-in', async () => {
    const r = await t.http.get('/severa/sign-in');
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/connect?continue=severa');
    const page = await t.http.get('/severa');
    assert.equal(page.status, 401);
    assert.match(page.text, /href="\/severa\/sign-in"/);
  });

  it('signed in: the Severa session of the user with exactly this e-mail, as after a portal hand-off — even with no add-on and no portal connection', async () => {
    const email = `direct.${++n}@northwind.test`;
    await severaUser(orgs['Northwind Consulting'], email);
    // Nothing portal-side is needed: Northwind's Azets Work add-on is not active and does not matter here.
    assert.equal(await t.ds.getRepository(OrganizationAddon).countBy({ organizationId: orgs['Northwind Consulting'], addonId: 'azets-work-addon', status: AddonStatus.ACTIVE }), 0);
    const { who, c } = await connected(email);
    const r = await severaSignIn(c);
    assert.equal(r.status, 303, r.text);
    assert.equal(r.headers.location, '/severa');
    const cookie = severaCookie(r)!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /Path=\/severa/);
    const landing = await t.http.get('/severa').set('Cookie', cookie.split(';')[0]);
    assert.equal(landing.status, 200);
    assert.match(landing.text, new RegExp(email.replace(/\./g, '\\.')));
    assert.match(landing.text, /Visma Connect/);
    const session = await t.ds.getRepository(SeveraSession).findOneByOrFail({ portalId: 'visma-connect' });
    assert.ok(session);
    const ev = await t.ds.getRepository(AuditEvent).findBy({ action: 'severa.signed-in', targetId: who.id });
    assert.equal(ev.length, 1);
    assert.equal(ev[0].organizationId, orgs['Northwind Consulting']);
  });

  it('the e-mail must match exactly: a Severa user differing only in case is not signed in', async () => {
    const email = `Case.${++n}@northwind.test`;
    await severaUser(orgs['Northwind Consulting'], email.toLowerCase());
    const { who, c } = await connected(email);
    const r = await severaSignIn(c);
    assert.equal(r.status, 403);
    assert.match(r.text, /Sign-in could not be completed/);
    assert.equal(severaCookie(r), undefined);
    const ev = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'severa.direct-sign-in.refused', targetId: who.id });
    assert.deepEqual((ev.after as { organizations: unknown[] }).organizations, []);
    assert.match(r.text, new RegExp(`AE-${ev.id}`));
  });

  it('the same rules refuse an inactive Severa user and an organization that left Severa', async () => {
    const inactive = `inactive.${++n}@northwind.test`;
    await severaUser(orgs['Northwind Consulting'], inactive, false);
    const a = await connected(inactive);
    assert.equal((await severaSignIn(a.c)).status, 403);
    const ev = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'severa.direct-sign-in.refused', targetId: a.who.id });
    assert.deepEqual((ev.after as { organizations: { failures: string[] }[] }).organizations[0].failures, ['SEVERA_USER_INACTIVE']);

    const left = `left.${++n}@oldfield.test`;
    await severaUser(orgs['Oldfield Oy'], left);
    const b = await connected(left);
    assert.equal((await severaSignIn(b.c)).status, 403);
    const ev2 = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'severa.direct-sign-in.refused', targetId: b.who.id });
    assert.deepEqual((ev2.after as { organizations: { failures: string[] }[] }).organizations[0].failures, ['ORGANIZATION_LEFT_SEVERA']);
  });

  it('a Severa user in several organizations chooses one; a choice that was not offered is refused', async () => {
    const email = `multi.${++n}@northwind.test`;
    await severaUser(orgs['Northwind Consulting'], email);
    await severaUser(orgs['Brightside Ltd'], email);
    await severaUser(orgs['Oldfield Oy'], email); // left Severa: not offered
    const { c } = await connected(email);
    const r = await severaSignIn(c);
    assert.equal(r.status, 200);
    assert.match(r.text, /Choose an organization/);
    assert.match(r.text, /Brightside Ltd[\s\S]*Northwind Consulting/);
    assert.doesNotMatch(r.text, /Oldfield/);
    const pick = (organizationId: string, extra: Record<string, string> = {}) =>
      t.http.post('/severa/sign-in').set('Cookie', c.cookie!).set(extra).type('form').send({ organizationId });
    const refused = await pick(orgs['Oldfield Oy']);
    assert.equal(refused.status, 403);
    const crossSite = await pick(orgs['Brightside Ltd'], { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(crossSite.status, 303);
    assert.equal(crossSite.headers.location, '/connect?continue=severa', 'a cross-site form is not signed in');
    const ok = await pick(orgs['Brightside Ltd']);
    assert.equal(ok.status, 303, ok.text);
    const landing = await t.http.get('/severa').set('Cookie', severaCookie(ok)!.split(';')[0]);
    assert.match(landing.text, /Brightside Ltd/);
  });

  it('a Connect session still in enrolment is not enough', async () => {
    const email = `enrolling.${++n}@northwind.test`;
    await severaUser(orgs['Northwind Consulting'], email);
    const who = await makeIdentity(t, email, {});
    const c = new ConnectClient(t);
    const r = await c.post('sign-in', { email: who.email, password: 'Demo-Password-1!' });
    assert.equal(r.body.next, 'enrol-totp');
    const s = await severaSignIn(c);
    assert.equal(s.status, 303);
    assert.equal(s.headers.location, '/connect?continue=severa');
  });
});
