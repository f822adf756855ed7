/** The five reasons a portal → Severa hand-off fails (help-centre articles 000 and 002). */
export enum FailureReason {
  PORTAL_CONNECTION_FAILED = 'PORTAL_CONNECTION_FAILED',
  ORGANIZATION_LEFT_SEVERA = 'ORGANIZATION_LEFT_SEVERA',
  ADDON_NOT_ACTIVE = 'ADDON_NOT_ACTIVE',
  EMAIL_NOT_FOUND = 'EMAIL_NOT_FOUND',
  SEVERA_USER_INACTIVE = 'SEVERA_USER_INACTIVE',
}

/** Evaluation order used everywhere the checks are listed. */
export const FAILURE_REASONS: readonly FailureReason[] = [
  FailureReason.PORTAL_CONNECTION_FAILED,
  FailureReason.ORGANIZATION_LEFT_SEVERA,
  FailureReason.ADDON_NOT_ACTIVE,
  FailureReason.EMAIL_NOT_FOUND,
  FailureReason.SEVERA_USER_INACTIVE,
];

export const FAILURE_REASON_LABELS: Record<FailureReason, string> = {
  PORTAL_CONNECTION_FAILED: 'Portal connection failed',
  ORGANIZATION_LEFT_SEVERA: 'Organization no longer uses Severa',
  ADDON_NOT_ACTIVE: 'Add-on not active',
  EMAIL_NOT_FOUND: 'E-mail not found in Severa',
  SEVERA_USER_INACTIVE: 'Severa user inactive',
};

export enum PortalId {
  MYVISMA = 'myvisma',
  AZETS_WORK = 'azets-work',
}

export const PORTAL_IDS: readonly PortalId[] = [PortalId.MYVISMA, PortalId.AZETS_WORK];

export const PORTAL_NAMES: Record<PortalId, string> = {
  myvisma: 'MyVisma',
  'azets-work': 'Azets Work',
};

export enum AddonId {
  MYVISMA = 'myvisma-addon',
  AZETS_WORK = 'azets-work-addon',
}

/** Each add-on unlocks exactly one portal. */
export const ADDON_FOR_PORTAL: Record<PortalId, AddonId> = {
  myvisma: AddonId.MYVISMA,
  'azets-work': AddonId.AZETS_WORK,
};

export type CheckStatus = 'pass' | 'fail' | 'not-applicable';
export type CheckOwner = 'org-admin' | 'visma-support' | 'portal-admin';

export enum LoginResult {
  SUCCESS = 'success',
  FAILURE = 'failure',
}

export enum SeveraSubscriptionStatus {
  ACTIVE = 'active',
  ENDED = 'ended',
}

export enum AddonStatus {
  ACTIVE = 'active',
  INACTIVE = 'inactive',
}
