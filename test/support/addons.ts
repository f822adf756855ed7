import { randomUUID } from 'node:crypto';
import { Like } from 'typeorm';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from '../create-test-app.js';
import { Organization } from '../../server/src/organizations/organization.entity.js';
import { PortalAccount } from '../../server/src/portals/portal.entity.js';
import { AddonEvent, AddonOrder, OrganizationAddon } from '../../server/src/addons/addon.entity.js';
import { AuditEvent } from '../../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../../server/src/notifications/outbox-message.entity.js';
import { HandoffFactsService } from '../../server/src/sign-in/handoff-facts.service.js';
import { evaluateHandoff } from '../../server/src/sign-in/sign-in.rules.js';
import { newId } from '../../server/src/database/db.service.js';
import { AddonStatus, PortalId } from '../../shared/sign-in.js';

/** Shared setup of the add-on specs (addons*.e2e-spec.ts). */
export const AZETS = 'azets-work-addon';
export const MYVISMA = 'myvisma-addon';

export interface AddonsApp {
  t: TestApp;
  supervisor: StaffClient;
  lead: StaffClient;
  agent: StaffClient;
  orgAdmin: StaffClient;
  org: Record<'northwind' | 'oldfield' | 'brightside', string>;
}

/** A fresh app with the demo data, more Northwind people on Azets Work, and the staff signed in. */
export async function startAddonsApp(): Promise<AddonsApp> {
  const t = await createTestApp();
  const org: AddonsApp['org'] = { northwind: '', oldfield: '', brightside: '' };
  for (const o of await t.ds.getRepository(Organization).find()) {
    if (o.name === 'Northwind Consulting') org.northwind = o.id;
    if (o.name === 'Oldfield Oy') org.oldfield = o.id;
    if (o.name === 'Brightside Ltd') org.brightside = o.id;
  }
  // More Northwind people on Azets Work, so the preflight has someone who still cannot sign in, for each reason.
  const now = t.clock.now();
  const acct = (email: string, name: string) => ({ id: newId(), organizationId: org.northwind, portalId: PortalId.AZETS_WORK, email, name, createdAt: now });
  await t.db.tx((m) =>
    m.getRepository(PortalAccount).insert([
      acct('carla.berg@northwind.test', 'Carla Berg'),
      acct('ben.koski@northwind.test', 'Ben Koski'),
      acct('Dave.Lind@northwind.test', 'Dave Lind'),
    ]),
  );
  return { t, org, supervisor: await t.signIn(SUPERVISOR), lead: await t.signIn(LEAD), agent: await t.signIn(AGENT), orgAdmin: await t.signIn(ORG_ADMIN) };
}

/** Helpers over the app `current()` returns. */
export function addonHelpers(current: () => TestApp) {
  /** Rows in every table an add-on change writes to. */
  const counts = async () => {
    const t = current();
    return {
      orders: await t.ds.getRepository(AddonOrder).count(),
      organizationAddons: await t.ds.getRepository(OrganizationAddon).count(),
      activeAddons: await t.ds.getRepository(OrganizationAddon).countBy({ status: AddonStatus.ACTIVE }),
      events: await t.ds.getRepository(AddonEvent).count(),
      /** Add-on audit events (sign-ins and step-ups are audited too, by their own actions). */
      audit: await t.ds.getRepository(AuditEvent).countBy({ action: Like('addon.%') }),
      outbox: await t.ds.getRepository(OutboxMessage).count(),
    };
  };

  /** What the one rules engine decides today for every portal account of the organization on that portal. */
  const decideAll = async (organizationId: string, portalId: PortalId) => {
    const t = current();
    const facts = t.app.get(HandoffFactsService);
    const ctx = await facts.context(portalId, organizationId);
    const accounts = await t.ds.getRepository(PortalAccount).findBy({ organizationId, portalId });
    const out = new Map<string, { ok: boolean; failures: string[] }>();
    for (const a of accounts) {
      const d = evaluateHandoff(facts.facts(ctx, a.email, await facts.exactMatches(organizationId, a.email)));
      out.set(a.id, { ok: d.ok, failures: d.failures });
    }
    return out;
  };

  const purchase = (c: StaffClient, body: object, key: string | null = randomUUID()) => {
    const r = c.post('/api/organization-addons', body);
    return key === null ? r : r.set('Idempotency-Key', key);
  };
  const preflight = (c: StaffClient, body: object) => c.post('/api/organization-addons/preflight', body);
  const orgAddon = (organizationId: string, addonId: string) => current().ds.getRepository(OrganizationAddon).findOneBy({ organizationId, addonId });
  return { counts, decideAll, purchase, preflight, orgAddon };
}
