import { StaffRole } from '../../shared/index.js';

/** Everything the console may show or do, named `<area>.<verb>`. New screens add their action here. */
export type Action =
  | 'dashboard.view'
  | 'organizations.list'
  | 'severa-users.list'
  | 'portal-accounts.list'
  | 'identities.list'
  | 'login-attempts.list';

const ALL_STAFF: readonly StaffRole[] = [StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR, StaffRole.ORG_ADMIN];

/** Which console roles may perform each action (any one suffices). Mirrors the server's access policy; the server decides. */
const RULES: Record<Action, readonly StaffRole[]> = {
  'dashboard.view': ALL_STAFF,
  'organizations.list': ALL_STAFF,
  'severa-users.list': ALL_STAFF,
  'portal-accounts.list': ALL_STAFF,
  'identities.list': ALL_STAFF,
  'login-attempts.list': ALL_STAFF,
};

/** Whether someone holding `roles` may perform `action`. Only hides UI: the API enforces access. */
export function can(roles: readonly string[] | undefined | null, action: Action): boolean {
  if (!roles?.length) return false;
  const allowed = RULES[action];
  return roles.some((r) => allowed.includes(r as StaffRole));
}
