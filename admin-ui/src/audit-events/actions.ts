import type { Choice } from '../common/choices';
import { audit } from '../i18n/catalog/audit/index';

/**
 * The audit actions the server writes, as worded by the catalog (`app.audit.action.<code>`). Only labels: an action
 * missing there is still listed (by its code) and can still be filtered on (type the exact code in the Action filter).
 */
export const AUDIT_ACTIONS: readonly string[] = Object.keys(audit.en.action).sort();

/** The catalog key of an action's plain-language name, or null when the catalog has none. */
export const auditActionKey = (action: string): string | null => (action in audit.en.action ? `app.audit.action.${action}` : null);

/** Known actions to pick from: the name is composed by the input (code — translated label). */
export const AUDIT_ACTION_CHOICES: Choice[] = AUDIT_ACTIONS.map((id) => ({ id, name: id }));

/** The kinds of things events are about (`targetType`), named by `app.audit.targetType.<type>`. */
export const TARGET_TYPES: readonly string[] = Object.keys(audit.en.targetType);

export const targetTypeKey = (type: string): string | null => (type in audit.en.targetType ? `app.audit.targetType.${type}` : null);

export const TARGET_TYPE_CHOICES: Choice[] = TARGET_TYPES.map((id) => ({ id, name: `app.audit.targetType.${id}` }));

/** Console routes that show a target, by target type (types without a page are shown as plain ids). */
export const TARGET_ROUTES: Record<string, string> = {
  identity: 'identities',
  'severa-user': 'severa-users',
  'portal-connection': 'portal-connections',
  ticket: 'tickets',
};
