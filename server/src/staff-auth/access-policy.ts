import { StaffRole } from '../../../shared/roles.js';

/**
 * Who may call which route: the authorization table, kept as data. Every route the server exposes must
 * have a row; the access guard refuses unknown routes and a test walks the OpenAPI document against it.
 *
 * - `public`: no staff session (health, docs, sign-in, portal hand-off, end-user Connect pages).
 * - `roles`: the console roles that may call it (any one suffices). Org admins are further limited to
 *   their organizations by the services (other organizations answer 404).
 * - `stepUp`: a fresh authenticator code within the last five minutes is required.
 */
export type RoutePolicy = { public: true } | { public?: false; roles: readonly StaffRole[]; stepUp?: boolean };

const { SUPPORT_AGENT: AGENT, SUPERVISOR, ORG_ADMIN } = StaffRole;
export const PUBLIC: RoutePolicy = { public: true };
export const ANY_STAFF = [AGENT, SUPERVISOR, ORG_ADMIN] as const;
export const DESK = [AGENT, SUPERVISOR] as const;
export const SUPERVISORS = [SUPERVISOR] as const;
export const MANAGERS = [SUPERVISOR, ORG_ADMIN] as const;

const staff = (roles: readonly StaffRole[], stepUp = false): RoutePolicy => ({ roles, stepUp });

export const ACCESS_POLICY: Record<string, RoutePolicy> = {
  // foundation
  'GET /api/health': PUBLIC,
  'GET /api/organizations': staff(ANY_STAFF),
  'GET /api/organizations/:id': staff(ANY_STAFF),
  'GET /api/severa-users': staff(ANY_STAFF),
  'GET /api/severa-users/:id': staff(ANY_STAFF),
  'GET /api/portal-accounts': staff(ANY_STAFF),
  'GET /api/portal-accounts/:id': staff(ANY_STAFF),
  'GET /api/identities': staff(ANY_STAFF),
  'GET /api/identities/:id': staff(ANY_STAFF),
  'GET /api/login-attempts': staff(ANY_STAFF),
  'GET /api/login-attempts/:id': staff(ANY_STAFF),

  // staff sign-in
  'POST /api/auth/sign-in': PUBLIC,
  'POST /api/auth/sign-in/totp': PUBLIC,
  'GET /api/auth/me': staff(ANY_STAFF),
  'POST /api/auth/sign-out': staff(ANY_STAFF),
  'POST /api/auth/step-up': staff(ANY_STAFF),
  'GET /api/audit-events': staff(ANY_STAFF),
  'GET /api/audit-events/:id': staff(ANY_STAFF),
  'GET /api/staff': staff(SUPERVISORS),
  'GET /api/staff/:id': staff(SUPERVISORS),
  'PUT /api/staff/:id': staff(SUPERVISORS, true),
};

export function policyKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
