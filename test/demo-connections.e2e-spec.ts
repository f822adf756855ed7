/**
 * Issue 13 on the demo: a freshly loaded demo shows its connections as the seed tells them, judged from signed
 * evidence only — Northwind's and Oldfield's portals sign correctly (the connections work even where another check
 * fails), Brightside's Azets Work portal signs with the secret rotated away 20 days ago (failing at once, from the
 * bad signatures of the last hour; nothing recorded under the e-mail those requests name).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, type StaffClient, type TestApp } from './create-test-app.js';
import { handoff, orgId } from './support/sign-in-fixtures.js';
import { LoginAttempt } from '../server/src/sign-in/login-attempt.entity.js';
import { PortalConnection } from '../server/src/portals/portal.entity.js';
import { BRIGHTSIDE_ROTATED_DAYS_AGO } from '../server/src/demo/demo.seeder.js';
import { FailureReason } from '../shared/sign-in.js';
import type { PortalConnectionView } from '../shared/connections.js';
import type { Diagnosis, Preflight } from '../shared/diagnosis.js';

describe('the demo connections, as soon as the demo is loaded', () => {
  let t: TestApp;
  let agent: StaffClient;
  let orgs: Record<'northwind' | 'oldfield' | 'brightside', string>;
  const loadedAt = Date.now();

  before(async () => {
    t = await createTestApp();
    agent = await t.signIn(AGENT);
    orgs = { northwind: await orgId(t, 'Northwind Consulting'), oldfield: await orgId(t, 'Oldfield Oy'), brightside: await orgId(t, 'Brightside Ltd') };
  });
  after(async () => t.close());

  const connections = async (): Promise<Map<string, PortalConnectionView>> => {
    const r = await agent.get('/api/portal-connections?range=[0,99]');
    assert.equal(r.status, 200);
    return new Map((r.body as PortalConnectionView[]).map((c) => [`${c.organizationId}:${c.portalId}`, c]));
  };
  const bellaDiagnosis = async () =>
    (await agent.get(`/api/sign-in/diagnosis?portal=azets-work&organizationId=${orgs.brightside}&email=bella.stone%40brightside.test`)).body as Diagnosis;

  it('every connection shows what the seed tells, with no wait', async () => {
    assert.ok(t.clock.nowMs() - loadedAt < 60_000, 'the clock has not been moved');
    const all = await connections();
    const status = (org: string, portal: string) => all.get(`${org}:${portal}`)?.status;
    assert.equal(status(orgs.northwind, 'myvisma'), 'ok');
    // Northwind's Azets Work add-on is not active and Oldfield left Severa: their hand-offs are refused, yet signed.
    assert.equal(status(orgs.northwind, 'azets-work'), 'ok');
    assert.equal(status(orgs.oldfield, 'myvisma'), 'ok');
    const b = all.get(`${orgs.brightside}:azets-work`)!;
    assert.equal(b.status, 'failing');
    assert.equal(b.health.cause, 'bad-signature');
    assert.ok(b.health.evidence >= b.health.threshold, `${b.health.evidence} pieces of evidence`);
    // One or two refused requests a minute for the hour before loading (the staff sign-in moved the clock a little).
    assert.ok(b.rejectedRequests >= 85 && b.rejectedRequests <= 90, `${b.rejectedRequests} refused requests`);
    assert.deepEqual(b.health.advice, ['rotate-secret', 'check-portal-configuration']);
    // The diagnosis and the preflight read the same health.
    const d = await bellaDiagnosis();
    assert.equal(d.canSignIn, false);
    assert.deepEqual(d.failures, [FailureReason.PORTAL_CONNECTION_FAILED]);
    const pre = await agent.get(`/api/sign-in/preflight?portal=azets-work&organizationId=${orgs.brightside}`);
    assert.equal(pre.status, 200);
    const p = pre.body as Preflight;
    assert.deepEqual([p.total, p.canSignIn, p.counts.PORTAL_CONNECTION_FAILED], [1, 0, 1]);
  });

  it("the seed's evidence is signed evidence: no attempt after Brightside's rotation, no failure stamped from unsigned requests", async () => {
    const conn = await t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: orgs.brightside, portalId: 'azets-work' });
    const rotatedAt = t.clock.nowMs() - BRIGHTSIDE_ROTATED_DAYS_AGO * 86_400_000;
    assert.ok(Math.abs(conn.secretRotatedAt!.getTime() - rotatedAt) < 60_000);
    assert.equal(conn.unverifiedSince?.getTime(), conn.secretRotatedAt!.getTime(), 'a rotation leaves the connection unverified');
    assert.ok(conn.lastSuccessAt && conn.lastSuccessAt < conn.secretRotatedAt!, 'signed hand-offs worked until the rotation');
    assert.equal(conn.lastFailureAt, null);
    assert.equal(conn.lastFailureCause, null);
    const attempts = await t.ds.getRepository(LoginAttempt).findBy({ organizationId: orgs.brightside, portalId: 'azets-work' });
    assert.ok(attempts.length > 0);
    assert.ok(attempts.every((a) => a.createdAt <= conn.secretRotatedAt! && a.result === 'success'));
    // Every seeded attempt anywhere is a signed one: none fails for the connection.
    const conns = await t.ds.getRepository(LoginAttempt).createQueryBuilder('a').where('a.reasons LIKE :c', { c: '%PORTAL_CONNECTION_FAILED%' }).getCount();
    assert.equal(conns, 0);
    for (const c of await t.ds.getRepository(PortalConnection).find()) {
      if (c.id !== conn.id) assert.ok(c.lastSuccessAt, `${c.organizationId}:${c.portalId} has signed evidence`);
    }
  });

  it('when the bad signatures stop, the evidence leaves the window: unverified since the rotation, never "ok"', async () => {
    t.clock.advance((t.config.connectionFailingWindowMinutes + 1) * 60_000);
    const b = (await connections()).get(`${orgs.brightside}:azets-work`)!;
    assert.equal(b.status, 'unverified');
    assert.ok(b.rejectedRequests > 0 && b.rejectedRequests < 85, 'the last hour still counts them');
    // The portal's requests (signed with the old secret) keep it failing.
    for (let i = 0; i < t.config.connectionFailingThreshold; i++) {
      assert.equal((await handoff(t, 'azets-work', orgs.brightside, 'bella.stone@brightside.test')).status, 403);
    }
    assert.equal((await connections()).get(`${orgs.brightside}:azets-work`)!.status, 'failing');
  });
});
