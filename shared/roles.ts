import type { Locale } from './locales.js';
/** Console roles held by staff identities. */
export enum StaffRole {
  SUPPORT_AGENT = 'support-agent',
  SUPERVISOR = 'supervisor',
  ORG_ADMIN = 'org-admin',
}

export const STAFF_ROLES: readonly StaffRole[] = [StaffRole.SUPPORT_AGENT, StaffRole.SUPERVISOR, StaffRole.ORG_ADMIN];

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  'support-agent': 'Support agent',
  supervisor: 'Supervisor',
  'org-admin': 'Org admin',
};

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  roles: StaffRole[];
  organizationIds: string[];
  /** The console language the staff member chose in the language menu; null until they choose (the browser's is used). */
  locale: Locale | null;
}
