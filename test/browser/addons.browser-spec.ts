import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { nextDemoCode, SUPERVISOR } from '../create-test-app.js';
import { Organization } from '../../server/src/organizations/organization.entity.js';
import { PortalAccount } from '../../server/src/portals/portal.entity.js';
import { AddonOrder, OrganizationAddon } from '../../server/src/addons/addon.entity.js';
import { HandoffFactsService } from '../../server/src/sign-in/handoff-facts.service.js';
import { evaluateHandoff } from '../../server/src/sign-in/sign-in.rules.js';
import { newId } from '../../server/src/database/db.service.js';
import { PortalId } from '../../shared/sign-in.js';

const ANNA = 'anna.virtanen@northwind.test';

describe('add-ons journey', () => {
  let run: BrowserRun;
  /** Lets dialog and button transitions finish before a screenshot. */
  const settle = () => run.page.waitForTimeout(400);
  let northwind: Organization;

  /** What the diagnosis says for Anna on Azets Work (the diagnosis API), and what the rules engine decides. */
  const annaOnAzets = async () => {
    const api = await run.t.signIn(SUPERVISOR);
    const q = new URLSearchParams({ portal: PortalId.AZETS_WORK, organizationId: northwind.id, email: ANNA });
    const r = await api.get(`/api/sign-in/diagnosis?${q}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const facts = run.t.app.get(HandoffFactsService);
    const ctx = await facts.context(PortalId.AZETS_WORK, northwind.id);
    const decision = evaluateHandoff(facts.facts(ctx, ANNA, await facts.exactMatches(northwind.id, ANNA)));
    return { diagnosis: r.body as { canSignIn: boolean; failures: string[] }, decision };
  };

  before(async () => {
    run = await startBrowserRun();
    northwind = await run.t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' });
    // Two more Northwind people on Azets Work who will still be refused: an inactive Severa user and an e-mail with different letter case.
    const now = run.t.clock.now();
    await run.t.db.tx((m) =>
      m.getRepository(PortalAccount).insert([
        { id: newId(), organizationId: northwind.id, portalId: PortalId.AZETS_WORK, email: 'ben.koski@northwind.test', name: 'Ben Koski', createdAt: now },
        { id: newId(), organizationId: northwind.id, portalId: PortalId.AZETS_WORK, email: 'Carla.Berg@northwind.test', name: 'Carla Berg', createdAt: now },
      ]),
    );
  });
  after(async () => run.close());

  it('before: a diagnosis for Anna on Azets Work fails on the add-on', async () => {
    const { diagnosis, decision } = await annaOnAzets();
    assert.ok(diagnosis.failures.includes('ADDON_NOT_ACTIVE'));
    assert.deepEqual(decision.failures, ['ADDON_NOT_ACTIVE']);
  });

  it('the supervisor reads the preflight, activates Azets Work for Northwind (step-up), and sees the receipt and the history', async () => {
    const { page } = run;
    await run.signIn(SUPERVISOR);
    await page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.goto(`${run.baseUrl}/#/organizations/${northwind.id}/show/addons`);
    const card = page.getByTestId('addon-card-azets-work-addon');
    await card.waitFor({ timeout: 20_000 });
    assert.equal(await card.getByTestId('addon-status').textContent(), 'Not purchased');
    assert.equal(await page.getByTestId('addon-card-myvisma-addon').getByTestId('addon-status').textContent(), 'Active');
    await page.getByTestId('addon-history-entry').first().waitFor();
    await run.shot('addons-01-tab');

    await page.getByTestId('activate-azets-work-addon').click();
    await page.getByTestId('activate-preflight').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('preflight-willSignIn-count').textContent(), '2');
    assert.equal(await page.getByTestId('preflight-stillBlocked-count').textContent(), '2');
    const gaining = await page.getByTestId('preflight-willSignIn').getByTestId('preflight-account').allTextContents();
    assert.ok(gaining.some((s) => s.includes(ANNA)));
    assert.ok(gaining.some((s) => s.includes('erik.nurmi@northwind.test')));
    const blocked = page.getByTestId('preflight-stillBlocked');
    assert.match(await blocked.textContent() ?? '', /Severa user inactive/);
    assert.match(await blocked.textContent() ?? '', /E-mail not found in Severa/);
    const link = await blocked.getByTestId('preflight-diagnose-link').first().getAttribute('href');
    assert.ok(link && link.includes('/diagnosis?') && link.includes('portal=azets-work') && link.includes(`organizationId=${northwind.id}`) && link.includes('email='), String(link));
    await settle();
    await run.shot('addons-02-preflight');

    // Confirm: the API asks for a fresh code, the step-up dialog opens, and the purchase is retried.
    await page.getByTestId('activate-confirm').click();
    const code = page.locator('[data-testid="stepup-code"] input, input[data-testid="stepup-code"]').first();
    await code.waitFor({ timeout: 20_000 });
    await settle();
    await run.shot('addons-03-step-up');
    await code.fill(await nextDemoCode(run.t.clock));
    await page.getByTestId('stepup-submit').click();

    await page.getByTestId('addon-receipt').waitFor({ timeout: 20_000 });
    const orderNumber = (await page.getByTestId('receipt-order-number').textContent()) ?? '';
    assert.match(orderNumber, /^AD-\d{4}-\d{6}$/);
    assert.equal(await page.getByTestId('receipt-total').textContent(), '€0.00'); // the locale's money format (en)
    await settle();
    await run.shot('addons-04-receipt');
    const orders = await run.t.ds.getRepository(AddonOrder).findBy({ organizationId: northwind.id, addonId: 'azets-work-addon' });
    assert.deepEqual(
      orders.map((o) => o.orderNumber),
      [orderNumber],
      'exactly one order, even though the request was sent twice (before and after step-up)',
    );
    assert.equal((await run.t.ds.getRepository(OrganizationAddon).findOneByOrFail({ organizationId: northwind.id, addonId: 'azets-work-addon' })).status, 'active');

    await page.getByTestId('receipt-close').click();
    await page.getByTestId('addon-card-azets-work-addon').getByTestId('addon-status').filter({ hasText: /^Active$/ }).waitFor({ timeout: 20_000 });
    await page.getByText(`Ordered: Azets Work add-on · order ${orderNumber}`).waitFor({ timeout: 20_000 });
    await page.getByText(`Activated: Azets Work add-on · order ${orderNumber}`).waitFor();
    await settle();
    await run.shot('addons-05-active-with-history');
  });

  it('after: the diagnosis for Anna on Azets Work no longer shows ADDON_NOT_ACTIVE', async () => {
    const { diagnosis, decision } = await annaOnAzets();
    assert.ok(!diagnosis.failures.includes('ADDON_NOT_ACTIVE'), JSON.stringify(diagnosis.failures));
    assert.equal(diagnosis.canSignIn, true);
    assert.equal(decision.ok, true);
  });

  it('the deactivate dialog shows who will lose access and insists on a reason', async () => {
    const { page } = run;
    await page.getByTestId('deactivate-myvisma-addon').click();
    await page.getByTestId('deactivate-preflight').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('preflight-willLoseAccess-count').textContent(), '2');
    await page.getByTestId('deactivate-confirm').click();
    await page.getByText('Say why the add-on is turned off', { exact: false }).waitFor();
    await settle();
    await run.shot('addons-06-deactivate-needs-reason');
    assert.equal((await run.t.ds.getRepository(OrganizationAddon).findOneByOrFail({ organizationId: northwind.id, addonId: 'myvisma-addon' })).status, 'active');
    await page.getByTestId('deactivate-reason').fill('Northwind moved to Azets Work');
    await page.getByTestId('deactivate-confirm').click();
    await page.getByTestId('addon-card-myvisma-addon').getByTestId('addon-status').filter({ hasText: /^Inactive$/ }).waitFor({ timeout: 20_000 });
    await page.getByText('Reason: Northwind moved to Azets Work').first().waitFor();
    await settle();
    await run.shot('addons-07-deactivated');
    assert.equal((await run.t.ds.getRepository(OrganizationAddon).findOneByOrFail({ organizationId: northwind.id, addonId: 'myvisma-addon' })).status, 'inactive');
  });
});
