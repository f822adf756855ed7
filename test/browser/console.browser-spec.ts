import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { AGENT } from '../create-test-app.js';

describe('console journey', () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => run.close());

  it('an unauthenticated visit to / lands on the sign-in page', async () => {
    await run.page.goto(run.baseUrl + '/');
    await run.page.getByTestId('signin-submit').waitFor();
    await run.shot('00-sign-in');
  });

  it('the demo agent signs in with a TOTP code, sees the dashboard and the organizations, and signs out', async () => {
    await run.signIn(AGENT);
    await run.page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    await run.shot('01-dashboard');
    await run.page.goto(run.baseUrl + '/#/organizations');
    await run.page.getByText('Northwind Consulting').first().waitFor();
    assert.ok(await run.page.getByText('Oldfield Oy').first().isVisible());
    await run.shot('02-organizations');
    // sign out through the user menu
    await run.page.getByRole('button', { name: /profile|account|user/i }).first().click();
    await run.page.getByText(/log ?out|sign ?out/i).first().click();
    await run.page.getByTestId('signin-submit').waitFor();
    const me = await run.page.evaluate(async () => (await fetch('/api/auth/me')).status);
    assert.equal(me, 401);
  });
});
