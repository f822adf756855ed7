/**
 * Issue 13 in the browser: the org admin finds Carla by typing `carla` (both spellings side by side, the difference
 * marked, the failing check one click away); a supervisor creates Brightside's MyVisma connection on the Connections
 * tab, and a hand-off signed with the secret shown once signs in.
 */
import { AddonStatus } from '../../shared/sign-in.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { ORG_ADMIN, recordSecret, SUPERVISOR } from '../create-test-app.js';
import { Organization } from '../../server/src/organizations/organization.entity.js';
import { PortalConnection } from '../../server/src/portals/portal.entity.js';
import { AuditEvent } from '../../server/src/audit/audit-event.entity.js';
import { OrganizationAddon } from '../../server/src/addons/addon.entity.js';
import { newId } from '../../server/src/database/db.service.js';
import { Identity } from '../../server/src/identities/identity.entity.js';
import { DEMO_PORTAL_SECRET } from '../support/sign-in-fixtures.js';

describe('issue 13: the person on both sides, and connections you can set up', () => {
  let run: BrowserRun;
  let brightside: Organization;
  const settle = () => run.page.waitForTimeout(400);

  before(async () => {
    run = await startBrowserRun();
    brightside = await run.t.ds.getRepository(Organization).findOneByOrFail({ name: 'Brightside Ltd' });
  });
  after(async () => run.close());

  it('the org admin types "carla": both spellings side by side with the difference marked; the MyVisma spelling shows the failing check', async () => {
    const { page } = run;
    await run.signIn(ORG_ADMIN);
    await page.getByTestId('menu-diagnosis').click();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="diagnosis-organization"]')?.value === 'Northwind Consulting', null, { timeout: 20_000 });
    await page.getByTestId('people-search').fill('carla');
    const person = page.getByTestId('person');
    await person.first().waitFor({ timeout: 20_000 });
    assert.equal(await person.count(), 1);
    assert.match((await person.getByTestId('person-severa').textContent()) ?? '', /carla\.berg@northwind\.test/);
    assert.match((await person.getByTestId('person-portals').textContent()) ?? '', /MyVisma.*Carla\.Berg@northwind\.test/);
    assert.equal(await person.getByTestId('spelled-differently').count(), 1);
    const marks = await person.getByTestId('spelling-difference').allTextContents();
    assert.deepEqual(marks, ['C', 'B'], 'only the letters that differ are marked');
    await settle();
    await run.shot('issue13-01-people-search-carla');

    await person.getByTestId('person-portals').getByTestId('diagnose-spelling').click();
    const mail = page.getByTestId('check-EMAIL_NOT_FOUND');
    await mail.waitFor({ timeout: 20_000 });
    assert.equal(await mail.getAttribute('data-status'), 'fail');
    assert.equal(await page.getByTestId('diagnosis-verdict').getAttribute('data-can-sign-in'), 'false');
    assert.match(page.url(), /email=Carla\.Berg%40northwind\.test/);
    await settle();
    await run.shot('issue13-02-carla-portal-spelling');

    // Severa's spelling: not green either, and MyVisma's spelling with its own verdict is one click away.
    await person.getByTestId('person-severa').getByTestId('diagnose-spelling').click();
    await page.getByTestId('portal-candidates').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('diagnosis-verdict').getAttribute('data-can-sign-in'), 'false');
    assert.match((await page.getByTestId('portal-candidate').textContent()) ?? '', /Carla\.Berg@northwind\.test.*E-mail not found in Severa/);
    await settle();
    await run.shot('issue13-03-carla-severa-spelling');
    await page.setViewportSize({ width: 390, height: 844 });
    await settle();
    await run.shot('issue13-04-carla-390');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it("a supervisor creates Brightside's MyVisma connection; a hand-off signed with the secret shown once signs in", async () => {
    const { page } = run;
    await page.context().clearCookies();
    await page.goto('about:blank');
    // Brightside's MyVisma add-on was activated before activation created connections: active, but no connection.
    await run.t.db.tx((m) =>
      m.getRepository(OrganizationAddon).insert({
        id: newId(),
        organizationId: brightside.id,
        addonId: 'myvisma-addon',
        status: AddonStatus.ACTIVE,
        orderNumber: 'AD-2026-000900',
        orderedAt: run.t.clock.now(),
        orderedBy: SUPERVISOR,
        activatedAt: run.t.clock.now(),
        activatedBy: SUPERVISOR,
        deactivatedAt: null,
        deactivatedBy: null,
        deactivationReason: null,
        updatedAt: run.t.clock.now(),
      }),
    );
    await run.signIn(SUPERVISOR);
    await page.getByTestId('menu-diagnosis').waitFor({ timeout: 20_000 });
    await page.goto(`${run.baseUrl}/#/organizations/${brightside.id}/show/connections`);
    await page.getByTestId('connections-tab').waitFor({ timeout: 20_000 });
    const azets = page.getByTestId('connection-azets-work');
    assert.equal(await azets.getByTestId('connection-health').getAttribute('data-status'), 'failing');
    assert.match((await azets.getByTestId('connection-health-text').textContent()) ?? '', /signature that does not match/);
    assert.match((await azets.getByTestId('connection-rejected').textContent()) ?? '', /requests with a signature that does not match in the last hour/);
    const myvisma = page.getByTestId('connection-myvisma');
    assert.equal(await myvisma.getByTestId('connection-health').getAttribute('data-status'), 'not-configured');
    await settle();
    await run.shot('issue13-05-brightside-connections');

    await myvisma.getByTestId('connection-create-myvisma').click();
    await run.stepUp();
    const shown = page.getByTestId('new-secret');
    await shown.waitFor({ timeout: 20_000 });
    const secret = recordSecret(((await shown.textContent()) ?? '').trim());
    assert.ok(secret.length >= 40, 'a generated secret is shown');
    await settle();
    await run.shot('issue13-06-secret-once');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await myvisma.locator('[data-testid="connection-health"][data-status="unverified"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('new-secret').waitFor({ state: 'detached', timeout: 10_000 });
    assert.ok(!((await page.content()) ?? '').includes(secret), 'the secret is not shown again');
    const conn = await run.t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: brightside.id, portalId: 'myvisma' });
    assert.ok(await run.t.ds.getRepository(AuditEvent).findOneBy({ action: 'portal-connection.created', targetId: conn.id }));

    const raw = JSON.stringify({ organizationId: brightside.id, email: 'bella.stone@brightside.test', issuedAt: Math.floor(run.t.clock.nowMs() / 1000), nonce: randomBytes(12).toString('hex') });
    const signature = createHmac('sha256', secret).update(raw).digest('hex');
    const res = await page.request.post(`${run.baseUrl}/api/portals/myvisma/handoff`, { data: raw, headers: { 'Content-Type': 'application/json', 'X-Portal-Signature': signature }, maxRedirects: 0 });
    assert.equal(res.status(), 303);
    await page.reload();
    await myvisma.locator('[data-testid="connection-health"][data-status="ok"]').waitFor({ timeout: 20_000 });
    await settle();
    await run.shot('issue13-07-connection-verified');
    await page.setViewportSize({ width: 390, height: 844 });
    await settle();
    await run.shot('issue13-08-connections-390');
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${run.baseUrl}/severa`);
    await page.getByTestId('severa-signed-in').waitFor();
    assert.equal(await page.getByTestId('severa-signed-in').textContent(), 'Signed in as Bella Stone');
    await run.shot('issue13-09-severa-landing');
  });

  it('in Finnish: the connections, the people search and the verdict come from the catalogs (the API sends codes)', async () => {
    const { page } = run;
    // The supervisor signs in again (English stored from the first time) and switches to Finnish in the app bar.
    await run.signIn(SUPERVISOR);
    await page.getByTestId('menu-diagnosis').waitFor({ timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    await page.getByTestId('language-menu').click();
    await page.getByTestId('language-fi').click();
    await page.getByText('Yleisnäkymä').first().waitFor({ timeout: 20_000 });
    for (let i = 0; i < 50 && (await run.t.ds.getRepository(Identity).findOneByOrFail({ email: SUPERVISOR })).locale !== 'fi'; i++) await page.waitForTimeout(200);
    assert.equal((await run.t.ds.getRepository(Identity).findOneByOrFail({ email: SUPERVISOR })).locale, 'fi', 'the choice is remembered, not undone');
    await page.goto(`${run.baseUrl}/#/organizations/${brightside.id}/show/connections`);
    const azets = page.getByTestId('connection-azets-work');
    await azets.getByTestId('connection-health').waitFor({ timeout: 20_000 });
    assert.equal(await azets.getByTestId('connection-health').textContent(), 'Vikatilassa');
    assert.match((await azets.getByTestId('connection-health-text').textContent()) ?? '', /pyyntöä, joiden allekirjoitus ei täsmää/);
    assert.match((await azets.getByTestId('connection-rejected').textContent()) ?? '', /viimeisen tunnin aikana/);
    await azets.getByTestId('connection-check').click();
    const items = page.getByTestId('connection-check-items');
    await items.waitFor({ timeout: 20_000 });
    assert.match((await items.textContent()) ?? '', /Brightside Ltd käyttää Visma Severaa\./);
    await settle();
    await run.shot('issue13-10-connections-fi');
    await page.keyboard.press('Escape');

    // A signed but malformed hand-off: the connection's last failure is worded in Finnish with the refused field.
    const northwind = await run.t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' });
    const raw = JSON.stringify({ organizationId: northwind.id, email: 'anna.virtanen@northwind.test', issuedAt: 'yesterday', nonce: randomBytes(12).toString('hex') });
    const signature = createHmac('sha256', DEMO_PORTAL_SECRET).update(raw).digest('hex');
    const refused = await page.request.post(`${run.baseUrl}/api/portals/myvisma/handoff`, { data: raw, headers: { 'Content-Type': 'application/json', 'X-Portal-Signature': signature }, maxRedirects: 0 });
    assert.equal(refused.status(), 400);
    const cause = 'Portaali lähetti virheellisen siirron: issuedAt: on oltava Unix-aika kokonaisina sekunteina';
    const northwindMyVisma = await run.t.ds.getRepository(PortalConnection).findOneByOrFail({ organizationId: northwind.id, portalId: 'myvisma' });
    await page.goto(`${run.baseUrl}/#/portal-connections/${northwindMyVisma.id}/show`);
    await page.getByTestId('connection-cause').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('connection-cause').textContent(), cause);
    await settle();
    await run.shot('issue13-12-connection-cause-fi');
    await page.goto(`${run.baseUrl}/#/organizations/${northwind.id}/show/connections`);
    const tabCause = page.getByTestId('connection-myvisma').getByTestId('connection-cause');
    await tabCause.waitFor({ timeout: 20_000 });
    assert.match((await tabCause.textContent()) ?? '', new RegExp(` — ${cause}$`));

    await page.goto(`${run.baseUrl}/#/diagnosis`);
    await page.getByTestId('diagnosis-organization').fill('Northwind');
    await page.getByRole('option', { name: 'Northwind Consulting' }).click();
    await page.getByTestId('people-search').fill('carla');
    const person = page.getByTestId('person');
    await person.first().waitFor({ timeout: 20_000 });
    assert.equal(await person.getByTestId('spelled-differently').textContent(), 'Kirjoitettu eri tavalla');
    assert.match((await page.getByText('Nimi tai sähköposti').first().textContent()) ?? '', /Nimi tai sähköposti/);
    await person.getByTestId('person-severa').getByTestId('diagnose-spelling').click();
    await page.getByTestId('portal-candidates').waitFor({ timeout: 20_000 });
    assert.match((await page.getByTestId('diagnosis-verdict').textContent()) ?? '', /Portaalissa MyVisma ei ole tiliä.*MyVisma kirjoittaa sen muodossa Carla\.Berg@northwind\.test/);
    assert.match((await page.getByTestId('portal-candidate').textContent()) ?? '', /eroaa vain kirjainkoon osalta/);
    await settle();
    await run.shot('issue13-11-diagnosis-fi');
  });
});
