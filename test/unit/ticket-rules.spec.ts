import { StaffRole } from '../../shared/roles.js';
import { RecoveryCodeStatus } from '../../shared/identity.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessChecks, canTransition, MANUAL_TICKET_STATUSES, TICKET_STATUSES, VERIFICATION_CHECK_IDS } from '../../shared/tickets.js';
import { effectiveStatus } from '../../server/src/recovery/recovery-code.rules.js';
import { approvalBasis, approvalInWords } from '../../server/src/recovery/recovery-code.views.js';
import { formatOneTimeCode, hashOneTimeCode, normalizeOneTimeCode } from '../../server/src/common/crypto.js';

describe('ticket lifecycle', () => {
  it('open → verified → code-issued → resolved | closed; staff may resolve (with a note) or close any open ticket; nothing reopens', () => {
    const allowed = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    assert.deepEqual(allowed, ['open→verified', 'open→resolved', 'open→closed', 'verified→code-issued', 'verified→resolved', 'verified→closed', 'code-issued→resolved', 'code-issued→closed']);
    assert.deepEqual([...MANUAL_TICKET_STATUSES], ['resolved', 'closed']);
  });
});

describe('verification policy', () => {
  it('counts distinct passing checks against the required number', () => {
    const a = (checks: { check: string; passed: boolean }[], requiredCount: number, phoneLost = false) => {
      const r = assessChecks(checks, { requiredCount, phoneLost });
      return { passedCount: r.passedCount, sufficient: r.sufficient };
    };
    assert.deepEqual(a([], 2), { passedCount: 0, sufficient: false });
    assert.deepEqual(a([{ check: 'call-back', passed: true }, { check: 'id-document', passed: false }], 2), { passedCount: 1, sufficient: false });
    assert.deepEqual(a([{ check: 'call-back', passed: true }, { check: 'call-back', passed: true }], 2), { passedCount: 1, sufficient: false });
    assert.deepEqual(a([{ check: 'call-back', passed: true }, { check: 'knowledge-question', passed: true }], 2), { passedCount: 2, sufficient: true });
    assert.deepEqual(a([{ check: 'call-back', passed: true }], 1), { passedCount: 1, sufficient: true });
    assert.equal(VERIFICATION_CHECK_IDS.length, 5);
  });

  it('a lost or stolen phone: checks that rely on the phone on record pass but do not count, and say why', () => {
    const checks = [
      { check: 'call-back', passed: true },
      { check: 'sms-code', passed: true },
      { check: 'knowledge-question', passed: true },
    ];
    assert.deepEqual({ ...assessChecks(checks, { requiredCount: 2, phoneLost: false }), standings: undefined }, { standings: undefined, passedCount: 3, sufficient: true });
    const lost = assessChecks(checks, { requiredCount: 2, phoneLost: true });
    assert.equal(lost.passedCount, 1);
    assert.equal(lost.sufficient, false);
    assert.deepEqual(lost.standings.map((s) => [s.check, s.channel, s.counted, s.notCountedReason]), [
      ['call-back', 'phone-on-record', false, 'lost-channel'],
      ['sms-code', 'phone-on-record', false, 'lost-channel'],
      ['knowledge-question', 'conversation', true, null],
    ]);
    assert.equal(assessChecks([...checks, { check: 'org-admin-confirmation', passed: true }], { requiredCount: 2, phoneLost: true }).sufficient, true);
  });
});

describe('recovery codes', () => {
  it('an active code past its expiry reads as expired; other statuses stay', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    assert.equal(effectiveStatus({ status: RecoveryCodeStatus.ACTIVE, expiresAt: new Date('2026-01-01T12:00:01Z') }, now), 'active');
    assert.equal(effectiveStatus({ status: RecoveryCodeStatus.ACTIVE, expiresAt: new Date('2026-01-01T12:00:00Z') }, now), 'expired');
    assert.equal(effectiveStatus({ status: RecoveryCodeStatus.REDEEMED, expiresAt: new Date('2025-01-01T00:00:00Z') }, now), 'redeemed');
    assert.equal(effectiveStatus({ status: RecoveryCodeStatus.PENDING_APPROVAL, expiresAt: null }, now), 'pending-approval');
  });

  it('needs a second person for console roles and privileged people', () => {
    assert.equal(approvalBasis({ privileged: false }, []), null);
    // Codes, not words: the roles in STAFF_ROLES order, once each; roles win over the privileged flag.
    const roles = approvalBasis({ privileged: true }, [{ role: StaffRole.ORG_ADMIN }, { role: StaffRole.SUPPORT_AGENT }, { role: StaffRole.ORG_ADMIN }]);
    assert.deepEqual(roles, { reason: 'staff-roles', roles: [StaffRole.SUPPORT_AGENT, StaffRole.ORG_ADMIN] });
    assert.deepEqual(approvalBasis({ privileged: true }, []), { reason: 'privileged-identity', roles: [] });
    // English only for API error messages and logs.
    assert.equal(approvalInWords(roles), 'The person holds a console role (Support agent, Org admin)');
    assert.equal(approvalInWords({ reason: 'privileged-identity', roles: [] }), 'The person is marked privileged');
  });

  it('codes are 20 Crockford symbols (100 bits) and compare case-insensitively without dashes', () => {
    const code = formatOneTimeCode(Buffer.alloc(13, 0xff));
    assert.equal(code, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    assert.equal(formatOneTimeCode(Buffer.alloc(13, 0)), '0000-0000-0000-0000-0000');
    assert.equal(normalizeOneTimeCode('zzzz zzzz-zzzzzzzz-zzzz'), 'Z'.repeat(20));
    assert.equal(hashOneTimeCode(code), hashOneTimeCode(code.toLowerCase().replace(/-/g, '')));
    assert.equal(hashOneTimeCode('ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZU'), null, 'U is not Crockford');
  });
});
