import type { Locale } from '../../../shared/locales.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StaffRole } from '../../../shared/roles.js';

/** Who is acting, as resolved by the access guard. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: StaffRole[];
  /** Organizations an org admin is scoped to. */
  organizationIds: string[];
  /** Agents and supervisors act for every organization. */
  allOrganizations: boolean;
  /** The role recorded in the audit log for this request. */
  actingRole: string;
  sessionId: string;
  steppedUpAt: Date | null;
  /** The console language the staff member chose (null: the browser's). */
  locale: Locale | null;
}

export interface RequestContextData {
  requestId: string;
  ip: string | null;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
};
