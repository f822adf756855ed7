import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type StaffClient, type TestApp } from './create-test-app.js';
import { attemptOf, handoff, makeOrg, type OrgSpec } from './support/sign-in-fixtures.js';
import { ADDON, CONN, diagnose, EMAIL, INACTIVE, MAIL, ORG, startSignInSuite } from './support/sign-in-suite.js';
import { LoginAttemptReason } from '../server/src/sign-in/login-attempt.entity.js';
import { FAILURE_REASONS, FailureReason } from '../shared/sign-in.js';

/** Every reason alone and every pair together: the hand-off records and the diagnosis reports exactly those. */
describe('portal → Severa hand-off and the diagnosis agree on every failing reason', () => {
  let t: TestApp;
  let agent: StaffClient;

  before(async () => {
    ({ t, agent } = await startSignInSuite());
  });
  after(async () => t.close());

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
});
