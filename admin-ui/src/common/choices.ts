import {
  FAILURE_REASON_LABELS,
  FAILURE_REASONS,
  IdentityStatus,
  LoginResult,
  PORTAL_IDS,
  PORTAL_NAMES,
  SeveraSubscriptionStatus,
  STAFF_ROLE_LABELS,
  StaffRole,
  TwoFactorPolicy,
  type FailureReason,
} from '../../../shared/index.js';

export interface Choice {
  id: string;
  name: string;
}

export const PORTAL_CHOICES: Choice[] = PORTAL_IDS.map((id) => ({ id, name: PORTAL_NAMES[id] }));

/** Choice names are catalog keys: react-admin's inputs and fields translate them. */
export const REASON_CHOICES: Choice[] = FAILURE_REASONS.map((id) => ({ id, name: `app.common.reason.${id}` }));

export const RESULT_CHOICES: Choice[] = [LoginResult.SUCCESS, LoginResult.FAILURE].map((id) => ({ id, name: `app.common.result.${id}` }));

export const SEVERA_STATUS_CHOICES: Choice[] = [SeveraSubscriptionStatus.ACTIVE, SeveraSubscriptionStatus.ENDED].map((id) => ({ id, name: `app.common.severaStatus.${id}` }));

export const IDENTITY_STATUS_CHOICES: Choice[] = [IdentityStatus.ACTIVE, IdentityStatus.INVITED, IdentityStatus.DISABLED].map((id) => ({ id, name: `app.common.identityStatus.${id}` }));

export const TWO_FACTOR_POLICY_CHOICES: Choice[] = [TwoFactorPolicy.REQUIRED, TwoFactorPolicy.ADAPTIVE].map((id) => ({ id, name: `app.common.twoFactorPolicy.${id}` }));

/** Catalog keys of a role and a failure reason (for `translate()`); unknown codes fall back to the code itself. */
export const roleKey = (role: string): string => (role in STAFF_ROLE_LABELS ? `app.common.role.${role}` : role);
export const reasonKey = (reason: string): string => (reason in FAILURE_REASON_LABELS ? `app.common.reason.${reason}` : reason);

/** English labels, for the pages still listed in test/unit/i18n-completeness.spec.ts NOT_YET_TRANSLATED. */
export const roleLabel = (role: string): string => STAFF_ROLE_LABELS[role as StaffRole] ?? role;
export const reasonLabel = (reason: string): string => FAILURE_REASON_LABELS[reason as FailureReason] ?? reason;

/** One colour per failure reason, shared by the chips and the dashboard chart. */
export const REASON_COLORS: Record<FailureReason, string> = {
  PORTAL_CONNECTION_FAILED: '#c62828',
  ORGANIZATION_LEFT_SEVERA: '#6a1b9a',
  ADDON_NOT_ACTIVE: '#a84300',
  EMAIL_NOT_FOUND: '#1565c0',
  SEVERA_USER_INACTIVE: '#546e7a',
};

export const reasonColor = (reason: string): string => REASON_COLORS[reason as FailureReason] ?? '#757575';
