import { StaffRole } from './roles.js';

/**
 * Who may call which route: the one authorization table, kept as data and shared: the server's access guard
 * enforces it, the console's permissions.ts reads it to show only what one may use. Every route the server exposes must
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
  // The head covers every organization's events: supervisors only.
  'GET /api/audit-events/head': staff(SUPERVISORS),
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
  // issue 15: the queue (org admins see their organizations' tickets), agents' load, replies by e-mail
  'GET /api/tickets/queue': staff(DESK),
  'GET /api/tickets/load': staff(SUPERVISORS),
  'POST /api/tickets/:id/replies': staff(DESK),
  'GET /api/tickets/:id/attachments': staff(ANY_STAFF),
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
  'POST /api/identities/:id/second-factors/reset': staff(DESK, true),
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
  'GET /api/sign-in/people': staff(ANY_STAFF),

  // portal connections (issue 13): everyone reads (org admins their own organizations); supervisors for every
  // organization and org admins for their own create, rotate, enable/disable, restrict and delete, with step-up.
  'GET /api/portal-connections': staff(ANY_STAFF),
  'GET /api/portal-connections/:id': staff(ANY_STAFF),
  'POST /api/portal-connections/:id/check': staff(ANY_STAFF),
  'POST /api/portal-connections': staff(MANAGERS, true),
  'POST /api/portal-connections/:id/rotate-secret': staff(MANAGERS, true),
  'PUT /api/portal-connections/:id': staff(MANAGERS, true),
  'PUT /api/portal-connections/:id/allowed-sources': staff(MANAGERS, true),
  'DELETE /api/portal-connections/:id': staff(MANAGERS, true),

  // Visma Connect, the user's side (issue 8): public JSON for the end-user pages (the Connect session and the
  // same-origin JSON rule are enforced by ConnectRequestGuard), the pages themselves, and staff invitations.
  'POST /api/connect/sign-in': PUBLIC,
  'POST /api/connect/sign-in/totp': PUBLIC,
  'POST /api/connect/sign-in/sms/send': PUBLIC,
  'POST /api/connect/sign-in/sms': PUBLIC,
  'POST /api/connect/sign-in/one-time-code': PUBLIC,
  'POST /api/connect/recovery/lost': PUBLIC,
  'GET /api/connect/me': PUBLIC,
  'GET /api/connect/session': PUBLIC,
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
  // passkeys and the person's security settings (issue 14): a Connect session (and step-up) is checked by the Connect guard
  'POST /api/connect/passkeys/registration/options': PUBLIC,
  'POST /api/connect/passkeys/registration/verify': PUBLIC,
  'GET /api/connect/passkeys': PUBLIC,
  'PATCH /api/connect/passkeys/:id': PUBLIC,
  'DELETE /api/connect/passkeys/:id': PUBLIC,
  'POST /api/connect/sign-in/passkey/options': PUBLIC,
  'POST /api/connect/sign-in/passkey/verify': PUBLIC,
  'GET /api/connect/settings/overview': PUBLIC,
  'POST /api/connect/step-up/start': PUBLIC,
  'POST /api/connect/step-up': PUBLIC,
  'POST /api/connect/step-up/push/result': PUBLIC,
  'POST /api/connect/settings/totp': PUBLIC,
  'POST /api/connect/settings/totp/confirm': PUBLIC,
  'DELETE /api/connect/settings/methods/:method': PUBLIC,
  'POST /api/connect/settings/emergency-code': PUBLIC,
  'PUT /api/connect/settings/default-method': PUBLIC,
  'GET /connect/settings': PUBLIC,
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

  // issue 15: the built-in mailbox (public when enabled; see MailboxController for who can open it)
  'GET /mailbox': PUBLIC,
  // callers without an identity: the agent asks, the organization's admin confirms
  'POST /api/tickets/:id/invitation-request': staff(DESK),
  'GET /api/invitation-requests': staff(MANAGERS),
  'GET /api/invitation-requests/:id': staff(MANAGERS),
  'POST /api/invitation-requests/:id/confirm': staff([ORG_ADMIN]),
  'POST /api/invitation-requests/:id/reject': staff([ORG_ADMIN]),
  // issue 14 (part B): Visma Authenticator push, the Required/Adaptive policy, Severa through Visma Connect.
  // The device API is public: a device proves itself with its key (signed requests), the person with the Connect session.
  'POST /api/connect/sign-in/push': PUBLIC,
  'POST /api/connect/sign-in/push/result': PUBLIC,
  'POST /api/connect/devices/enrolment': PUBLIC,
  'GET /api/connect/devices': PUBLIC,
  'DELETE /api/connect/devices/:id': PUBLIC,
  'GET /api/connect/two-factor-policy': PUBLIC,
  'POST /api/connect/remember-device': PUBLIC,
  'POST /api/authenticator/devices': PUBLIC,
  'GET /api/authenticator/devices/:id/requests': PUBLIC,
  'POST /api/authenticator/requests/:pushId': PUBLIC,
  'GET /connect/authenticator': PUBLIC,
  'GET /severa/sign-in': PUBLIC,
  'POST /severa/sign-in': PUBLIC,
  'PUT /api/organizations/:id/two-factor-policy': staff(MANAGERS, true),
  'GET /api/identities/:id/two-factor-policy': staff(ANY_STAFF),
};

export function policyKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
