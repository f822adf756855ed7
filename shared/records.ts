/**
 * The records the console's lists and show pages read (`GET /api/<resource>` and `/:id`), declared once: the server's
 * entities and views implement these, the console reads them as `Wire<…>` (dates arrive as ISO strings). Codes are
 * plain strings here because the columns are; their values are the enums in sign-in.ts, identity.ts and roles.ts.
 */

import type { RecordedCause } from './connections.js';

/** A record as it crosses the API: every `Date` becomes its ISO string. */
export type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** A Severa customer. */
export interface OrganizationRecord {
  id: string;
  name: string;
  /** `SeveraSubscriptionStatus`: active | ended (the organization no longer uses Severa). */
  severaStatus: string;
  severaEndedAt: Date | null;
  /** `TwoFactorPolicy`: required | adaptive (seed 003). */
  twoFactorPolicy: string;
  createdAt: Date;
}

/** A user in Visma Severa. */
export interface SeveraUserRecord {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  active: boolean;
  activeChangedAt: Date | null;
  /** E-mail of whoever last changed the active flag. */
  activeChangedBy: string | null;
  activeChangeReason: string | null;
  identityId: string | null;
  createdAt: Date;
}

/** An account in a portal (MyVisma, Azets Work). */
export interface PortalAccountRecord {
  id: string;
  /** `PortalId` */
  portalId: string;
  organizationId: string;
  email: string;
  name: string;
  createdAt: Date;
}

/** One portal → Severa sign-in attempt. */
export interface LoginAttemptRecord {
  id: string;
  /** `PortalId` */
  portalId: string;
  organizationId: string | null;
  /** As presented by the portal. */
  email: string;
  /** `LoginResult`: success | failure */
  result: string;
  /** `FailureReason` codes, in the order the rules report them. */
  reasons: string[];
  /** Why a malformed request was refused, when it was. */
  detail: string | null;
  createdAt: Date;
}

/**
 * A login attempt as `GET /api/login-attempts` and `/:id` answer it: the record (its `detail` stays English, as
 * recorded, for API clients) plus the recorded cause as `detailCode` and `detailParams`, which the console words.
 */
export interface LoginAttemptView extends LoginAttemptRecord, RecordedCause {}

/** What staff may see of a Visma Connect identity: never a hash or a secret. */
export interface IdentityView {
  id: string;
  email: string;
  displayName: string;
  /** `IdentityStatus`: active | invited | disabled */
  status: string;
  totpEnrolled: boolean;
  totpEnrolledAt: Date | null;
  emergencyCodeSet: boolean;
  smsNumber: string | null;
  smsVerified: boolean;
  passkeyCount: number;
  privileged: boolean;
  /** Distinct console roles held (`StaffRole`). */
  roles: string[];
  /** Organizations the org-admin grants are scoped to. */
  organizationIds: string[];
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One event of the append-only, hash-chained audit log. */
export interface AuditEventRecord {
  /** Position in the chain. */
  id: number;
  createdAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  /** The console role the actor acted in, or `system` / `user` / `portal`. */
  actorRole: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  organizationId: string | null;
  ticketId: string | null;
  requestId: string | null;
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}
