import { StaffRole } from '../../../shared/index.js';

/** `GET /api/staff` and `GET /api/identities/:id` records (the fields this screen uses). */
export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  status: string;
  /** Distinct console roles held. */
  roles: string[];
  /** Organizations the org-admin grants are scoped to. */
  organizationIds: string[];
  totpEnrolled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

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
