import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { makeOrg } from './support/sign-in-fixtures.js';
import { diagnose } from './support/sign-in-suite.js';
import { rng } from './seeded-random.js';
import { LoginAttempt } from '../server/src/sign-in/login-attempt.entity.js';
import { DiagnosisService, RECENT_ATTEMPTS } from '../server/src/sign-in/diagnosis.service.js';
import type { Diagnosis } from '../shared/diagnosis.js';
import { PortalId } from '../shared/sign-in.js';

/**
 * The diagnosis's recent attempts of one person (e-mail, portal, organization; newest first, then by id) come from
 * one range of the index on (email, portalId, organizationId, createdAt) (migration AttemptsByPersonIndex): the
 * organization is in the index condition, so the same e-mail's attempts in another organization — however many a
 * portal there records — and the organization's other attempts are never read. The rows must be the person's newest
 * RECENT_ATTEMPTS, computed here from what was inserted.
 */
describe('recent attempts of one person: the person index', () => {
  let t: TestApp;
  let sup: StaffClient;
  let mine: string;
  let other: string;
  const EMAIL = 'pia.lund@lund.test';
  const expected: { id: string; at: number }[] = [];

  before(async () => {
    t = await createTestApp();
    sup = await t.signIn(SUPERVISOR);
    mine = (await makeOrg(t, { users: [{ email: EMAIL, active: true, name: 'Pia Lund' }], accounts: [EMAIL] })).id;
    other = (await makeOrg(t)).id;
    const r = rng(7);
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    const rows: Partial<LoginAttempt>[] = [];
    const add = (organizationId: string | null, portalId: string, email: string, at: number) => {
      const id = randomUUID();
      rows.push({ id, portalId, organizationId, email, result: 'failure', reasons: ['SEVERA_USER_INACTIVE'], detail: null, requestId: null, createdAt: new Date(at) });
      return id;
    };
    // The organization's other people, the person in the other portal and without an organization (and, inserted
    // further down, the same e-mail flooding another organization): none of these may be read.
    for (let i = 0; i < 1500; i++) add(mine, PortalId.MYVISMA, `p${i}@lund.test`, t0 + Math.floor(r() * 9_000_000));
    for (let i = 0; i < 10; i++) add(mine, PortalId.AZETS_WORK, EMAIL, t0 + 8_000_000 + i);
    for (let i = 0; i < 10; i++) add(null, PortalId.MYVISMA, EMAIL, t0 + 8_000_000 + i);
    // The person: 30 attempts, several sharing a time (ordered by id, descending), newer than the flood's.
    for (let i = 0; i < 30; i++) {
      const at = t0 + 7_000_000 + Math.floor(i / 3) * 1000;
      expected.push({ id: add(mine, PortalId.MYVISMA, EMAIL, at), at });
    }
    const insert = async () => {
      for (let i = 0; i < rows.length; i += 200) await t.ds.getRepository(LoginAttempt).insert(rows.slice(i, i + 200));
      rows.length = 0;
    };
    await insert();
    // PostgreSQL plans by its statistics, taken here as they usually are, every e-mail a handful of attempts; with
    // the flood below in them (this e-mail a third of the table) it may estimate ~700 rows of the person and walk the
    // organization's newest attempts instead — the answer is the same, only slower (bench/README.md, eleventh round).
    if (t.db.isPostgres) await t.ds.query('ANALYZE login_attempts');
    for (let i = 0; i < 1500; i++) add(other, PortalId.MYVISMA, EMAIL, t0 + 5_000_000 + i * 1000);
    await insert();
    expected.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  });
  after(() => t.close());

  const readOf = () => t.app.get(DiagnosisService).recentAttemptsRead(PortalId.MYVISMA, mine, EMAIL);

  it('reads one range of the person index, the organization in its condition', async () => {
    const r = readOf();
    if (t.db.isPostgres) {
      const rows: Record<string, string>[] = await t.ds.query(`EXPLAIN ${r.sql}`, r.params);
      const plan = rows.map((x) => x['QUERY PLAN']).join('\n');
      assert.match(plan, /Index Scan Backward using "IDX_login_attempts_email_portal_org_created"/, plan);
      assert.match(plan, /Index Cond: .*\bemail\b.* = .*"portalId".* = .*"organizationId".* = /, plan);
      assert.doesNotMatch(plan, /BitmapAnd|IDX_login_attempts_org_created|Rows Removed/, plan);
    } else {
      const rows: { detail: string }[] = await t.ds.query(`EXPLAIN QUERY PLAN ${r.sql.replace(/\$\d+/g, '?')}`, r.params);
      const plan = rows.map((x) => x.detail).join('\n');
      assert.match(plan, /USING INDEX IDX_login_attempts_email_portal_org_created \(email=\? AND portalId=\? AND organizationId=\?\)/, plan);
    }
  });

  it('is the person’s newest attempts in this organization and portal, ties by id', async () => {
    const got = await t.db.readOne(t.db.manager, readOf());
    assert.equal(got.length, RECENT_ATTEMPTS);
    assert.deepEqual(
      got.map((a) => a.id),
      expected.slice(0, RECENT_ATTEMPTS).map((e) => e.id),
    );
  });

  it('the diagnosis answers the same attempts, and none of the other organization’s', async () => {
    const res = await diagnose(sup, PortalId.MYVISMA, mine, EMAIL);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = res.body as Diagnosis;
    assert.deepEqual(
      body.recentAttempts.map((a) => a.id),
      expected.slice(0, RECENT_ATTEMPTS).map((e) => e.id),
    );
    const elsewhere = await diagnose(sup, PortalId.MYVISMA, other, EMAIL);
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    const times = (elsewhere.body as Diagnosis).recentAttempts.map((a) => Date.parse(a.createdAt));
    assert.equal(times.length, RECENT_ATTEMPTS);
    assert.ok(times.every((x) => x >= Date.parse('2026-11-01T00:00:00Z') + 5_000_000), 'only the other organization’s own attempts');
  });
});
