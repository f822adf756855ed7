import type { AddonId, FailureReason, PortalId } from './sign-in.js';

/** What a preflight asks about: turning an add-on on or off for one organization. */
export enum AddonChange {
  ACTIVATE = 'activate',
  DEACTIVATE = 'deactivate',
}

export const ADDON_CHANGES: readonly AddonChange[] = [AddonChange.ACTIVATE, AddonChange.DEACTIVATE];

/** Kinds of add-on history entries. */
export enum AddonEventKind {
  ORDERED = 'ordered',
  ACTIVATED = 'activated',
  DEACTIVATED = 'deactivated',
}

/** `GET /api/addons`: one catalog entry. */
export interface AddonCatalogEntry {
  id: `${AddonId}`;
  portalId: `${PortalId}`;
  portalName: string;
  name: string;
  description: string;
  priceCents: number;
  /** priceCents / 100 (the add-ons are free: 0). */
  price: number;
  currency: string;
}

/** One portal account in a preflight, with what the rules decide before and after the change. */
export interface AddonPreflightAccount {
  portalAccountId: string;
  email: string;
  name: string;
  /** The Severa user the hand-off would sign in, if the e-mail matches one exactly. */
  severaUserId: string | null;
  /** Every failing reason after the change (empty: the hand-off succeeds). */
  failures: FailureReason[];
  /** Every failing reason today. */
  currentFailures: FailureReason[];
}

/** `POST /api/organization-addons/preflight`: nothing is written. */
export interface AddonPreflight {
  organizationId: string;
  organizationName: string;
  severaStatus: string;
  addonId: `${AddonId}`;
  portalId: `${PortalId}`;
  change: `${AddonChange}`;
  /** The add-on's status today (null: never purchased). */
  currentStatus: string | null;
  /** The status the rules were asked about. */
  assumedStatus: string;
  counts: { accounts: number; willSignIn: number; stillBlocked: number; willLoseAccess: number };
  /** Among those still blocked: how many fail on each reason (an account may fail on several). */
  stillBlockedReasons: Partial<Record<FailureReason, number>>;
  /**
   * The portal connection: whether one exists, and whether activating the add-on creates it (activation then shows
   * its secret once, for the portal side; the lists above assume it exists).
   */
  connection: { exists: boolean; willBeCreated: boolean };
  /** [first, last] applied to each of the three lists. */
  range: [number, number];
  willSignIn: AddonPreflightAccount[];
  stillBlocked: AddonPreflightAccount[];
  willLoseAccess: AddonPreflightAccount[];
}

/**
 * The connection an activation created for a portal that had none: its secret is shown in this answer only
 * (a retry with the same Idempotency-Key answers `secret: null`).
 */
export interface CreatedConnectionReceipt {
  id: string;
  portalId: `${PortalId}`;
  secret: string | null;
}

/** The zero-cost receipt kept with each order. */
export interface AddonReceipt {
  orderNumber: string;
  items: { addonId: string; name: string; quantity: number; priceCents: number; currency: string }[];
  totalCents: number;
  currency: string;
  organizationId: string;
  organizationName: string;
  orderedBy: string;
  orderedAt: string;
}

export interface AddonOrderView {
  id: string;
  orderNumber: string;
  organizationId: string;
  addonId: string;
  receipt: AddonReceipt;
  orderedById: string;
  createdAt: string;
}

/** One entry of `GET /api/organizations/:id/addon-history`. */
export interface AddonHistoryEntry {
  id: string;
  organizationId: string;
  addonId: string;
  addonName: string;
  kind: `${AddonEventKind}`;
  orderNumber: string | null;
  actorId: string | null;
  actorEmail: string | null;
  reason: string | null;
  createdAt: string;
  /** Present on `ordered` entries. */
  receipt?: AddonReceipt | null;
}

/** An organization's add-on: `GET /api/organization-addons` rows (the server's view; dates as `Date`, see `Wire`). */
export interface OrganizationAddonView {
  id: string;
  organizationId: string;
  addonId: string;
  addonName: string;
  portalId: string;
  /** `AddonStatus`: active | inactive */
  status: string;
  orderNumber: string | null;
  orderedAt: Date | null;
  orderedBy: string | null;
  activatedAt: Date | null;
  activatedBy: string | null;
  deactivatedAt: Date | null;
  deactivatedBy: string | null;
  deactivationReason: string | null;
  updatedAt: Date;
}

/** `POST /api/organization-addons`: the add-on, its order and receipt, and the portal connection it created, if any. */
export type PurchaseResult = OrganizationAddonView & { order: AddonOrderView; receipt: AddonReceipt; connection: CreatedConnectionReceipt | null };
