import { StaffRole } from '../../shared/index.js';

/** Everything the console may show or do, named `<area>.<verb>`. New screens add their action here. */
export type Action =
  | 'dashboard.view'
  | 'organizations.list'
  | 'severa-users.list'
  | 'portal-accounts.list'
  | 'identities.list'
  | 'login-attempts.list'
  | 'addons.change'
  | 'tickets.list'
  | 'tickets.work'
  | 'recovery-codes.list'
  | 'recovery-codes.approve'
  | 'outbox.list'
  | 'diagnosis.view'
  | 'severa-users.change'
  | 'portal-connections.list'
  | 'portal-connections.manage'
  | 'audit-events.list'
  | 'staff.manage'
  | 'tickets.queue'
  | 'tickets.load'
  | 'identities.invite'
  | 'invitation-requests.decide'

  | 'two-factor-policy.change';

const ALL_STAFF: readonly StaffRole[] = [StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR, StaffRole.ORG_ADMIN];

/** Which console roles may perform each action (any one suffices). Mirrors the server's access policy; the server decides. */
const RULES: Record<Action, readonly StaffRole[]> = {
  'dashboard.view': ALL_STAFF,
  'organizations.list': ALL_STAFF,
  'severa-users.list': ALL_STAFF,
  'portal-accounts.list': ALL_STAFF,
  'identities.list': ALL_STAFF,
  'login-attempts.list': ALL_STAFF,
  /** Activate or deactivate an organization's add-on (org admins: their own organizations). */
  'addons.change': [StaffRole.SUPERVISOR, StaffRole.ORG_ADMIN],
  /** Lost-phone tickets: org admins read their organizations' tickets; agents and supervisors work on them. */
  'tickets.list': ALL_STAFF,
  'tickets.work': [StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR],
  'recovery-codes.list': [StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR],
  /** Dual control: a different supervisor approves codes for people with console roles or marked privileged. */
  'recovery-codes.approve': [StaffRole.SUPERVISOR],
  'outbox.list': [StaffRole.SUPERVISOR],
  /** The sign-in diagnosis and preflight (org admins: their own organizations). */
  'diagnosis.view': ALL_STAFF,
  /** Activate / deactivate Severa users (step-up; org admins: their own organizations). */
  'severa-users.change': ALL_STAFF,
  /** Portal connections and their health (org admins: their own organizations). */
  'portal-connections.list': ALL_STAFF,
  /** Create, rotate, enable/disable, restrict sources, delete (step-up; org admins: their own organizations). */
  'portal-connections.manage': [StaffRole.SUPERVISOR, StaffRole.ORG_ADMIN],
  /** The audit log (org admins: their organizations' events, scoped by the server). */
  'audit-events.list': ALL_STAFF,
  /** List staff, grant and revoke console roles (step-up). */
  'staff.manage': [StaffRole.SUPERVISOR],
  /** The agent's queue on the dashboard; every agent's load for supervisors. */
  'tickets.queue': [StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR],
  'tickets.load': [StaffRole.SUPERVISOR],
  /** Invite a person (org admins: their organization's people and owned domains). */
  'identities.invite': [StaffRole.SUPERVISOR, StaffRole.ORG_ADMIN],
  /** Confirm an invitation an agent asked for (the person's org admin). */
  'invitation-requests.decide': [StaffRole.ORG_ADMIN],
  /** An organization's 2FA policy, Required or Adaptive (step-up; org admins: their own organization). */
  'two-factor-policy.change': [StaffRole.SUPERVISOR, StaffRole.ORG_ADMIN],
};

/** Whether someone holding `roles` may perform `action`. Only hides UI: the API enforces access. */
export function can(roles: readonly string[] | undefined | null, action: Action): boolean {
  if (!roles?.length) return false;
  const allowed = RULES[action];
  return roles.some((r) => allowed.includes(r as StaffRole));
}
