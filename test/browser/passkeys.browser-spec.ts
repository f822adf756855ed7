import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CDPSession } from 'playwright-core';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { AGENT, DEMO_PASSWORD, recordSecret } from '../create-test-app.js';
import { independentTotp, makeIdentity, randomOneTimeCode } from '../support/connect.js';
import { WebAuthnCredential } from '../../server/src/identities/webauthn-credential.entity.js';
import { Identity } from '../../server/src/identities/identity.entity.js';

/**
 * Passkeys in real Chromium with the DevTools virtual authenticator: a platform passkey (ctap2, internal, resident
 * key, user verification) enrolled from the security settings and used password-less, then a USB security key
 * used as the second factor after the password.
 */
describe('Passkeys and security keys in the browser', () => {
  let run: BrowserRun;
  let cdp: CDPSession;
  const problems: string[] = [];
  const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLC');
  const WHO = 'paula.passkey@northwind.test';

  before(async () => {
    run = await startBrowserRun({ localhost: true });
    run.page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    run.page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|401|403|409)\b/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await makeIdentity(run.t, WHO, { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    cdp = await run.page.context().newCDPSession(run.page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
  });
  after(async () => run.close());

  const testId = (id: string) => run.page.getByTestId(id);
  const code = () => {
    run.t.clock.advanceSeconds(30);
    return independentTotp(SECRET, run.t.clock.nowMs());
  };

  async function passwordStep(): Promise<void> {
    await run.page.goto(run.baseUrl + '/connect');
    await testId('sign-in').waitFor();
    await testId('email').fill(WHO);
    await testId('password').fill(DEMO_PASSWORD);
    await testId('sign-in').click();
  }

  it('enrols a platform passkey in the security settings and signs in with it, password-less', async () => {
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await passwordStep();
    await testId('totp-code').waitFor();
    await testId('totp-code').fill(code());
    await testId('verify').click();
    await testId('settings-link').click();
    await testId('setting-passkey').waitFor();
    assert.ok(await testId('stepup-fresh').isVisible(), 'the sign-in just now counts as step-up');
    await testId('passkey-name-input').fill('This laptop');
    await testId('add-passkey').click();
    await testId('passkey-added').waitFor();
    assert.equal(await testId('passkey-name').innerText(), 'This laptop');
    assert.match(await testId('passkey-row').innerText(), /Passkey · added .* · never used/);
    await run.shot('passkeys-01-settings-added');
    await run.page.setViewportSize({ width: 390, height: 844 });
    await run.shot('passkeys-02-settings-390');
    await run.page.setViewportSize({ width: 1400, height: 900 });

    const creds = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(creds.credentials.length, 1);
    assert.equal(creds.credentials[0].isResidentCredential, true, 'a discoverable credential');
    const row = await run.t.ds.getRepository(WebAuthnCredential).findOneByOrFail({ name: 'This laptop' });
    assert.equal(row.kind, 'passkey');
    assert.deepEqual(row.transports, ['internal']);

    await run.page.goto(run.baseUrl + '/connect/home');
    await testId('sign-out').click();
    await testId('sign-in-passkey').waitFor();
    await run.shot('passkeys-03-sign-in-with-passkey');
    await testId('sign-in-passkey').click();
    await testId('signed-in-as').waitFor();
    assert.match(await testId('signed-in-as').innerText(), /paula\.passkey@northwind\.test/);
    assert.match(await testId('factors').innerText(), /1 passkey or security key, authenticator app, emergency code/);
    const used = await run.t.ds.getRepository(WebAuthnCredential).findOneByOrFail({ id: row.id });
    assert.ok(used.lastUsedAt, 'last use recorded');
    assert.ok(used.counter >= 1);
    await testId('sign-out').click();
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  });

  it('adds a USB security key (after step-up with the authenticator app) and uses it as the second factor after the password', async () => {
    // Sign in with the authenticator code through "Use another method": the passkey is offered first now.
    await passwordStep();
    await testId('use-passkey').waitFor();
    await testId('use-another-method').click();
    for (const m of ['method-totp', 'method-emergency-code', 'method-one-time-code']) assert.ok(await testId(m).isVisible(), m);
    await run.shot('passkeys-04-try-another-way');
    await testId('method-totp').click();
    await testId('totp-code').fill(code());
    await testId('verify').click();
    await testId('signed-in-as').waitFor();
    run.t.clock.advanceSeconds(6 * 60);
    await run.page.goto(run.baseUrl + '/connect/settings');
    await testId('stepup').waitFor();
    assert.ok(await testId('add-passkey').isDisabled(), 'changes wait for the step-up');
    await run.shot('passkeys-05-step-up');
    await testId('stepup-code').fill(code());
    await testId('stepup-totp').click();
    await testId('stepup-fresh').waitFor();

    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: false, automaticPresenceSimulation: true },
    });
    await testId('passkey-name-input').fill('YubiKey');
    await testId('add-passkey').click();
    await testId('passkey-added').waitFor();
    const key = await run.t.ds.getRepository(WebAuthnCredential).findOneByOrFail({ name: 'YubiKey' });
    assert.equal(key.kind, 'security-key');
    assert.deepEqual(key.transports, ['usb']);
    assert.match(await run.page.locator('[data-testid="passkey-row"]', { hasText: 'YubiKey' }).innerText(), /Security key/);
    await run.page.goto(run.baseUrl + '/connect/home');
    await testId('sign-out').click();

    await passwordStep();
    await testId('use-passkey').waitFor();
    await run.shot('passkeys-06-second-factor');
    await testId('use-passkey').click();
    await testId('signed-in-as').waitFor();
    const used = await run.t.ds.getRepository(WebAuthnCredential).findOneByOrFail({ id: key.id });
    assert.ok(used.lastUsedAt);
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    assert.deepEqual(problems, []);
  });

  it('the desk sees both keys in the identity’s second-factors panel', async () => {
    const paula = await run.t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: WHO });
    await run.signIn(AGENT);
    await run.page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    await run.page.goto(`${run.baseUrl}/#/identities/${paula.id}/show`);
    await testId('passkeys').waitFor({ timeout: 15_000 });
    const rows = await run.page.locator('[data-testid="passkeys"] [data-testid="passkey-row"]').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.ok(rows.some((r) => /This laptop/.test(r) && /Passkey/.test(r)), rows.join(' | '));
    assert.ok(rows.some((r) => /YubiKey/.test(r) && /Security key/.test(r) && /usb/.test(r)), rows.join(' | '));
    assert.ok(await testId('reset-second-factors').isVisible());
    await testId('passkeys').scrollIntoViewIfNeeded();
    await run.page.screenshot({ path: 'test/browser/artifacts/passkeys-07-desk-panel.png', fullPage: true });
  });
});

