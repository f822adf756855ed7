import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateHandoff, type HandoffFacts, type SeveraUserFacts } from '../../server/src/sign-in/sign-in.rules.js';
import { explainChecks, type ExplainInput } from '../../server/src/sign-in/diagnosis-explain.js';
import { causeOwner, CONNECTION_CAUSES, isFreshHandoff as isFresh, parseHandoffBody, signatureMatches, signHandoff } from '../../server/src/sign-in/handoff-request.js';
import { findNearMisses } from '../../server/src/sign-in/near-miss.js';
import { FAILURE_REASONS, FailureReason, PortalId } from '../../shared/sign-in.js';
import { StaffRole } from '../../shared/roles.js';

const EMAIL = 'ben.koski@northwind.test';
const { PORTAL_CONNECTION_FAILED: CONN, ORGANIZATION_LEFT_SEVERA: ORG, ADDON_NOT_ACTIVE: ADDON, EMAIL_NOT_FOUND: MAIL, SEVERA_USER_INACTIVE: INACTIVE } = FailureReason;

const user = (over: Partial<SeveraUserFacts> = {}): SeveraUserFacts => ({
  id: 'u1',
  email: EMAIL,
  active: true,
  activeChangedAt: null,
  activeChangedBy: null,
  activeChangeReason: null,
  ...over,
});

/** Facts that fail exactly the given checks (every other check passes). */
function factsFailing(failing: readonly FailureReason[], email = EMAIL): HandoffFacts {
  const f = new Set(failing);
  return {
    portalId: PortalId.MYVISMA,
    email,
    organization: { id: 'o1', severaStatus: f.has(ORG) ? 'ended' : 'active', severaEndedAt: f.has(ORG) ? new Date('2026-10-17T00:00:00Z') : null },
    connection: { configured: true, enabled: true, request: { signatureValid: !f.has(CONN), fresh: true, nonceUnused: true } },
    addonStatus: f.has(ADDON) ? 'inactive' : 'active',
    exactMatches: f.has(MAIL) ? [] : [user({ active: !f.has(INACTIVE) })],
  };
}

const pairs: [FailureReason, FailureReason][] = [];
for (let i = 0; i < FAILURE_REASONS.length; i++) for (let j = i + 1; j < FAILURE_REASONS.length; j++) pairs.push([FAILURE_REASONS[i], FAILURE_REASONS[j]]);

describe('evaluateHandoff: the one rules engine', () => {
  it('passes when every check holds, and returns all five checks in order', () => {
    const d = evaluateHandoff(factsFailing([]));
    assert.equal(d.ok, true);
    assert.deepEqual(d.failures, []);
    assert.deepEqual(
      d.checks.map((c) => [c.code, c.status]),
      FAILURE_REASONS.map((r) => [r, 'pass']),
    );
    assert.equal(d.user?.id, 'u1');
    assert.equal(d.addonId, 'myvisma-addon');
  });

  for (const reason of FAILURE_REASONS) {
    it(`reports ${reason} alone`, () => {
      const d = evaluateHandoff(factsFailing([reason]));
      assert.equal(d.ok, false);
      assert.deepEqual(d.failures, [reason]);
      if (reason === MAIL) assert.equal(d.checks[4].status, 'not-applicable', 'no user → active status not applicable');
    });
  }

  for (const [a, b] of pairs) {
    if (a === MAIL && b === INACTIVE) {
      it(`${a} + ${b} cannot both fail: without a user there is no active status`, () => {
        const d = evaluateHandoff(factsFailing([a, b]));
        assert.deepEqual(d.failures, [MAIL]);
        assert.equal(d.checks.find((c) => c.code === INACTIVE)!.status, 'not-applicable');
      });
      continue;
    }
    it(`reports ${a} and ${b} together`, () => {
      const d = evaluateHandoff(factsFailing([a, b]));
      assert.deepEqual(d.failures, [a, b]);
    });
  }

  it('reports every failing reason at once, not the first', () => {
    assert.deepEqual(evaluateHandoff(factsFailing([CONN, ORG, ADDON, INACTIVE])).failures, [CONN, ORG, ADDON, INACTIVE]);
    assert.deepEqual(evaluateHandoff(factsFailing([CONN, ORG, ADDON, MAIL])).failures, [CONN, ORG, ADDON, MAIL]);
  });

  it('exact-match only: case, spaces, +tag, look-alikes, other normal forms and invisible characters never pass', () => {
    const variants = [
      'Ben.Koski@northwind.test',
      'BEN.KOSKI@NORTHWIND.TEST',
      ' ben.koski@northwind.test',
      'ben.koski@northwind.test ',
      'ben.koski@northwind.test\n',
      'ben.koski+severa@northwind.test',
      'bеn.koski@northwind.test', // Cyrillic е
      'ben.koski@northwind.tеst',
      'ben.koskі@northwind.test', // Cyrillic і
      'ben.koski@northwind.test\u200b',
      'ｂen.koski@northwind.test', // fullwidth b
    ];
    for (const presented of variants) {
      // Even when a caller hands the rules a "match" found by a case-insensitive lookup, the rules re-check.
      const f: HandoffFacts = { ...factsFailing([]), email: presented, exactMatches: [user()] };
      const d = evaluateHandoff(f);
      assert.deepEqual(d.failures, [MAIL], JSON.stringify(presented));
      assert.equal(d.user, null);
    }
    const nfc = 'rené@northwind.test'.normalize('NFC');
    const d = evaluateHandoff({ ...factsFailing([]), email: nfc.normalize('NFD'), exactMatches: [user({ email: nfc })] });
    assert.deepEqual(d.failures, [MAIL], 'NFD vs NFC');
  });

  it('bad signature, stale and replayed requests fail the connection check with their own detail', () => {
    const base = factsFailing([]);
    for (const [request, detail] of [
      [{ signatureValid: false, fresh: true, nonceUnused: true }, 'bad-signature'],
      [{ signatureValid: true, fresh: false, nonceUnused: true }, 'stale'],
      [{ signatureValid: true, fresh: true, nonceUnused: false }, 'replayed'],
    ] as const) {
      const d = evaluateHandoff({ ...base, connection: { configured: true, enabled: true, request } });
      assert.deepEqual(d.failures, [CONN]);
      assert.equal(d.checks[0].detail, detail);
    }
    assert.equal(evaluateHandoff({ ...base, connection: { configured: false, enabled: false } }).checks[0].detail, 'not-configured');
    assert.equal(evaluateHandoff({ ...base, connection: { configured: true, enabled: false } }).checks[0].detail, 'disabled');
    assert.equal(evaluateHandoff({ ...base, connection: { configured: true, enabled: true, health: { failing: true, cause: 'x', since: new Date() } } }).checks[0].detail, 'failing');
  });

  it('an unknown organization fails organization and e-mail; the add-on is not applicable', () => {
    const d = evaluateHandoff({ ...factsFailing([]), organization: null, connection: { configured: false, enabled: false } });
    assert.deepEqual(d.failures, [CONN, ORG, MAIL]);
    assert.equal(d.checks[2].status, 'not-applicable');
  });

  it('with several exact matches an active one signs in', () => {
    const d = evaluateHandoff({ ...factsFailing([]), exactMatches: [user({ id: 'a', active: false }), user({ id: 'b', active: true })] });
    assert.equal(d.ok, true);
    assert.equal(d.user?.id, 'b');
    assert.equal(d.checks[3].detail, 'several-users');
  });

  it('property: failures are exactly the failing checks, in order; ok iff none', () => {
    const arb = fc.record({
      org: fc.constantFrom('active', 'ended', 'none'),
      conn: fc.constantFrom('ok', 'none', 'disabled', 'bad-sig', 'stale', 'replay'),
      addon: fc.constantFrom('active', 'inactive', null),
      users: fc.array(fc.record({ exact: fc.boolean(), active: fc.boolean() }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(arb, (s) => {
        const f: HandoffFacts = {
          portalId: PortalId.AZETS_WORK,
          email: EMAIL,
          organization: s.org === 'none' ? null : { id: 'o', severaStatus: s.org, severaEndedAt: null },
          connection:
            s.conn === 'none'
              ? { configured: false, enabled: false }
              : { configured: true, enabled: s.conn !== 'disabled', request: { signatureValid: s.conn !== 'bad-sig', fresh: s.conn !== 'stale', nonceUnused: s.conn !== 'replay' } },
          addonStatus: s.addon,
          exactMatches: s.users.map((u, i) => user({ id: `u${i}`, email: u.exact ? EMAIL : EMAIL.toUpperCase(), active: u.active })),
        };
        const d = evaluateHandoff(f);
        assert.deepEqual(
          d.failures,
          d.checks.filter((c) => c.status === 'fail').map((c) => c.code),
        );
        assert.equal(d.ok, d.failures.length === 0);
        const exact = s.users.filter((u) => u.exact);
        const expected = new Set<FailureReason>();
        if (s.conn !== 'ok') expected.add(CONN);
        if (s.org !== 'active') expected.add(ORG);
        if (s.org !== 'none' && s.addon !== 'active') expected.add(ADDON);
        if (s.org === 'none' || exact.length === 0) expected.add(MAIL);
        else if (!exact.some((u) => u.active)) expected.add(INACTIVE);
        assert.deepEqual(d.failures, FAILURE_REASONS.filter((r) => expected.has(r)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('hand-off wire format', () => {
  it('signs and verifies the raw bytes', () => {
    const raw = Buffer.from('{"organizationId":"o","email":"a@b","issuedAt":1,"nonce":"12345678"}');
    const sig = signHandoff('s3cret', raw);
    assert.match(sig, /^[0-9a-f]{64}$/);
    assert.equal(signatureMatches('s3cret', raw, sig), true);
    assert.equal(signatureMatches('s3cret', raw, sig.toUpperCase()), true);
    assert.equal(signatureMatches('other', raw, sig), false);
    assert.equal(signatureMatches('s3cret', Buffer.from(raw.toString().replace('a@b', 'A@b')), sig), false);
    assert.equal(signatureMatches('s3cret', raw, undefined), false);
    assert.equal(signatureMatches('s3cret', raw, sig.slice(2)), false);
    assert.equal(signatureMatches('s3cret', raw, 'zz' + sig.slice(2)), false);
  });

  it('is fresh for 5 minutes back and 1 minute ahead', () => {
    const now = 1_800_000_000_000;
    assert.equal(isFresh(now / 1000, now), true);
    assert.equal(isFresh(now / 1000 - 300, now), true);
    assert.equal(isFresh(now / 1000 - 301, now), false);
    assert.equal(isFresh(now / 1000 + 60, now), true);
    assert.equal(isFresh(now / 1000 + 61, now), false);
  });

  it('names every malformed field and keeps the e-mail exactly as sent', () => {
    const ok = parseHandoffBody({ organizationId: 'abc-123', email: ' A@b.test ', issuedAt: 1_800_000_000, nonce: 'n0nce-123' });
    assert.equal(ok.ok, true);
    if (ok.ok) assert.equal(ok.body.email, ' A@b.test ');
    const bad = parseHandoffBody({ organizationId: 'abc', email: '', issuedAt: '1', nonce: 'short', extra: 1 });
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.deepEqual(Object.keys(bad.errors).sort(), ['email', 'extra', 'issuedAt', 'nonce']);
      assert.equal(bad.organizationId, 'abc');
    }
    const noOrg = parseHandoffBody({ organizationId: "x'; drop", email: 'a@b', issuedAt: 1, nonce: '12345678' });
    assert.equal(noOrg.ok, false);
    if (!noOrg.ok) assert.equal(noOrg.organizationId, null);
    for (const b of [null, [], 'x', 3]) assert.equal(parseHandoffBody(b).ok, false);
  });

  it('attributes connection causes to the portal side or to Visma support', () => {
    assert.equal(causeOwner(CONNECTION_CAUSES['bad-signature']), 'portal-admin');
    assert.equal(causeOwner(CONNECTION_CAUSES.stale), 'portal-admin');
    assert.equal(causeOwner(`${CONNECTION_CAUSES.malformed}: email missing`), 'portal-admin');
    assert.equal(causeOwner(CONNECTION_CAUSES['secret-unreadable']), 'visma-support');
    assert.equal(causeOwner(null), 'visma-support');
  });
});

describe('diagnosis explanations', () => {
  const input = (failing: FailureReason[], roles: StaffRole[], email = EMAIL): ExplainInput => {
    const f = factsFailing(failing, email);
    const deactivated = user({ active: false, activeChangedAt: new Date('2026-10-02T09:00:00Z'), activeChangedBy: 'admin@northwind.test', activeChangeReason: 'On parental leave' });
    if (failing.includes(INACTIVE)) f.exactMatches = [deactivated];
    f.connection = { configured: true, enabled: true };
    return {
      decision: evaluateHandoff(f),
      portalId: PortalId.MYVISMA,
      email,
      organization: f.organization,
      organizationId: 'o1',
      organizationName: 'Northwind Consulting',
      connection: null,
      health: null,
      addon: null,
      exactMatches: f.exactMatches,
      names: new Map([['u1', 'Ben Koski']]),
      nearMisses: findNearMisses(email, [{ id: 'u1', email: EMAIL, name: 'Ben Koski', active: true }]).nearMisses,
      caller: { roles },
      now: new Date('2026-11-26T12:00:00Z'),
    };
  };

  it('says who deactivated the user and when, and offers activation', () => {
    const checks = explainChecks(input([INACTIVE], [StaffRole.ORG_ADMIN]));
    assert.deepEqual(
      checks.map((c) => c.code),
      [...FAILURE_REASONS],
    );
    const c = checks[4];
    assert.equal(c.status, 'fail');
    assert.equal(c.evidence, 'Severa user ben.koski@northwind.test was deactivated on 2026-10-02 by admin@northwind.test (reason: On parental leave).');
    assert.equal(c.owner, 'org-admin');
    assert.match(c.remedy, /Personal details page/);
    assert.deepEqual(
      c.actions.map((a) => [a.id, a.allowed, a.stepUp]),
      [['activate-user', true, true]],
    );
  });

  it('gives each role the fixes it may perform, and says who may do the others', () => {
    const addon = (roles: StaffRole[]) => explainChecks(input([ADDON], roles))[2].actions[0];
    assert.equal(addon([StaffRole.SUPPORT_AGENT]).allowed, false, 'agents read add-ons only');
    assert.match(addon([StaffRole.SUPPORT_AGENT]).who, /supervisor or the organization's admin/);
    assert.equal(addon([StaffRole.ORG_ADMIN]).allowed, true);
    assert.equal(addon([StaffRole.SUPERVISOR]).allowed, true);
  });

  it('marks the active-status check not applicable when no user matched, and says why', () => {
    const checks = explainChecks(input([MAIL], [StaffRole.SUPPORT_AGENT], 'Ben.Koski@northwind.test'));
    assert.equal(checks[3].status, 'fail');
    assert.match(checks[3].evidence, /No Severa user of Northwind Consulting has exactly the e-mail "Ben.Koski@northwind.test". Closest: ben.koski@northwind.test \(differs only in letter case\)/);
    assert.equal(checks[4].status, 'not-applicable');
    assert.match(checks[4].evidence, /^Not applicable: no Severa user has exactly this e-mail/);
  });

  it('names the day the organization left Severa', () => {
    const c = explainChecks(input([ORG], [StaffRole.SUPPORT_AGENT]))[1];
    assert.equal(c.evidence, 'Northwind Consulting no longer uses Visma Severa: the subscription ended on 2026-10-17.');
    assert.equal(c.owner, 'visma-support');
  });
});
