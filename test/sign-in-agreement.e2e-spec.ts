import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AGENT, createTestApp, type StaffClient, type TestApp } from './create-test-app.js';
import { attemptOf, handoffBody, makeOrg, postRaw, sign } from './support/sign-in-fixtures.js';
import { SeveraUser } from '../server/src/severa-users/severa-user.entity.js';
import { FAILURE_REASONS, FailureReason, PortalId } from '../shared/sign-in.js';

const RUNS = Number(process.env.AGREEMENT_RUNS ?? 200);

type Variant = 'exact' | 'case' | 'spaces' | 'tag' | 'domain' | 'look-alike' | 'unrelated';
const variantOf = (email: string, v: Variant): string => {
  const [local, domain] = email.split('@');
  switch (v) {
    case 'exact':
      return email;
    case 'case':
      return local.charAt(0).toUpperCase() + local.slice(1) + '@' + domain;
    case 'spaces':
      return ` ${email}`;
    case 'tag':
      return `${local}+tag@${domain}`;
    case 'domain':
      return `${local}@other-${domain}`;
    case 'look-alike':
      return email.replace('a', 'а'); // Cyrillic а; every generated local part starts with "a"
    case 'unrelated':
      return `z${local}@${domain}`;
  }
};

/**
 * The diagnosis and the live hand-off use one rules engine: for random situations built in the database, what the
 * diagnosis predicts is what a real signed hand-off then does and records.
 */
describe('diagnosis and hand-off agree (property, random situations in the database)', () => {
  let t: TestApp;
  let agent: StaffClient;
  before(async () => {
    // Many generated situations are deliberately unverifiable (bad signature, stale, replayed): no per-address limit here.
    t = await createTestApp({ demo: true, env: { RATE_LIMITS: 'handoff=0' } });
    agent = await t.signIn(AGENT);
  });
  after(async () => t.close());

  it(`agrees on ${RUNS} generated situations`, async () => {
    const situation = fc.record({
      portal: fc.constantFrom(PortalId.MYVISMA, PortalId.AZETS_WORK),
      // Weighted towards passing checks so that enough situations sign in.
      severaStatus: fc.constantFrom('active' as const, 'active' as const, 'active' as const, 'ended' as const),
      connection: fc.constantFrom('enabled' as const, 'enabled' as const, 'enabled' as const, 'disabled' as const, 'none' as const),
      addon: fc.constantFrom('active' as const, 'active' as const, 'active' as const, 'inactive' as const, 'none' as const),
      users: fc.array(fc.record({ variant: fc.constantFrom<Variant>('exact', 'exact', 'case', 'spaces', 'tag', 'domain', 'look-alike', 'unrelated'), active: fc.boolean() }), { maxLength: 4 }),
      flaw: fc.constantFrom('none', 'none', 'none', 'bad-signature', 'stale', 'replay'),
      local: fc.stringMatching(/^a[a-z]{1,7}(\.[a-z]{1,8})?$/),
    });
    let runs = 0;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(situation, async (s) => {
        runs++;
        const email = `${s.local}@acme.test`;
        const org = await makeOrg(t, {
          portal: s.portal,
          severaStatus: s.severaStatus,
          connection: s.connection,
          addon: s.addon,
          users: s.users.map((u) => ({ email: variantOf(email, u.variant), active: u.active })),
        });
        const usersBefore = await t.ds.getRepository(SeveraUser).countBy({ organizationId: org.id });

        const d = await agent.get(`/api/sign-in/diagnosis?portal=${s.portal}&organizationId=${org.id}&email=${encodeURIComponent(email)}`);
        assert.equal(d.status, 200, JSON.stringify(d.body));
        const predicted: FailureReason[] = d.body.failures;
        assert.equal(d.body.canSignIn, predicted.length === 0);

        const now = Math.floor(t.clock.nowMs() / 1000);
        const raw = handoffBody(t, org.id, email, { issuedAt: s.flaw === 'stale' ? now - 3600 : now });
        const signature = sign(s.flaw === 'bad-signature' ? 'not-the-secret' : org.secret, raw);
        let res = await postRaw(t, s.portal, raw, signature);
        let expected = predicted;
        if (s.flaw === 'replay') {
          // The first copy behaves as predicted; the replayed copy adds the connection failure.
          const first = await attemptOf(t, res);
          assert.deepEqual(first?.reasons, predicted, 'first copy of a replay');
          assert.equal(res.status, predicted.length ? 403 : 303);
          t.clock.advanceSeconds(1);
          res = await postRaw(t, s.portal, raw, signature);
        }
        if (s.flaw !== 'none') expected = FAILURE_REASONS.filter((r) => r === FailureReason.PORTAL_CONNECTION_FAILED || predicted.includes(r));

        const attempt = await attemptOf(t, res);
        assert.ok(attempt, 'the hand-off recorded an attempt');
        assert.deepEqual(attempt.reasons, expected, `situation ${JSON.stringify(s)}`);
        assert.equal(attempt.result, expected.length ? 'failure' : 'success');
        assert.equal(res.status, expected.length ? 403 : 303);
        assert.equal(await t.ds.getRepository(SeveraUser).countBy({ organizationId: org.id }), usersBefore, 'no user created');
        seen.add(expected.join('+') || 'ok');

        // After a real hand-off failed on an enabled connection, the diagnosis reports the connection as failing.
        if (s.flaw !== 'none' && s.connection === 'enabled') {
          const again = await agent.get(`/api/sign-in/diagnosis?portal=${s.portal}&organizationId=${org.id}&email=${encodeURIComponent(email)}`);
          assert.ok(again.body.failures.includes(FailureReason.PORTAL_CONNECTION_FAILED));
          assert.equal(again.body.checks[0].status, 'fail');
        }
      }),
      // A fixed seed by default: the same 200 situations on every run (a random seed left a few-percent chance that no
      // generated situation signs in, failing the spread check below). AGREEMENT_SEED explores others.
      { numRuns: RUNS, seed: Number(process.env.AGREEMENT_SEED ?? 20261126) },
    );
    assert.ok(runs >= RUNS);
    // The generator reaches success and a good spread of failure combinations.
    assert.ok(seen.has('ok'), 'some situations sign in');
    assert.ok(seen.size >= 12, `only ${seen.size} distinct outcomes: ${[...seen].join(', ')}`);
  });
});
