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
  'GET /api/auth/session': PUBLIC,
  'GET /api/auth/me': staff(ANY_STAFF),
  'PUT /api/auth/me/locale': staff(ANY_STAFF),
  'POST /api/auth/sign-out': staff(ANY_STAFF),
  'POST /api/auth/step-up': staff(ANY_STAFF),
  'GET /api/audit-events': staff(ANY_STAFF),
  'GET /api/audit-events/:id': staff(ANY_STAFF),
  'GET /api/staff': staff(SUPERVISORS),
  'GET /api/staff/:id': staff(SUPERVISORS),
  'PUT /api/staff/:id': staff(SUPERVISORS, true),

  // add-ons (issue 6): agents read; supervisors and org admins (own organizations) change, with step-up
  'GET /api/addons': staff(ANY_STAFF),
  'GET /api/organization-addons': staff(ANY_STAFF),
  'GET /api/organization-addons/:id': staff(ANY_STAFF),
  'POST /api/organization-addons/preflight': staff(ANY_STAFF),
  'POST /api/organization-addons': staff(MANAGERS, true),
  'PUT /api/organization-addons/:id': staff(MANAGERS, true),
  'GET /api/organizations/:id/addon-history': staff(ANY_STAFF),

  // lost-phone tickets and recovery codes (issue 7): agents and supervisors handle tickets; org admins read
  // their organizations' tickets only. Codes: issuing needs step-up; approving needs a second supervisor with step-up.
  'GET /api/tickets': staff(ANY_STAFF),
  'GET /api/tickets/:id': staff(ANY_STAFF),
  'POST /api/tickets': staff(DESK),
  'PUT /api/tickets/:id': staff(DESK),
  'GET /api/tickets/:id/comments': staff(ANY_STAFF),
  'POST /api/tickets/:id/comments': staff(DESK),
  'GET /api/tickets/:id/timeline': staff(ANY_STAFF),
  'GET /api/tickets/:id/verification': staff(ANY_STAFF),
  'POST /api/tickets/:id/verification': staff(DESK),
  'GET /api/recovery-codes': staff(DESK),
  'GET /api/recovery-codes/:id': staff(DESK),
  'POST /api/recovery-codes': staff(DESK, true),
  'POST /api/recovery-codes/:id/approve': staff(SUPERVISORS, true),
  'POST /api/recovery-codes/:id/reject': staff(SUPERVISORS),
  'POST /api/recovery-codes/:id/revoke': staff(DESK),
  'GET /api/identities/:id/second-factors': staff(ANY_STAFF),
  'GET /api/outbox': staff(SUPERVISORS),
  'GET /api/outbox/:id': staff(SUPERVISORS),

  // portal → Severa hand-off and the sign-in diagnosis (issue 5). The hand-off is public: its signature is the
  // authentication. Changing a Severa user's status asks for step-up both ways (activation grants Severa access).
  'POST /api/portals/:portal/handoff': PUBLIC,
  'GET /severa': PUBLIC,
  'POST /severa/sign-out': PUBLIC,
  'GET /api/sign-in/diagnosis': staff(ANY_STAFF),
  'GET /api/sign-in/preflight': staff(ANY_STAFF),
  'GET /api/stats/login-failures': staff(ANY_STAFF),
  'PUT /api/severa-users/:id': staff(ANY_STAFF, true),
  'GET /api/portal-connections': staff(DESK),
  'GET /api/portal-connections/:id': staff(DESK),
  'POST /api/portal-connections/:id/check': staff(DESK),
  'POST /api/portal-connections/:id/rotate-secret': staff(SUPERVISORS, true),
  'PUT /api/portal-connections/:id': staff(SUPERVISORS, true),

  // Visma Connect, the user's side (issue 8): public JSON for the end-user pages (the Connect session and the
  // same-origin JSON rule are enforced by ConnectRequestGuard), the pages themselves, and staff invitations.
  'POST /api/connect/sign-in': PUBLIC,
  'POST /api/connect/sign-in/totp': PUBLIC,
  'POST /api/connect/sign-in/sms/send': PUBLIC,
  'POST /api/connect/sign-in/sms': PUBLIC,
  'POST /api/connect/sign-in/one-time-code': PUBLIC,
  'POST /api/connect/recovery/lost': PUBLIC,
  'GET /api/connect/me': PUBLIC,
  'PUT /api/connect/me/locale': PUBLIC,
  'POST /api/connect/sign-out': PUBLIC,
  'POST /api/connect/enrolment/totp': PUBLIC,
  'POST /api/connect/enrolment/totp/confirm': PUBLIC,
  'POST /api/connect/enrolment/emergency-code': PUBLIC,
  'POST /api/connect/enrolment/emergency-code/acknowledge': PUBLIC,
  'POST /api/connect/enrolment/sms': PUBLIC,
  'POST /api/connect/enrolment/sms/confirm': PUBLIC,
  'POST /api/connect/enrolment/sms/skip': PUBLIC,
  'GET /api/connect/password-policy': PUBLIC,
  'POST /api/connect/links/inspect': PUBLIC,
  'POST /api/connect/activation': PUBLIC,
  'POST /api/connect/password-reset/request': PUBLIC,
  'POST /api/connect/password-reset': PUBLIC,
  'GET /connect': PUBLIC,
  'GET /connect/one-time-code': PUBLIC,
  'GET /connect/lost': PUBLIC,
  'GET /connect/enrol': PUBLIC,
  'GET /connect/phone': PUBLIC,
  'GET /connect/emergency-code': PUBLIC,
  'GET /connect/home': PUBLIC,
  'GET /connect/activate': PUBLIC,
  'GET /connect/forgot': PUBLIC,
  'GET /connect/reset': PUBLIC,
  'POST /api/identities/invite': staff(MANAGERS),
};

export function policyKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
