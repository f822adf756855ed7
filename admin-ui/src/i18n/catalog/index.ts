import type { Locale } from '../../../../shared/locales.js';
import { errors } from './errors.js';
import { signin } from './signin.js';
import { layout } from './layout.js';
import { common } from './common.js';
import { validation } from './validation.js';
import { diagnosis } from './diagnosis/index.js';
import { connections } from './connections/index.js';
import { bothSides } from './both-sides.js';
import { fixes } from './fixes.js';
import { resources } from './resources/index.js';
import { outbox } from './outbox.js';
import { addons } from './addons.js';
import { audit } from './audit/index.js';
import { records } from './records.js';
import { people } from './people.js';
import { staff } from './staff.js';
import { work } from './work.js';
import { tickets } from './tickets/index.js';
import { dashboard, diagnosisPage } from './overview.js';
import { ticketActions } from './tickets-actions.js';
import { lostPhone } from './tickets-lost-phone/index.js';

/**
 * Every catalog of the console, by area: `app.<area>.<key>` in components (`useTranslate()`), plus react-admin's
 * `resources.<name>.name|fields.<field>` convention. A new area is added here and nowhere else; the completeness
 * test walks this object for all five languages.
 */
export const CATALOGS = { signin, errors, layout, common, validation, diagnosis, outbox, addons, audit, records, people, staff, work, connections, bothSides, fixes, tickets, dashboard, diagnosisPage, ticketActions, lostPhone };

export function appMessages(locale: Locale) {
  const app = Object.fromEntries(Object.entries(CATALOGS).map(([area, byLocale]) => [area, byLocale[locale]]));
  return { app, resources: resources[locale] };
}

export { resources };
