import { useTranslate } from 'react-admin';
import { StaffRole } from '../../../shared/index.js';
import type { AuditEventRecord as SharedAuditEventRecord, Wire } from '../../../shared/records.js';
import { roleKey } from '../common/choices';

/** `GET /api/audit-events` records, as the server declares them (shared/records.ts). */
export type AuditEventRecord = Wire<SharedAuditEventRecord>;

export const GENESIS_HASH = '0'.repeat(64);
/** Target types whose records have a readable name (identities: e-mail; tickets: #number). */
export const TARGET_NAMED: Record<string, string> = { identity: 'identities', ticket: 'tickets' };
const STAFF_ROLE_VALUES: readonly string[] = Object.values(StaffRole);

const ACTOR_KINDS: readonly string[] = ['system', 'user', 'portal', 'staff', 'anonymous'];
/** A console role, or the kind of actor that is not staff; unknown codes as they are. */
export const useActorRole = () => {
  const translate = useTranslate();
  return (role: string): string => (STAFF_ROLE_VALUES.includes(role) ? translate(roleKey(role)) : ACTOR_KINDS.includes(role) ? translate(`app.audit.actor.${role}`) : role);
};
/** An action's or a target type's name from the catalog, or its code when the catalog has none. */
export const useLabel = () => {
  const translate = useTranslate();
  return (key: string | null, code: string): string => (key ? translate(key) : code);
};
/** The command that checks the whole chain (not translated: it is typed as is). */
export const VERIFY_COMMAND = 'npm run audit:verify';

/** A list URL with these filters (e.g. every event of one actor or about one target). */
export const auditListPath = (filter: Record<string, string>) => `/audit-events?filter=${encodeURIComponent(JSON.stringify(filter))}`;
