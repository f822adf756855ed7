import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Like } from 'typeorm';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { PortalAccount } from '../server/src/portals/portal.entity.js';
import { AddonEvent, AddonOrder, OrganizationAddon } from '../server/src/addons/addon.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { HandoffFactsService } from '../server/src/sign-in/handoff-facts.service.js';
import { evaluateHandoff } from '../server/src/sign-in/sign-in.rules.js';
import { ACCESS_POLICY } from '../shared/access-policy.js';
import { newId } from '../server/src/database/db.service.js';
import { AddonStatus, PortalId } from '../shared/sign-in.js';

const AZETS = 'azets-work-addon';
const MYVISMA = 'myvisma-addon';

describe('add-ons: catalog, preflight, purchase, deactivation, history', () => {
  let t: TestApp;
  let supervisor: StaffClient;
  let lead: StaffClient;
  let agent: StaffClient;
  let orgAdmin: StaffClient;
  const org: Record<'northwind' | 'oldfield' | 'brightside', string> = { northwind: '', oldfield: '', brightside: '' };

  /** Rows in every table an add-on change writes to. */
  const counts = async () => ({
    orders: await t.ds.getRepository(AddonOrder).count(),
    organizationAddons: await t.ds.getRepository(OrganizationAddon).count(),
    activeAddons: await t.ds.getRepository(OrganizationAddon).countBy({ status: AddonStatus.ACTIVE }),
    events: await t.ds.getRepository(AddonEvent).count(),
    /** Add-on audit events (sign-ins and step-ups are audited too, by their own actions). */
    audit: await t.ds.getRepository(AuditEvent).countBy({ action: Like('addon.%') }),
    outbox: await t.ds.getRepository(OutboxMessage).count(),
  });

  /** What the one rules engine decides today for every portal account of the organization on that portal. */
  const decideAll = async (organizationId: string, portalId: PortalId) => {
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
  const orgAddon = (organizationId: string, addonId: string) => t.ds.getRepository(OrganizationAddon).findOneBy({ organizationId, addonId });

  before(async () => {
    t = await createTestApp();
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
    supervisor = await t.signIn(SUPERVISOR);
    lead = await t.signIn(LEAD);
    agent = await t.signIn(AGENT);
    orgAdmin = await t.signIn(ORG_ADMIN);
  });
  after(async () => t.close());

  it('lists the catalog: both free add-ons with their portal, price 0 and currency, and the guides’ description', async () => {
    const r = await agent.get('/api/addons');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-range'], /^addons 0-1\/2$/);
    const byId = Object.fromEntries(r.body.map((a: { id: string }) => [a.id, a]));
    assert.equal(byId[MYVISMA].portalId, 'myvisma');
    assert.equal(byId[AZETS].portalId, 'azets-work');
    assert.equal(byId[AZETS].portalName, 'Azets Work');
    for (const a of r.body) {
      assert.equal(a.price, 0);
      assert.equal(a.priceCents, 0);
      assert.equal(a.currency, 'EUR');
      assert.match(a.description, /Free of charge/);
      assert.match(a.description, /same e-mail address/);
    }
    const one = await agent.get(`/api/addons?filter=${encodeURIComponent(JSON.stringify({ id: [AZETS] }))}`);
    assert.deepEqual(one.body.map((a: { name: string }) => a.name), ['Azets Work']);
    assert.equal((await t.http.get('/api/addons')).status, 401);
  });

  it('lists organizations’ add-ons with filters; org admins see only their own organization', async () => {
    const all = await agent.get('/api/organization-addons');
    assert.equal(all.status, 200);
    assert.equal(all.body.length, 3);
    const nw = await agent.get(`/api/organization-addons?filter=${encodeURIComponent(JSON.stringify({ organizationId: org.northwind, addonId: MYVISMA, status: 'active' }))}`);
    assert.equal(nw.body.length, 1);
    assert.equal(nw.body[0].addonName, 'MyVisma');
    assert.equal(nw.body[0].orderNumber, 'AD-2025-000101');
    const none = await agent.get(`/api/organization-addons?filter=${encodeURIComponent(JSON.stringify({ status: 'inactive' }))}`);
    assert.equal(none.body.length, 0);
    const bad = await agent.get(`/api/organization-addons?filter=${encodeURIComponent(JSON.stringify({ status: 'maybe' }))}`);
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors['filter.status']);

    const mine = await orgAdmin.get('/api/organization-addons');
    assert.deepEqual(
      mine.body.map((a: { organizationId: string }) => a.organizationId),
      [org.northwind],
    );
    const oldfieldAddon = await orgAddon(org.oldfield, MYVISMA);
    assert.equal((await orgAdmin.get(`/api/organization-addons/${oldfieldAddon!.id}`)).status, 404);
    const shown = await agent.get(`/api/organization-addons/${oldfieldAddon!.id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.order.receipt.totalCents, 0);
  });

  it('preflight validates its input, hides other organizations from org admins, and writes nothing', async () => {
    const empty = await preflight(agent, {});
    assert.equal(empty.status, 400);
    for (const f of ['organizationId', 'addonId', 'change']) assert.ok(empty.body.errors[f], `names ${f}`);
    const badChange = await preflight(agent, { organizationId: org.northwind, addonId: AZETS, change: 'toggle' });
    assert.equal(badChange.status, 400);
    assert.ok(badChange.body.errors.change);
    const badRange = await preflight(agent, { organizationId: org.northwind, addonId: AZETS, change: 'activate', range: [5, 1] });
    assert.equal(badRange.status, 400);
    assert.ok(badRange.body.errors.range);
    assert.equal((await preflight(agent, { organizationId: randomUUID(), addonId: AZETS, change: 'activate' })).status, 404);
    assert.equal((await preflight(orgAdmin, { organizationId: org.brightside, addonId: AZETS, change: 'deactivate' })).status, 404);
    assert.equal((await preflight(orgAdmin, { organizationId: org.northwind, addonId: AZETS, change: 'activate' })).status, 200);

    const before = await counts();
    const r = await preflight(agent, { organizationId: org.northwind, addonId: MYVISMA, change: 'deactivate' });
    assert.equal(r.status, 200);
    assert.deepEqual(await counts(), before, 'a preflight writes nothing');
    assert.equal(r.body.currentStatus, 'active');
    assert.equal(r.body.assumedStatus, 'inactive');
    assert.deepEqual(r.body.counts, { accounts: 5, willSignIn: 0, stillBlocked: 3, willLoseAccess: 2 });
    assert.deepEqual(r.body.willLoseAccess.map((a: { email: string }) => a.email), ['anna.virtanen@northwind.test', 'erik.nurmi@northwind.test']);
    const blocked = Object.fromEntries(r.body.stillBlocked.map((a: { email: string; failures: string[] }) => [a.email, a.failures]));
    assert.deepEqual(blocked['ben.koski@northwind.test'], ['ADDON_NOT_ACTIVE', 'SEVERA_USER_INACTIVE']);
    assert.deepEqual(blocked['Carla.Berg@northwind.test'], ['ADDON_NOT_ACTIVE', 'EMAIL_NOT_FOUND']);
    assert.deepEqual(blocked['dave.lind@northwind.test'], ['ADDON_NOT_ACTIVE', 'EMAIL_NOT_FOUND']);
    assert.deepEqual(r.body.stillBlockedReasons, { ADDON_NOT_ACTIVE: 3, EMAIL_NOT_FOUND: 2, SEVERA_USER_INACTIVE: 1 });

    const paged = await preflight(agent, { organizationId: org.northwind, addonId: MYVISMA, change: 'deactivate', range: [1, 1] });
    assert.deepEqual(paged.body.counts, r.body.counts);
    assert.deepEqual(paged.body.range, [1, 1]);
    assert.deepEqual(paged.body.willLoseAccess.map((a: { email: string }) => a.email), ['erik.nurmi@northwind.test']);
    assert.equal(paged.body.stillBlocked.length, 1);
  });

  it('refuses writes to agents (403), without a session (401), and before step-up (401 STEP_UP_REQUIRED); nothing is written', async () => {
    const before = await counts();
    const body = { organizationId: org.northwind, addonId: AZETS };
    const nwMyvisma = await orgAddon(org.northwind, MYVISMA);
    for (const c of [agent]) {
      const p = await purchase(c, body);
      assert.equal(p.status, 403);
      assert.equal(p.body.code, 'FORBIDDEN');
      const d = await c.put(`/api/organization-addons/${nwMyvisma!.id}`, { status: 'inactive', reason: 'test' });
      assert.equal(d.status, 403);
    }
    assert.equal((await t.http.post('/api/organization-addons').send(body)).status, 401);
    const fresh = await t.signIn(SUPERVISOR);
    const p = await purchase(fresh, body);
    assert.equal(p.status, 401);
    assert.equal(p.body.code, 'STEP_UP_REQUIRED');
    const d = await fresh.put(`/api/organization-addons/${nwMyvisma!.id}`, { status: 'inactive', reason: 'test' });
    assert.equal(d.status, 401);
    assert.equal(d.body.code, 'STEP_UP_REQUIRED');
    assert.deepEqual(await counts(), before);

    // Every add-on route is in the authorization table, the changes with step-up.
    for (const key of ['POST /api/organization-addons', 'PUT /api/organization-addons/:id']) {
      const p = ACCESS_POLICY[key];
      assert.ok(p && !p.public && p.stepUp && !p.roles.includes('support-agent' as never), key);
    }
    for (const key of ['GET /api/addons', 'GET /api/organization-addons', 'GET /api/organization-addons/:id', 'POST /api/organization-addons/preflight', 'GET /api/organizations/:id/addon-history']) {
      const p = ACCESS_POLICY[key];
      assert.ok(p && !p.public && !p.stepUp && p.roles.includes('support-agent' as never), key);
    }
    const doc = await t.http.get('/api/docs-json');
    for (const path of ['/api/addons', '/api/organization-addons', '/api/organization-addons/preflight', '/api/organization-addons/{id}', '/api/organizations/{id}/addon-history']) {
      assert.ok(doc.body.paths[path], `${path} is in the OpenAPI document`);
    }
  });

  it('requires the Idempotency-Key header and names it; validates the body', async () => {
    await supervisor.stepUp();
    const before = await counts();
    const r = await purchase(supervisor, { organizationId: org.northwind, addonId: AZETS }, null);
    assert.equal(r.status, 400);
    assert.ok(r.body.errors['Idempotency-Key']);
    assert.match(r.body.message, /Idempotency-Key/);
    const spaces = await purchase(supervisor, { organizationId: org.northwind, addonId: AZETS }, 'has spaces in it');
    assert.equal(spaces.status, 400);
    assert.ok(spaces.body.errors['Idempotency-Key']);
    const bad = await purchase(supervisor, { organizationId: org.northwind, addonId: 'gold-addon', extra: 1 });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.addonId);
    assert.ok(bad.body.errors.extra);
    assert.equal((await purchase(supervisor, { organizationId: randomUUID(), addonId: AZETS })).status, 404);
    assert.deepEqual(await counts(), before);
  });

  it('activation: the preflight’s numbers are what the rules decide for every account afterwards; receipt, history, audit, outbox', async () => {
    const pf = await preflight(supervisor, { organizationId: org.northwind, addonId: AZETS, change: 'activate', range: [0, 999] });
    assert.equal(pf.status, 200);
    assert.equal(pf.body.currentStatus, null);
    assert.deepEqual(pf.body.counts, { accounts: 5, willSignIn: 3, stillBlocked: 2, willLoseAccess: 0 });
    const todayDecisions = await decideAll(org.northwind, PortalId.AZETS_WORK);
    for (const d of todayDecisions.values()) assert.ok(d.failures.includes('ADDON_NOT_ACTIVE'), 'before: every hand-off fails on the add-on');

    await supervisor.stepUp();
    const before = await counts();
    const key = randomUUID();
    const r = await purchase(supervisor, { organizationId: org.northwind, addonId: AZETS }, key);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'active');
    assert.equal(r.body.addonId, AZETS);
    assert.match(r.body.orderNumber, new RegExp(`^AD-${t.clock.now().getUTCFullYear()}-\\d{6}$`));
    assert.equal(r.body.order.orderNumber, r.body.orderNumber);
    assert.deepEqual(r.body.receipt.items, [{ addonId: AZETS, name: 'Azets Work', quantity: 1, priceCents: 0, currency: 'EUR' }]);
    assert.equal(r.body.receipt.totalCents, 0);
    assert.equal(r.body.receipt.orderedBy, SUPERVISOR);
    assert.equal(r.body.receipt.orderedAt, t.clock.now().toISOString());
    assert.equal(r.body.activatedBy, SUPERVISOR);
    const afterCounts = await counts();
    assert.equal(afterCounts.orders, before.orders + 1);
    assert.equal(afterCounts.organizationAddons, before.organizationAddons + 1);
    assert.equal(afterCounts.events, before.events + 2);
    assert.equal(afterCounts.audit, before.audit + 1);
    assert.equal(afterCounts.outbox, before.outbox + 1, 'one message: Northwind has one org admin');

    // The rules, run for real on the new facts, agree with the preflight for every account.
    const decisions = await decideAll(org.northwind, PortalId.AZETS_WORK);
    assert.equal(decisions.size, pf.body.counts.accounts);
    const ok = [...decisions].filter(([, d]) => d.ok).map(([id]) => id).sort();
    assert.deepEqual(ok, pf.body.willSignIn.map((a: { portalAccountId: string }) => a.portalAccountId).sort());
    for (const a of pf.body.stillBlocked) {
      assert.deepEqual(decisions.get(a.portalAccountId)!.failures, a.failures, a.email);
      assert.ok(!a.failures.includes('ADDON_NOT_ACTIVE'));
    }
    const stillBlocked = Object.fromEntries(pf.body.stillBlocked.map((a: { email: string; failures: string[] }) => [a.email, a.failures]));
    assert.deepEqual(stillBlocked, { 'Dave.Lind@northwind.test': ['EMAIL_NOT_FOUND'], 'ben.koski@northwind.test': ['SEVERA_USER_INACTIVE'] });

    const show = await supervisor.get(`/api/organization-addons/${r.body.id}`);
    assert.equal(show.body.order.receipt.orderNumber, r.body.orderNumber);

    const audit = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'addon.activated', targetId: r.body.id });
    assert.equal(audit.actorEmail, SUPERVISOR);
    assert.equal(audit.organizationId, org.northwind);
    assert.deepEqual(audit.before, { status: null });
    assert.equal((audit.after as Record<string, unknown>).status, 'active');
    assert.equal((audit.after as Record<string, unknown>).orderNumber, r.body.orderNumber);
    assert.equal((audit.after as Record<string, unknown>).willSignIn, 3);

    const msg = await t.ds.getRepository(OutboxMessage).findOneByOrFail({ kind: 'addon.activated', organizationId: org.northwind });
    assert.equal(msg.recipient, ORG_ADMIN);
    assert.match(msg.subject, /Azets Work add-on activated for Northwind Consulting/);
    assert.match(msg.body, new RegExp(r.body.orderNumber));
    await t.app.get(OutboxService).deliverPending();
    assert.ok(t.mail.sent.some((m) => m.to === ORG_ADMIN && /Azets Work add-on activated/.test(m.subject)));

    const hist = await agent.get(`/api/organizations/${org.northwind}/addon-history`);
    assert.equal(hist.status, 200);
    assert.match(hist.headers['content-range'], /^addon-history 0-\d+\/\d+$/);
    assert.deepEqual(hist.body.slice(0, 2).map((e: { kind: string }) => e.kind), ['activated', 'ordered']);
    const ordered = hist.body.find((e: { kind: string; orderNumber: string }) => e.kind === 'ordered' && e.orderNumber === r.body.orderNumber);
    assert.equal(ordered.actorEmail, SUPERVISOR);
    assert.equal(ordered.addonName, 'Azets Work');
    assert.equal(ordered.receipt.totalCents, 0);
    assert.equal(ordered.createdAt, t.clock.now().toISOString());
    const oldest = await agent.get(`/api/organizations/${org.northwind}/addon-history?sort=${encodeURIComponent('["createdAt","ASC"]')}&filter=${encodeURIComponent(JSON.stringify({ addonId: AZETS }))}`);
    assert.deepEqual(oldest.body.map((e: { kind: string }) => e.kind), ['ordered', 'activated']);

    // The same key again: the same order, not a second one.
    const before2 = await counts();
    const again = await purchase(supervisor, { organizationId: org.northwind, addonId: AZETS }, key);
    assert.equal(again.status, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.body.orderNumber, r.body.orderNumber);
    assert.equal(again.body.order.id, r.body.order.id);
    assert.deepEqual(await counts(), before2);

    // A different key while active: 409, nothing written.
    const dup = await purchase(supervisor, { organizationId: org.northwind, addonId: AZETS });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'ADDON_ALREADY_ACTIVE');
    assert.match(dup.body.message, new RegExp(r.body.orderNumber));
    // The same key for another purchase: refused.
    const reused = await purchase(supervisor, { organizationId: org.brightside, addonId: MYVISMA }, key);
    assert.equal(reused.status, 409);
    assert.equal(reused.body.code, 'IDEMPOTENCY_KEY_REUSED');
    // Keys belong to the staff member who sent them: another supervisor's identical key is a separate request.
    await lead.stepUp();
    const leadDup = await purchase(lead, { organizationId: org.northwind, addonId: AZETS }, key);
    assert.equal(leadDup.status, 409);
    assert.equal(leadDup.body.code, 'ADDON_ALREADY_ACTIVE');
    assert.deepEqual(await counts(), before2);
  });

  it('an organization that left Severa gets 409 ORGANIZATION_LEFT_SEVERA with a clear message, and nothing is written', async () => {
    await supervisor.stepUp();
    const before = await counts();
    const r = await purchase(supervisor, { organizationId: org.oldfield, addonId: AZETS });
    assert.equal(r.status, 409);
    assert.equal(r.body.code, 'ORGANIZATION_LEFT_SEVERA');
    assert.match(r.body.message, /Oldfield Oy no longer uses Visma Severa/);
    assert.match(r.body.message, /nothing was ordered/);
    assert.deepEqual(await counts(), before);

    // Its MyVisma add-on can be turned off; buying it back is refused the same way.
    const mv = await orgAddon(org.oldfield, MYVISMA);
    const off = await supervisor.put(`/api/organization-addons/${mv!.id}`, { status: 'inactive', reason: 'Customer left Severa' });
    assert.equal(off.status, 200);
    const before2 = await counts();
    const again = await purchase(supervisor, { organizationId: org.oldfield, addonId: MYVISMA });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'ORGANIZATION_LEFT_SEVERA');
    assert.deepEqual(await counts(), before2);
    assert.equal((await orgAddon(org.oldfield, MYVISMA))!.status, 'inactive');
  });

  it('two concurrent purchases with different keys: exactly one active add-on and one 409', async () => {
    await supervisor.stepUp();
    await lead.stepUp();
    const before = await counts();
    const body = { organizationId: org.brightside, addonId: MYVISMA };
    const results = await Promise.all([purchase(supervisor, body), purchase(lead, body), purchase(supervisor, body)]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409], JSON.stringify(results.map((r) => r.body)));
    for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.code, 'ADDON_ALREADY_ACTIVE');
    const rows = await t.ds.getRepository(OrganizationAddon).findBy({ organizationId: org.brightside, addonId: MYVISMA });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, 'active');
    const after = await counts();
    assert.equal(after.orders, before.orders + 1);
    assert.equal(after.events, before.events + 2);

    // The same key sent twice at once: one order, both answers name it.
    const mv = await orgAddon(org.brightside, MYVISMA);
    assert.equal((await supervisor.put(`/api/organization-addons/${mv!.id}`, { status: 'inactive', reason: 'Retry test' })).status, 200);
    const key = randomUUID();
    const twice = await Promise.all([purchase(supervisor, body, key), purchase(supervisor, body, key)]);
    assert.deepEqual(twice.map((r) => r.status).sort(), [200, 201]);
    assert.equal(twice[0].body.orderNumber, twice[1].body.orderNumber);
    assert.equal((await counts()).orders, before.orders + 2);
  });

  it('deactivation requires a reason, audits how many lose access, notifies the admins; the rules then agree', async () => {
    await supervisor.stepUp();
    const nw = await orgAddon(org.northwind, MYVISMA);
    const url = `/api/organization-addons/${nw!.id}`;
    const before = await counts();
    const missing = await supervisor.put(url, { status: 'inactive' });
    assert.equal(missing.status, 400);
    assert.ok(missing.body.errors.reason);
    assert.match(missing.body.message, /reason/);
    const blank = await supervisor.put(url, { status: 'inactive', reason: '   ' });
    assert.equal(blank.status, 400);
    assert.ok(blank.body.errors.reason);
    const wrong = await supervisor.put(url, { status: 'active', reason: 'x' });
    assert.equal(wrong.status, 400);
    assert.ok(wrong.body.errors.status);
    assert.equal((await supervisor.put(`/api/organization-addons/${randomUUID()}`, { status: 'inactive', reason: 'x' })).status, 404);
    assert.deepEqual(await counts(), before);

    const pf = await preflight(supervisor, { organizationId: org.northwind, addonId: MYVISMA, change: 'deactivate' });
    // The notice goes out in the admin's own language, not the actor's.
    const admin = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: ORG_ADMIN.toLowerCase() });
    await t.ds.getRepository(Identity).update({ id: admin.id }, { locale: 'sv' });
    const r = await supervisor.put(url, { status: 'inactive', reason: '  Moving everyone to Azets Work  ' });
    await t.ds.getRepository(Identity).update({ id: admin.id }, { locale: admin.locale });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'inactive');
    assert.equal(r.body.deactivationReason, 'Moving everyone to Azets Work');
    assert.equal(r.body.deactivatedBy, SUPERVISOR);
    const after = await counts();
    assert.equal(after.events, before.events + 1);
    assert.equal(after.audit, before.audit + 1);
    assert.equal(after.outbox, before.outbox + 1);

    const audit = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'addon.deactivated', targetId: nw!.id });
    assert.equal((audit.before as Record<string, unknown>).status, 'active');
    assert.equal((audit.after as Record<string, unknown>).status, 'inactive');
    assert.equal((audit.after as Record<string, unknown>).deactivationReason, 'Moving everyone to Azets Work');
    assert.equal((audit.after as Record<string, unknown>).willLoseAccess, pf.body.counts.willLoseAccess);
    assert.equal(pf.body.counts.willLoseAccess, 2);
    const msg = await t.ds.getRepository(OutboxMessage).findOneByOrFail({ kind: 'addon.deactivated', organizationId: org.northwind });
    assert.equal(msg.recipient, ORG_ADMIN);
    assert.match(msg.body, /Moving everyone to Azets Work/);
    assert.match(msg.subject, /^Tillägget .+ har inaktiverats för Northwind Consulting$/);
    assert.ok(msg.body.includes('Orsak: Moving everyone to Azets Work'), msg.body);
    assert.ok(msg.body.includes('Förlorade åtkomst: 2.'), msg.body);

    const decisions = await decideAll(org.northwind, PortalId.MYVISMA);
    for (const a of pf.body.willLoseAccess) {
      assert.equal(decisions.get(a.portalAccountId)!.ok, false);
      assert.deepEqual(decisions.get(a.portalAccountId)!.failures, a.failures);
      assert.deepEqual(a.failures, ['ADDON_NOT_ACTIVE']);
    }
    assert.ok([...decisions.values()].every((d) => !d.ok));

    const hist = await agent.get(`/api/organizations/${org.northwind}/addon-history?filter=${encodeURIComponent(JSON.stringify({ kind: 'deactivated' }))}`);
    assert.equal(hist.body.length, 1);
    assert.equal(hist.body[0].reason, 'Moving everyone to Azets Work');
    assert.equal(hist.body[0].actorEmail, SUPERVISOR);
    assert.equal(hist.body[0].orderNumber, 'AD-2025-000101');

    const twice = await supervisor.put(url, { status: 'inactive', reason: 'again' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'ADDON_ALREADY_INACTIVE');
  });

  it('org admins change their own organization’s add-ons and get 404 for any other organization', async () => {
    await orgAdmin.stepUp();
    const before = await counts();
    const bright = await orgAddon(org.brightside, AZETS);
    assert.equal((await orgAdmin.put(`/api/organization-addons/${bright!.id}`, { status: 'inactive', reason: 'not mine' })).status, 404);
    assert.equal((await purchase(orgAdmin, { organizationId: org.brightside, addonId: AZETS })).status, 404);
    assert.equal((await orgAdmin.get(`/api/organizations/${org.oldfield}/addon-history`)).status, 404);
    assert.equal((await orgAdmin.get(`/api/organization-addons/${bright!.id}`)).status, 404);
    assert.deepEqual(await counts(), before);

    // Buying MyVisma back for Northwind: a new order on the same organization_addons row.
    const previous = await orgAddon(org.northwind, MYVISMA);
    const r = await purchase(orgAdmin, { organizationId: org.northwind, addonId: MYVISMA });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.id, previous!.id);
    assert.notEqual(r.body.orderNumber, 'AD-2025-000101');
    assert.equal(r.body.deactivationReason, null);
    assert.equal(r.body.receipt.orderedBy, ORG_ADMIN);
    const audit = await t.ds.getRepository(AuditEvent).findOne({ where: { action: 'addon.activated', targetId: previous!.id }, order: { id: 'DESC' } });
    assert.equal((audit!.before as Record<string, unknown>).status, 'inactive');
    assert.equal(audit!.actorEmail, ORG_ADMIN);
    const hist = await orgAdmin.get(`/api/organizations/${org.northwind}/addon-history`);
    assert.equal(hist.status, 200);
    assert.deepEqual(
      hist.body.slice(0, 3).map((e: { kind: string; addonId: string }) => `${e.kind}:${e.addonId}`),
      [`activated:${MYVISMA}`, `ordered:${MYVISMA}`, `deactivated:${MYVISMA}`],
    );
    // Order numbers run on within the year and never repeat.
    const numbers = (await t.ds.getRepository(AddonOrder).find()).map((o) => o.orderNumber);
    assert.equal(new Set(numbers).size, numbers.length);
  });
});
