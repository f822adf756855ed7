import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { nextDemoCode, ORG_ADMIN, SUPERVISOR } from '../create-test-app.js';
import { Organization } from '../../server/src/organizations/organization.entity.js';
import { SeveraUser } from '../../server/src/severa-users/severa-user.entity.js';
import { AuditEvent } from '../../server/src/audit/audit-event.entity.js';
import { FAILURE_REASONS, FailureReason } from '../../shared/sign-in.js';

const BEN = 'ben.koski@northwind.test';

describe('"Why can\'t they sign in?" journey', () => {
  let run: BrowserRun;
  let northwind: Organization;
  const settle = () => run.page.waitForTimeout(400);
  const check = (code: string) => run.page.getByTestId(`check-${code}`);

  before(async () => {
    run = await startBrowserRun();
    northwind = await run.t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' });
  });
  after(async () => run.close());

  it('the org admin diagnoses Ben on MyVisma, sees SEVERA_USER_INACTIVE, activates him with step-up, and sees all green', async () => {
    const { page } = run;
    await run.signIn(ORG_ADMIN);
    await page.getByTestId('menu-diagnosis').click();
    await page.getByTestId('diagnosis-email').waitFor({ timeout: 20_000 });
    // Org admins of one organization start with it picked.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="diagnosis-organization"]')?.value === 'Northwind Consulting', null, { timeout: 20_000 });
    await page.getByTestId('diagnosis-email').fill(BEN);
    await page.getByTestId('diagnosis-submit').click();

    await check('SEVERA_USER_INACTIVE').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('diagnosis-verdict').getAttribute('data-can-sign-in'), 'false');
    assert.equal(await check('SEVERA_USER_INACTIVE').getAttribute('data-status'), 'fail');
    for (const code of FAILURE_REASONS.filter((c) => c !== FailureReason.SEVERA_USER_INACTIVE)) assert.equal(await check(code).getAttribute('data-status'), 'pass', code);
    const evidence = await check('SEVERA_USER_INACTIVE').getByTestId('check-evidence').textContent();
    assert.match(evidence ?? '', /was deactivated on Oct 2, 2026 by admin@northwind\.test/);
    assert.match((await check('SEVERA_USER_INACTIVE').textContent()) ?? '', /Personal details page/);
    assert.ok((await page.getByTestId('recent-attempts').locator('tbody tr').count()) > 0, 'recent attempts are listed');
    assert.match(page.url(), /#\/diagnosis\?portal=myvisma&organizationId=.*&email=ben\.koski%40northwind\.test/);
    await settle();
    await run.shot('diagnosis-01-ben-inactive');

    // Activate: reason dialog, then the API asks for a fresh code and the step-up dialog opens.
    await check('SEVERA_USER_INACTIVE').getByTestId('action-activate-user').click();
    await page.getByTestId('reason-input').fill('Back from parental leave');
    await settle();
    await run.shot('diagnosis-02-reason');
    await page.getByTestId('reason-submit').click();
    const code = page.getByTestId('stepup-code');
    await code.waitFor({ timeout: 20_000 });
    await code.fill(await nextDemoCode(run.t.clock));
    await settle();
    await run.shot('diagnosis-03-step-up');
    await page.getByTestId('stepup-submit').click();

    await page.locator('[data-testid="diagnosis-verdict"][data-can-sign-in="true"]').waitFor({ timeout: 20_000 });
    const ben = await run.t.ds.getRepository(SeveraUser).findOneByOrFail({ email: BEN });
    assert.equal(ben.active, true);
    assert.equal(ben.activeChangedBy, ORG_ADMIN);
    assert.equal(ben.activeChangeReason, 'Back from parental leave');
    assert.ok(await run.t.ds.getRepository(AuditEvent).findOneBy({ action: 'severa-user.activated', targetId: ben.id }));

    // Re-run the diagnosis by hand: every check is green.
    await page.getByTestId('diagnosis-submit').click();
    await page.locator('[data-testid="diagnosis-verdict"][data-can-sign-in="true"]').waitFor({ timeout: 20_000 });
    for (const c of FAILURE_REASONS) assert.equal(await check(c).getAttribute('data-status'), 'pass', c);
    assert.match((await check('SEVERA_USER_INACTIVE').getByTestId('check-evidence').textContent()) ?? '', /is active\. It was activated on .+ by admin@northwind\.test\./);
    await settle();
    await run.shot('diagnosis-04-all-green');
  });

  it('a signed hand-off for Ben now succeeds (303) and the Severa landing page says who is signed in', async () => {
    const { page } = run;
    const raw = JSON.stringify({ organizationId: northwind.id, email: BEN, issuedAt: Math.floor(run.t.clock.nowMs() / 1000), nonce: randomBytes(12).toString('hex') });
    const signature = createHmac('sha256', 'demo-portal-secret').update(raw).digest('hex');
    const res = await page.request.post(`${run.baseUrl}/api/portals/myvisma/handoff`, { data: raw, headers: { 'Content-Type': 'application/json', 'X-Portal-Signature': signature }, maxRedirects: 0 });
    assert.equal(res.status(), 303);
    assert.equal(res.headers()['location'], '/severa');
    await page.goto(`${run.baseUrl}/severa`);
    await page.getByTestId('severa-signed-in').waitFor();
    assert.equal(await page.getByTestId('severa-signed-in').textContent(), 'Signed in as Ben Koski');
    await run.shot('diagnosis-05-severa-landing');
    // Refused hand-offs show the plain end-user page.
    const bad = await page.request.post(`${run.baseUrl}/api/portals/myvisma/handoff`, { data: raw, headers: { 'Content-Type': 'application/json', 'X-Portal-Signature': signature }, maxRedirects: 0 });
    assert.equal(bad.status(), 403, 'the replayed hand-off is refused');
    await page.setContent(await bad.text());
    await run.shot('diagnosis-06-refused-page');
  });

  it('a near miss: Carla.Berg differs only in letter case; "diagnose this one instead" opens the other e-mail, which MyVisma does not have', async () => {
    const { page } = run;
    await page.goto(`${run.baseUrl}/#/diagnosis?portal=myvisma&organizationId=${northwind.id}&email=${encodeURIComponent('Carla.Berg@northwind.test')}`);
    await check('EMAIL_NOT_FOUND').waitFor({ timeout: 20_000 });
    assert.equal(await check('EMAIL_NOT_FOUND').getAttribute('data-status'), 'fail');
    assert.equal(await check('SEVERA_USER_INACTIVE').getAttribute('data-status'), 'not-applicable');
    const row = page.getByTestId('near-miss-0');
    assert.match((await row.textContent()) ?? '', /carla\.berg@northwind\.test.*differs only in letter case/);
    await settle();
    await run.shot('diagnosis-07-near-miss');
    await row.getByTestId('diagnose-instead').click();
    // Severa's spelling passes the five checks, but MyVisma has no account spelled that way: not green.
    await page.getByTestId('portal-candidates').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('diagnosis-verdict').getAttribute('data-can-sign-in'), 'false');
    assert.match((await page.getByTestId('diagnosis-verdict').textContent()) ?? '', /MyVisma has no account with exactly carla\.berg@northwind\.test.*MyVisma spells it Carla\.Berg@northwind\.test/);
    assert.equal(await page.getByTestId('diagnosis-email').inputValue(), 'carla.berg@northwind.test');
  });

  it('the organization page has a sign-in preflight tab', async () => {
    const { page } = run;
    await page.goto(`${run.baseUrl}/#/organizations/${northwind.id}/show/preflight`);
    await page.getByTestId('preflight-counts').waitFor({ timeout: 20_000 });
    const counts = (await page.getByTestId('preflight-counts').textContent()) ?? '';
    assert.match(counts, /Can sign in: 3/, 'Anna, Ben (now active) and Erik');
    assert.match(counts, /E-mail not found in Severa: 2/);
    await settle();
    await run.shot('diagnosis-08-preflight-tab');
  });

  it('a supervisor sees the portal connections and a failing Brightside connection with its cause', async () => {
    const { page } = run;
    await page.context().clearCookies();
    await page.goto('about:blank');
    await run.signIn(SUPERVISOR);
    await page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    // The dashboard chart reads GET /api/stats/login-failures.
    await page.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 20_000 });
    await settle();
    await run.shot('diagnosis-09a-dashboard');
    await page.goto(`${run.baseUrl}/#/portal-connections`);
    await page.locator('[data-testid="connection-health"][data-status="failing"]').first().waitFor({ timeout: 20_000 });
    assert.ok((await page.getByText('Failing', { exact: true }).count()) >= 1);
    await settle();
    await run.shot('diagnosis-09-portal-connections');
  });

  it('the supervisor deactivates a Severa user from the list (reason, step-up) and filters by status', async () => {
    const { page } = run;
    const filter = encodeURIComponent(JSON.stringify({ q: 'erik.nurmi' }));
    await page.goto(`${run.baseUrl}/#/severa-users?filter=${filter}`);
    await page.getByTestId('severa-user-deactivate').first().waitFor({ timeout: 20_000 });
    await settle();
    await run.shot('diagnosis-10-severa-users');
    await page.getByTestId('severa-user-deactivate').first().click();
    await page.getByTestId('reason-input').fill('Left the company');
    await page.getByTestId('reason-submit').click();
    // This session has not confirmed a code yet: the step-up dialog opens, then the change goes through.
    const code = page.getByTestId('stepup-code');
    await code.waitFor({ timeout: 20_000 });
    await code.fill(await nextDemoCode(run.t.clock));
    await page.getByTestId('stepup-submit').click();
    await page.getByTestId('severa-user-activate').first().waitFor({ timeout: 20_000 });
    const erik = await run.t.ds.getRepository(SeveraUser).findOneByOrFail({ email: 'erik.nurmi@northwind.test' });
    assert.equal(erik.active, false);
    assert.equal(erik.activeChangedBy, SUPERVISOR);
    await page.goto(`${run.baseUrl}/#/severa-users?filter=${encodeURIComponent(JSON.stringify({ active: false }))}`);
    await page.getByText('erik.nurmi@northwind.test', { exact: true }).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByText('anna.virtanen@northwind.test', { exact: true }).count(), 0, 'active users are filtered out');
    await settle();
    await run.shot('diagnosis-11-inactive-filter');
  });
});
