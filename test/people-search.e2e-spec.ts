/**
 * Issue 13, "find the person on both sides": GET /api/sign-in/people searches in the database (the trigram indexes of
 * common/text-search.ts), groups per person and shows every spelling, within one organization, with limits.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { makeOrg, orgId } from './support/sign-in-fixtures.js';
import { newId } from '../server/src/database/db.service.js';
import { LoginAttempt } from '../server/src/sign-in/login-attempt.entity.js';
import { PortalAccount } from '../server/src/portals/portal.entity.js';
import { MAX_PEOPLE } from '../server/src/sign-in/people-search.service.js';
import { widestKey } from '../server/src/sign-in/near-miss.js';
import { keyLocal, nearMissFilterSql, plainLocalOf } from '../server/src/sign-in/near-miss-sql.js';
import { FailureReason, PortalId } from '../shared/sign-in.js';
import type { PersonMatch } from '../shared/diagnosis.js';

const { EMAIL_NOT_FOUND: MAIL, SEVERA_USER_INACTIVE: INACTIVE } = FailureReason;

describe('people search (GET /api/sign-in/people)', () => {
  let t: TestApp;
  let supervisor: StaffClient;
  let orgAdmin: StaffClient;
  let northwind: string;
  const people = async (c: StaffClient, organizationId: string, q: string): Promise<PersonMatch[]> => {
    const r = await c.get(`/api/sign-in/people?organizationId=${organizationId}&q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
    return r.body as PersonMatch[];
  };
  const spellings = (p: PersonMatch) => [p.severaUsers.map((u) => u.email), p.portalAccounts.myvisma.map((a) => a.email), p.portalAccounts['azets-work'].map((a) => a.email)];
  const failure = (organizationId: string, email: string, reasons: string[], minutesAgo: number, portalId: string = PortalId.MYVISMA) =>
    t.ds.getRepository(LoginAttempt).insert({ id: newId(), portalId, organizationId, email, result: 'failure', reasons, detail: null, requestId: null, createdAt: new Date(t.clock.nowMs() - minutesAgo * 60_000) });

  before(async () => {
    t = await createTestApp();
    supervisor = await t.signIn(SUPERVISOR);
    orgAdmin = await t.signIn(ORG_ADMIN);
    northwind = await orgId(t, 'Northwind Consulting');
  });
  after(async () => t.close());

  it('letter case does not matter, in the name or the address', async () => {
    for (const q of ['CARLA', 'cArLa bErG', 'CARLA.BERG@NORTHWIND.TEST']) {
      const list = await people(orgAdmin, northwind, q);
      assert.equal(list.length, 1, q);
      assert.deepEqual(spellings(list[0]), [['carla.berg@northwind.test'], ['Carla.Berg@northwind.test'], []], q);
      assert.deepEqual(list[0].lastFailure?.reasons, [MAIL], q);
    }
  });

  it('both spellings side by side, whichever one or the name is typed (+tag, other case, spaces, other domain)', async () => {
    const org = await makeOrg(t, { users: [{ email: 'pat.doe@acme.test', active: true, name: 'Pat Doe' }], accounts: ['Pat.Doe+portal@acme.test'] });
    await t.ds.getRepository(PortalAccount).insert({ id: newId(), organizationId: org.id, portalId: PortalId.AZETS_WORK, email: ' pat.doe@acme-group.test', name: 'P. Doe', createdAt: t.clock.now() });
    const both = [['pat.doe@acme.test'], ['Pat.Doe+portal@acme.test'], [' pat.doe@acme-group.test']];
    // The Severa name only on one side: the other spellings still come with it.
    for (const q of ['Pat Doe', 'pat.doe@acme.test', 'Pat.Doe+portal@acme.test', 'pat.doe@acme-group.test', 'P. Doe', 'doe+portal']) {
      const list = await people(supervisor, org.id, q);
      assert.equal(list.length, 1, q);
      assert.deepEqual(spellings(list[0]), both, q);
      assert.equal(list[0].name, 'Pat Doe', q);
    }
  });

  it("another organization's people are never shown, nor its failed attempts", async () => {
    const a = await makeOrg(t, { users: [{ email: 'sam.lee@shared.test', active: true, name: 'Sam Lee' }], accounts: ['sam.lee@shared.test'] });
    const b = await makeOrg(t, { users: [{ email: 'Sam.Lee@shared.test', active: false, name: 'Sam Lee' }], accounts: ['SAM.LEE@shared.test'] });
    await failure(b.id, 'SAM.LEE@shared.test', [INACTIVE], 5);
    await failure(b.id, 'sam.lee.only-b@shared.test', [MAIL], 5);
    const inA = await people(supervisor, a.id, 'sam');
    assert.equal(inA.length, 1);
    assert.deepEqual(spellings(inA[0]), [['sam.lee@shared.test'], ['sam.lee@shared.test'], []]);
    assert.equal(inA[0].lastFailure, null);
    const inB = await people(supervisor, b.id, 'sam.lee');
    assert.deepEqual(
      inB.map((p) => [spellings(p), p.lastFailure?.reasons]),
      [
        [[['Sam.Lee@shared.test'], ['SAM.LEE@shared.test'], []], [INACTIVE]],
        [[[], [], []], [MAIL]],
      ],
    );
    // Northwind's admin cannot look into either.
    assert.equal((await orgAdmin.get(`/api/sign-in/people?organizationId=${a.id}&q=sam`)).status, 404);
    // Northwind's own search does not reach them.
    assert.deepEqual(await people(orgAdmin, northwind, 'sam.lee'), []);
  });

  it('a person known only from failed attempts, the newest one shown; attempts older than 30 days are not', async () => {
    const org = await makeOrg(t, { users: [], accounts: [] });
    await failure(org.id, 'ghost@acme.test', [MAIL], 60, PortalId.AZETS_WORK);
    await failure(org.id, 'Ghost@acme.test', [INACTIVE], 10);
    await failure(org.id, 'old.timer@acme.test', [MAIL], 31 * 24 * 60);
    const list = await people(supervisor, org.id, 'ghost');
    assert.equal(list.length, 1);
    assert.deepEqual(spellings(list[0]), [[], [], []]);
    assert.deepEqual([list[0].lastFailure?.portal, list[0].lastFailure?.reasons], [PortalId.MYVISMA, [INACTIVE]]);
    assert.deepEqual(await people(supervisor, org.id, 'old.timer'), []);
  });

  it('LIKE wildcards are literal, and the answer is limited to MAX_PEOPLE people', async () => {
    const users = Array.from({ length: MAX_PEOPLE + 5 }, (_, i) => ({ email: `member${String(i).padStart(2, '0')}@crowd.test`, active: true, name: `Member ${String(i).padStart(2, '0')}` }));
    const org = await makeOrg(t, { users, accounts: ['under_score@crowd.test'] });
    const list = await people(supervisor, org.id, 'member');
    assert.equal(list.length, MAX_PEOPLE);
    assert.deepEqual(
      list.map((p) => p.name),
      users.slice(0, MAX_PEOPLE).map((u) => u.name),
    );
    assert.deepEqual(await people(supervisor, org.id, '%'), []);
    assert.deepEqual((await people(supervisor, org.id, '_')).map((p) => p.key), ['under_score@*']);
    assert.deepEqual((await people(supervisor, org.id, 'r_sco')).map((p) => p.key), ['under_score@*']);
    assert.deepEqual(await people(supervisor, org.id, 'r%s'), []);
    assert.deepEqual(await people(supervisor, org.id, 'mem_er'), []);
  });

  it('the near-miss filter in SQL keeps every row of a key, and computes the plain local part as JavaScript does', async () => {
    const emails = ['Ann.Lee@x.test', 'ann.lee+work@y.test', ' ann.lee@x.test', 'аnn.lee@x.test', 'ann.lee', 'ann.lee@a@b.test', '@x.test', '+ann.lee@x.test', 'ANN.LEE+@x.test', 'ann.lee+x+y@x.test', 'ann.le@x.test', 'ann.lee\u200b@x.test', 'ann.leé@x.test', 'x@ann.lee@x.test'];
    const org = await makeOrg(t, { users: emails.map((email) => ({ email, active: true, name: 'N' })), accounts: [] });
    // The same people in another organization: the filter alone (the near-miss key holds the organization) leaves them out.
    await makeOrg(t, { users: emails.map((email) => ({ email, active: true, name: 'Other' })), accounts: [] });
    for (const presented of ['ann.lee@x.test', 'Ann.Lee+1@z.test', 'ann.le@x.test', '+ann.lee@x.test']) {
      const key = widestKey(presented);
      const f = nearMissFilterSql(t.db.isPostgres, 'email', org.id, [key], 1)!;
      const rows = await t.db.sql<{ email: string }>(t.db.manager, `SELECT email FROM severa_users WHERE ${f.sql}`, f.params);
      const got = rows.map((r) => r.email).sort();
      // exactly the JavaScript twin's answer, which keeps every e-mail of the key
      assert.deepEqual(got, emails.filter((e) => plainLocalOf(e) === null || plainLocalOf(e) === keyLocal(key)).sort(), presented);
      for (const e of emails.filter((x) => widestKey(x) === key)) assert.ok(got.includes(e), `${presented}: ${e}`);
    }
  });
});
