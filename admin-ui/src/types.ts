import type { IdentityView, LoginAttemptView, OrganizationRecord, PortalAccountRecord, SeveraUserRecord, Wire } from '../../shared/records.js';

/**
 * Records as the API returns them, from the one declaration in shared/records.ts (the server's entities implement
 * it); dates arrive as ISO strings. No hand-kept copies here.
 */
export type Organization = Wire<OrganizationRecord>;
export type SeveraUser = Wire<SeveraUserRecord>;
export type PortalAccount = Wire<PortalAccountRecord>;
export type Identity = Wire<IdentityView>;
export type LoginAttempt = Wire<LoginAttemptView>;
