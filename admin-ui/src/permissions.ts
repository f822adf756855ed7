import { ACCESS_POLICY } from '../../shared/access-policy.js';

/**
 * Everything the console may show or do, named `<area>.<verb>`, and the API route it needs. Who may is not restated
 * here: it is read from the one access policy (shared/access-policy.ts), which the server's access guard enforces.
 * New screens add their action here, with the route they call.
 */
const ROUTES = {
  'dashboard.view': 'GET /api/stats/login-failures',
  'organizations.list': 'GET /api/organizations',
  'severa-users.list': 'GET /api/severa-users',
  'portal-accounts.list': 'GET /api/portal-accounts',
  'identities.list': 'GET /api/identities',
  'login-attempts.list': 'GET /api/login-attempts',
  /** Activate or deactivate an organization's add-on (org admins: their own organizations). */
  'addons.change': 'POST /api/organization-addons',
  /** Lost-phone tickets: org admins read their organizations' tickets; agents and supervisors work on them. */
  'tickets.list': 'GET /api/tickets',
  'tickets.work': 'PUT /api/tickets/:id',
  'recovery-codes.list': 'GET /api/recovery-codes',
  /** Dual control: a different supervisor approves codes for people with console roles or marked privileged. */
  'recovery-codes.approve': 'POST /api/recovery-codes/:id/approve',
  'outbox.list': 'GET /api/outbox',
  /** The sign-in diagnosis and preflight (org admins: their own organizations). */
  'diagnosis.view': 'GET /api/sign-in/diagnosis',
  /** Activate / deactivate Severa users (step-up; org admins: their own organizations). */
  'severa-users.change': 'PUT /api/severa-users/:id',
  /** Portal connections and their health (org admins: their own organizations). */
  'portal-connections.list': 'GET /api/portal-connections',
  /** Create, rotate, enable/disable, restrict sources, delete (step-up; org admins: their own organizations). */
  'portal-connections.manage': 'POST /api/portal-connections',
  /** The audit log (org admins: their organizations' events, scoped by the server). */
  'audit-events.list': 'GET /api/audit-events',
  /** List staff, grant and revoke console roles (step-up). */
  'staff.manage': 'PUT /api/staff/:id',
  /** The agent's queue on the dashboard; every agent's load for supervisors. */
  'tickets.queue': 'GET /api/tickets/queue',
  'tickets.load': 'GET /api/tickets/load',
  /** Invite a person (org admins: their organization's people and owned domains). */
  'identities.invite': 'POST /api/identities/invite',
  /** Confirm an invitation an agent asked for (the person's org admin). */
  'invitation-requests.decide': 'POST /api/invitation-requests/:id/confirm',
  /** An organization's 2FA policy, Required or Adaptive (step-up; org admins: their own organization). */
  'two-factor-policy.change': 'PUT /api/organizations/:id/two-factor-policy',
} as const;

export type Action = keyof typeof ROUTES;

/** The route behind each action (the unit test checks that each has a staff row in the access policy). */
export const ACTION_ROUTES: Readonly<Record<Action, string>> = ROUTES;

/** Whether someone holding `roles` may perform `action`. Only hides UI: the API enforces access. */
export function can(roles: readonly string[] | undefined | null, action: Action): boolean {
  if (!roles?.length) return false;
  const policy = ACCESS_POLICY[ROUTES[action]];
  if (!policy || policy.public) return false;
  return roles.some((r) => (policy.roles as readonly string[]).includes(r));
}
