/**
 * The console's permission checks come from the one access policy (shared/access-policy.ts): every action names a
 * staff route of that table, and `can()` answers what the table says for each role.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_POLICY } from '../../shared/access-policy.js';
import { StaffRole } from '../../shared/roles.js';
import { ACTION_ROUTES, can, type Action } from '../../admin-ui/src/permissions.js';

describe('console permissions (admin-ui/src/permissions.ts)', () => {
  it('every action names a staff route of the access policy', () => {
    const problems = Object.entries(ACTION_ROUTES).flatMap(([action, route]) => {
      const p = ACCESS_POLICY[route];
      return !p ? [`${action}: ${route} is not in the access policy`] : p.public ? [`${action}: ${route} is public`] : [];
    });
    assert.deepEqual(problems, []);
  });

  it('answers what the access policy says, for every action and role', () => {
    for (const [action, route] of Object.entries(ACTION_ROUTES) as [Action, string][]) {
      const policy = ACCESS_POLICY[route];
      for (const role of Object.values(StaffRole)) {
        const expected = !!policy && !policy.public && policy.roles.includes(role);
        assert.equal(can([role], action), expected, `${action} for ${role}`);
      }
    }
  });

  it('known answers: dual control, the org admin, no roles', () => {
    assert.equal(can([StaffRole.SUPERVISOR], 'recovery-codes.approve'), true);
    assert.equal(can([StaffRole.SUPPORT_AGENT], 'recovery-codes.approve'), false);
    assert.equal(can([StaffRole.ORG_ADMIN], 'addons.change'), true);
    assert.equal(can([StaffRole.ORG_ADMIN], 'tickets.work'), false);
    assert.equal(can([StaffRole.ORG_ADMIN], 'invitation-requests.decide'), true);
    assert.equal(can([StaffRole.SUPERVISOR], 'invitation-requests.decide'), false);
    assert.equal(can([], 'organizations.list'), false);
    assert.equal(can(null, 'organizations.list'), false);
    assert.equal(can(['someone-else'], 'organizations.list'), false);
  });
});
