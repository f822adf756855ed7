import type { FailureReason, LoginResult, PortalId, SeveraSubscriptionStatus } from '../../shared/index.js';

/** Records as the API returns them (dates are ISO strings). */

export interface Organization {
  id: string;
  name: string;
  severaStatus: `${SeveraSubscriptionStatus}`;
  severaEndedAt: string | null;
  /** Seed 003: required | adaptive */
  twoFactorPolicy: string;
  createdAt: string;
}

export interface SeveraUser {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  active: boolean;
  activeChangedAt: string | null;
  activeChangedBy: string | null;
  activeChangeReason: string | null;
  identityId: string | null;
  createdAt: string;
}

export interface PortalAccount {
  id: string;
  portalId: `${PortalId}`;
  organizationId: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface Identity {
  id: string;
  email: string;
  displayName: string;
  status: string;
  totpEnrolled: boolean;
  emergencyCodeSet: boolean;
  smsNumber: string | null;
  smsVerified: boolean;
  passkeyCount: number;
  privileged: boolean;
  roles: string[];
  createdAt: string;
}

export interface LoginAttempt {
  id: string;
  portalId: `${PortalId}`;
  organizationId: string | null;
  email: string;
  result: `${LoginResult}`;
  reasons: `${FailureReason}`[];
  detail: string | null;
  createdAt: string;
}
