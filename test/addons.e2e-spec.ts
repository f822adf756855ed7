/** Add-ons, reading and refusing: the catalog, organizations’ add-ons, the preflight, and the writes that are refused. Changes: addons-changes. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { ACCESS_POLICY } from '../shared/access-policy.js';
import { addonHelpers, AZETS, MYVISMA, startAddonsApp, type AddonsApp } from './support/addons.js';

describe('add-ons: catalog, preflight, refusals', () => {
  let t: TestApp;
  let supervisor: StaffClient;
  let agent: StaffClient;
  let orgAdmin: StaffClient;
  let org: AddonsApp['org'];
  const { counts, purchase, preflight, orgAddon } = addonHelpers(() => t);

  before(async () => {
    ({ t, supervisor, agent, orgAdmin, org } = await startAddonsApp());
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
});
