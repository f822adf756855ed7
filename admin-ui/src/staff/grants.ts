import { StaffRole } from '../../../shared/index.js';
import type { IdentityView, Wire } from '../../../shared/records.js';

/** `GET /api/staff` and `GET /api/identities/:id` records: the identity view the server declares in shared/. */
export type StaffMember = Wire<IdentityView>;

/** One entry of `PUT /api/staff/:id {roles}`. */
export interface RoleGrant {
  role: StaffRole;
  organizationId?: string;
}

/** The role form: organization-wide roles as checkboxes, org admin as the organizations it covers. */
export interface RoleFormValues {
  roles: StaffRole[];
  orgAdminOf: string[];
}

export const GLOBAL_ROLES: readonly StaffRole[] = [StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR];

export function formValues(member: Pick<StaffMember, 'roles' | 'organizationIds'>): RoleFormValues {
  return {
    roles: GLOBAL_ROLES.filter((r) => member.roles.includes(r)),
    orgAdminOf: member.roles.includes(StaffRole.ORG_ADMIN) ? [...member.organizationIds] : [],
  };
}

/** What the API takes: one entry per global role, one org-admin entry per organization. */
export function grantsFrom(values: RoleFormValues): RoleGrant[] {
  const roles = GLOBAL_ROLES.filter((r) => values.roles?.includes(r)).map((role) => ({ role }));
  const orgs = [...new Set(values.orgAdminOf ?? [])].map((organizationId) => ({ role: StaffRole.ORG_ADMIN, organizationId }));
  return [...roles, ...orgs];
}
