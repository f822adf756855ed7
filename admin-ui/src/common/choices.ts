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

export const REASON_CHOICES: Choice[] = FAILURE_REASONS.map((id) => ({ id, name: FAILURE_REASON_LABELS[id] }));

export const RESULT_CHOICES: Choice[] = [
  { id: LoginResult.SUCCESS, name: 'Success' },
  { id: LoginResult.FAILURE, name: 'Failure' },
];

export const SEVERA_STATUS_CHOICES: Choice[] = [
  { id: SeveraSubscriptionStatus.ACTIVE, name: 'Uses Severa' },
  { id: SeveraSubscriptionStatus.ENDED, name: 'Left Severa' },
];

export const IDENTITY_STATUS_CHOICES: Choice[] = [
  { id: IdentityStatus.ACTIVE, name: 'Active' },
  { id: IdentityStatus.INVITED, name: 'Invited' },
  { id: IdentityStatus.DISABLED, name: 'Disabled' },
];

export const TWO_FACTOR_POLICY_CHOICES: Choice[] = [
  { id: TwoFactorPolicy.REQUIRED, name: 'Required' },
  { id: TwoFactorPolicy.ADAPTIVE, name: 'Adaptive' },
];

export const roleLabel = (role: string): string => STAFF_ROLE_LABELS[role as StaffRole] ?? role;

export const reasonLabel = (reason: string): string => FAILURE_REASON_LABELS[reason as FailureReason] ?? reason;

/** One colour per failure reason, shared by the chips and the dashboard chart. */
export const REASON_COLORS: Record<FailureReason, string> = {
  PORTAL_CONNECTION_FAILED: '#c62828',
  ORGANIZATION_LEFT_SEVERA: '#6a1b9a',
  ADDON_NOT_ACTIVE: '#ef6c00',
  EMAIL_NOT_FOUND: '#1565c0',
  SEVERA_USER_INACTIVE: '#546e7a',
};

export const reasonColor = (reason: string): string => REASON_COLORS[reason as FailureReason] ?? '#757575';
