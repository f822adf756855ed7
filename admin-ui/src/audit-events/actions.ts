import type { Choice } from '../common/choices';

/**
 * Plain-language names for the audit actions the server writes. Only labels: an action missing here is still
 * listed (by its code) and can still be filtered on (type the exact code in the Action filter).
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'staff.signed-in': 'Staff member signed in',
  'staff.signed-out': 'Staff member signed out',
  'staff.sign-in.failed': 'Staff sign-in failed',
  'staff.account.locked': 'Staff account locked',
  'staff.stepped-up': 'Staff member confirmed with a fresh code (step-up)',
  'staff.roles.changed': 'Console roles changed',
  'connect.password-accepted': 'Connect: password accepted',
  'connect.signed-in': 'Connect: signed in',
  'connect.signed-out': 'Connect: signed out',
  'connect.sign-in.failed': 'Connect: sign-in failed',
  'connect.account.locked': 'Connect: account locked',
  'connect.sms-code.sent': 'Connect: SMS code sent',
  'identity.invited': 'Identity invited',
  'identity.invitation-resent': 'Invitation resent',
  'identity.activated': 'Identity activated',
  'password.changed': 'Password changed',
  'password-reset.requested': 'Password reset requested',
  'totp.enrolment-started': 'Authenticator enrolment started',
  'totp.enrolled': 'Authenticator enrolled',
  'sms.verification-sent': 'SMS verification sent',
  'sms.enrolled': 'SMS number enrolled',
  'emergency-code.issued': 'Emergency code issued',
  'emergency-code.acknowledged': 'Emergency code acknowledged',
  'emergency-code.redeemed': 'Emergency code redeemed',
  'one-time-code.failed': 'One-time code refused',
  'one-time-code.locked': 'One-time code locked',
  'second-factors.reset': 'Second factors reset',
  'connect.stepped-up': 'Connect: confirmed with a second factor (step-up)',
  'passkey.registered': 'Passkey or security key added',
  'passkey.renamed': 'Passkey renamed',
  'passkey.removed': 'Passkey or security key removed',
  'passkey.counter-replayed': 'Passkey refused: counter went backwards (possible clone)',
  'totp.added': 'Authenticator added (security settings)',
  'totp.replaced': 'Authenticator replaced (security settings)',
  'totp.removed': 'Authenticator removed (security settings)',
  'sms.removed': 'SMS number removed (security settings)',
  'emergency-code.renewed': 'Emergency code renewed (security settings)',
  'default-method.changed': 'Default sign-in method changed',
  'push-device.removed': 'Visma Authenticator device removed (security settings)',
  'severa-user.activated': 'Severa user activated',
  'severa-user.deactivated': 'Severa user deactivated',
  'addon.activated': 'Add-on activated',
  'addon.deactivated': 'Add-on deactivated',
  'portal-connection.checked': 'Portal connection checked',
  'portal-connection.enabled': 'Portal connection enabled',
  'portal-connection.disabled': 'Portal connection disabled',
  'portal-connection.secret-rotated': 'Portal connection secret rotated',
  'ticket.created': 'Ticket created',
  'ticket.updated': 'Ticket updated',
  'ticket.commented': 'Ticket comment added',
  'ticket.verification-recorded': 'Identity verification recorded',
  'recovery-code.requested': 'Recovery code requested (awaiting approval)',
  'recovery-code.approved': 'Recovery code approved',
  'recovery-code.rejected': 'Recovery code request rejected',
  'recovery-code.issued': 'Recovery code issued',
  'recovery-code.redeemed': 'Recovery code redeemed',
  'recovery-code.refused': 'Recovery code refused',
  'recovery-code.revoked': 'Recovery code revoked',
  'recovery-code.expired': 'Recovery code expired',
  'recovery.temporary-access': 'Temporary access after recovery',
  'demo.loaded': 'Demo data loaded',
};

export const auditActionLabel = (action: string): string | undefined => AUDIT_ACTION_LABELS[action];

export const AUDIT_ACTION_CHOICES: Choice[] = Object.keys(AUDIT_ACTION_LABELS)
  .sort()
  .map((id) => ({ id, name: `${id} — ${AUDIT_ACTION_LABELS[id]}` }));

/** The kinds of things events are about (`targetType`). */
export const TARGET_TYPE_LABELS: Record<string, string> = {
  identity: 'Identity',
  'severa-user': 'Severa user',
  'organization-addon': 'Organization add-on',
  'portal-connection': 'Portal connection',
  ticket: 'Ticket',
  'ticket-comment': 'Ticket comment',
  'ticket-verification': 'Ticket verification',
  'recovery-code': 'Recovery code',
  system: 'System',
};

export const TARGET_TYPE_CHOICES: Choice[] = Object.entries(TARGET_TYPE_LABELS).map(([id, name]) => ({ id, name }));

/** Console routes that show a target, by target type (types without a page are shown as plain ids). */
export const TARGET_ROUTES: Record<string, string> = {
  identity: 'identities',
  'severa-user': 'severa-users',
  'portal-connection': 'portal-connections',
  ticket: 'tickets',
};
