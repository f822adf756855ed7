/** Add-ons, changes: activation against the preflight, an organization that left Severa, concurrent purchases, deactivation, org admins’ own changes. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { AddonOrder, OrganizationAddon } from '../server/src/addons/addon.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { PortalId } from '../shared/sign-in.js';
import { addonHelpers, AZETS, MYVISMA, startAddonsApp, type AddonsApp } from './support/addons.js';

describe('add-ons: purchase, deactivation, history', () => {
  let t: TestApp;
  let supervisor: StaffClient;
  let lead: StaffClient;
  let agent: StaffClient;
  let orgAdmin: StaffClient;
  let org: AddonsApp['org'];
  const { counts, decideAll, purchase, preflight, orgAddon } = addonHelpers(() => t);

  before(async () => {
    ({ t, supervisor, lead, agent, orgAdmin, org } = await startAddonsApp());
  });
  after(async () => t.close());

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
