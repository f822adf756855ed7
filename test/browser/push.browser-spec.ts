/**
 * Issue 14 part B in real Chromium: Visma Authenticator push approved and denied with the laptop and the phone as
 * two browsers (the phone is the /connect/authenticator page with a WebCrypto key in IndexedDB), the Adaptive
 * policy's remembered device, and Erik's lost-phone journey ending in Severa.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, startBrowserRun, type BrowserRun } from './harness.js';
import { AGENT, DEMO_PASSWORD, recordSecret, StaffClient, SUPERVISOR } from '../create-test-app.js';
import { independentTotp, issueCodeViaApi, makeIdentity, ONE_TIME_CODE, randomOneTimeCode } from '../support/connect.js';
import { newId } from '../../server/src/database/db.service.js';
import { Identity } from '../../server/src/identities/identity.entity.js';
import { Organization } from '../../server/src/organizations/organization.entity.js';
import { SeveraUser } from '../../server/src/severa-users/severa-user.entity.js';
import { AuthenticatorDevice } from '../../server/src/connect/authenticator.entity.js';
import { Ticket } from '../../server/src/tickets/ticket.entity.js';
import { WebAuthnCredential } from '../../server/src/identities/webauthn-credential.entity.js';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');

describe('Visma Authenticator push, Adaptive policy and Severa through Visma Connect, in the browser', () => {
  let run: BrowserRun;
  let phoneBrowser: Browser;
  let phone: BrowserContext;
  let phonePage: Page;
  const problems: string[] = [];

  before(async () => {
    run = await startBrowserRun();
    run.page.on('pageerror', (e) => problems.push(`laptop page error: ${String(e)}`));
    phoneBrowser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    phone = await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phonePage = await phone.newPage();
    phonePage.on('pageerror', (e) => problems.push(`phone page error: ${String(e)}`));
  });
  after(async () => {
    await phone?.close();
    await phoneBrowser?.close();
    await run.close();
  });

  const laptop = (id: string) => run.page.getByTestId(id);
  const onPhone = (id: string) => phonePage.getByTestId(id);
  const code = () => {
    run.t.clock.advanceSeconds(30);
    return independentTotp(SECRET, run.t.clock.nowMs());
  };
  const phoneShot = async (name: string) => {
    await phonePage.waitForTimeout(300);
    await phonePage.screenshot({ path: `test/browser/artifacts/${name}.png`, fullPage: true });
  };

  async function passwordStep(email: string) {
    const { page } = run;
    await page.goto(run.baseUrl + '/connect');
    await laptop('sign-in').waitFor();
    await laptop('email').fill(email);
    await laptop('password').fill(DEMO_PASSWORD);
    await laptop('sign-in').click();
  }

  async function signOutLaptop() {
    await laptop('sign-out').click();
    await laptop('sign-in').waitFor();
  }

  it('Anna enrols the phone page by its enrolment link; the phone keeps a non-extractable key in IndexedDB', async () => {
    const anna = await makeIdentity(run.t, 'anna.push@northwind.test', { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    await passwordStep(anna.email);
    await laptop('totp-code').fill(code());
    await laptop('verify').click();
    await laptop('enrol-device').waitFor();
    await laptop('enrol-device').click();
    await laptop('enrolment-uri').waitFor();
    const uri = (await laptop('enrolment-uri').innerText()).trim();
    assert.match(uri, /\/connect\/authenticator#enrol=/);
    await run.shot('push-01-laptop-enrolment-qr');

    await phonePage.goto(uri);
    await onPhone('device-name').fill("Anna's phone");
    await phoneShot('push-02-phone-enrol');
    await onPhone('phone-enrol').click();
    await onPhone('phone-status').waitFor();
    assert.match(await onPhone('page-title').innerText(), /Anna's phone/);
    const stored = await phonePage.evaluate(
      `new Promise((resolve) => { const o = indexedDB.open('visma-authenticator', 1); o.onsuccess = () => { const r = o.result.transaction('device').objectStore('device').get('current'); r.onsuccess = () => resolve({ extractable: r.result.privateKey.extractable, type: r.result.privateKey.type, usages: r.result.privateKey.usages, curve: r.result.privateKey.algorithm.namedCurve }); }; })`,
    );
    assert.deepEqual(stored, { extractable: false, type: 'private', usages: ['sign'], curve: 'P-256' });
    assert.equal(await run.t.ds.getRepository(AuthenticatorDevice).countBy({ identityId: anna.id }), 1);
    assert.equal(phonePage.url().includes('#enrol='), false, 'the token leaves the address bar');
    await phoneShot('push-03-phone-enrolled');
    // the laptop's page notices the new device by itself
    await laptop('devices').waitFor({ timeout: 15_000 });
    assert.match(await laptop('devices').innerText(), /Anna's phone/);
    await signOutLaptop();
  });

  it('approve: the laptop shows a number, the phone shows where and when with three numbers, tapping the right one signs the laptop in', async () => {
    await passwordStep('anna.push@northwind.test');
    await laptop('push-number').waitFor();
    const number = (await laptop('push-number').innerText()).trim();
    assert.match(number, /^\d{2}$/);
    await run.shot('push-04-laptop-number');
    await onPhone('push-request').waitFor({ timeout: 15_000 });
    assert.match(await onPhone('push-where').innerText(), /Chrome|Chromium|HeadlessChrome|Linux/);
    assert.equal(await phonePage.locator('.push-choice').count(), 3);
    await phoneShot('push-05-phone-request');
    await onPhone(`choice-${number}`).click();
    await onPhone('phone-outcome').filter({ hasText: 'Approved' }).waitFor();
    await laptop('signed-in-as').waitFor({ timeout: 30_000 });
    assert.match(await laptop('signed-in-as').innerText(), /Anna Push/i);
    await run.shot('push-06-laptop-signed-in');
    await phoneShot('push-07-phone-approved');
    await signOutLaptop();
  });

  it('deny and a wrong number: the laptop is not signed in and says why; another method still works', async () => {
    await passwordStep('anna.push@northwind.test');
    await laptop('push-number').waitFor();
    await onPhone('push-request').waitFor({ timeout: 15_000 });
    await onPhone('push-deny').click();
    await laptop('push-ended').waitFor({ timeout: 30_000 });
    assert.match(await laptop('push-ended').innerText(), /denied on your phone/);
    await run.shot('push-08-laptop-denied');

    await laptop('push-again').click();
    // the new request's number: the ended page (and its old number) must be gone first
    await laptop('push-ended').waitFor({ state: 'detached' });
    const number = (await laptop('push-number').innerText()).trim();
    // the new request's card (the denied one may still be on screen while the phone's answer to it is in flight)
    const card = onPhone('push-request').filter({ has: onPhone(`choice-${number}`) });
    await card.waitFor({ timeout: 15_000 });
    await onPhone('push-request').nth(1).waitFor({ state: 'detached' });
    const wrong = (await card.locator('.push-choice').allInnerTexts()).map((s) => s.trim()).find((n) => n !== number)!;
    await card.getByTestId(`choice-${wrong}`).click();
    await onPhone('phone-outcome').filter({ hasText: 'not the number' }).waitFor();
    await laptop('push-ended').waitFor({ timeout: 30_000 });
    assert.match(await laptop('push-ended').innerText(), /Another number was chosen/);
    await phoneShot('push-09-phone-wrong-number');
    await run.page.setViewportSize({ width: 390, height: 844 });
    await run.shot('push-10-laptop-wrong-number-390');
    await run.page.setViewportSize({ width: 1400, height: 900 });
    await laptop('method-totp').click();
    await laptop('totp-code').fill(code());
    await laptop('verify').click();
    await laptop('signed-in-as').waitFor();
    await signOutLaptop();
    assert.deepEqual(problems, []);
  });

  it('"Use another method" offers every method the person has — from the push page the passkey too, from the code page push and the passkey', async () => {
    const anna = await run.t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: 'anna.push@northwind.test' });
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyId = newId();
    await run.t.db.tx((m) =>
      m.getRepository(WebAuthnCredential).insert({
        id: keyId,
        identityId: anna.id,
        credentialId: randomBytes(32).toString('base64url'),
        publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'),
        counter: 0,
        transports: ['usb'],
        kind: 'security-key',
        deviceType: 'singleDevice',
        backedUp: false,
        aaguid: null,
        name: 'YubiKey',
        createdAt: run.t.clock.now(),
        lastUsedAt: null,
      }),
    );
    try {
      await passwordStep(anna.email);
      await laptop('push-number').waitFor();
      await laptop('use-another-method').click();
      await laptop('other-methods').waitFor();
      for (const m of ['method-passkey', 'method-totp', 'method-emergency-code', 'method-one-time-code']) assert.ok(await laptop(m).isVisible(), `${m} on the push page`);
      assert.equal(await laptop('method-push').count(), 0, 'not the method already shown');
      assert.deepEqual(
        await run.page.locator('[data-testid="other-methods"] button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-testid'))),
        ['method-passkey', 'method-totp', 'method-emergency-code', 'method-one-time-code'],
        'in the server\'s order',
      );
      await run.shot('push-10b-other-methods-with-passkey');
      await laptop('method-totp').click();
      await laptop('totp-code').waitFor();
      await laptop('use-another-method').click();
      for (const m of ['method-push', 'method-passkey', 'method-emergency-code', 'method-one-time-code']) assert.ok(await laptop(m).isVisible(), `${m} on the code page`);
      await laptop('method-passkey').click();
      await laptop('use-passkey').waitFor();
    } finally {
      await run.t.ds.getRepository(WebAuthnCredential).delete({ id: keyId });
    }
  });

  it('a supervisor switches Brightside to Adaptive in the console (step-up); the identity page shows the effective policy', async () => {
    const brightside = await run.t.ds.getRepository(Organization).findOneByOrFail({ name: 'Brightside Ltd' });
    const bea = await makeIdentity(run.t, 'bea.adaptive@brightside.test', { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    await run.t.db.tx((m) => m.getRepository(SeveraUser).insert({ id: newId(), organizationId: brightside.id, email: bea.email, name: 'Bea Adaptive', active: true, activeChangedAt: null, activeChangedBy: null, activeChangeReason: null, identityId: bea.id, createdAt: run.t.clock.now() }));
    const { page } = run;
    await run.signIn(SUPERVISOR);
    await page.getByText('Failed logins by reason', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.goto(`${run.baseUrl}/#/organizations/${brightside.id}/show`);
    await page.getByTestId('org-two-factor-policy').waitFor();
    assert.match(await page.getByTestId('org-policy-chip').innerText(), /Required/);
    await page.getByTestId('policy-adaptive').click();
    await page.getByTestId('policy-save').click();
    await run.stepUp();
    await page.getByTestId('org-policy-chip').filter({ hasText: 'Adaptive' }).waitFor({ timeout: 15_000 });
    await run.shot('push-11a-console-org-policy');
    assert.equal((await run.t.ds.getRepository(Organization).findOneByOrFail({ id: brightside.id })).twoFactorPolicy, 'adaptive');
    await page.goto(`${run.baseUrl}/#/identities/${bea.id}/show`);
    await page.getByTestId('effective-policy').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('effective-policy').innerText(), /Adaptive[\s\S]*Brightside Ltd/);
    await run.shot('push-11b-console-identity-effective-policy');
    await page.setViewportSize({ width: 390, height: 844 });
    await run.shot('push-11c-console-identity-390');
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.context().clearCookies();
  });

  it('Adaptive: after the second factor the laptop is remembered; next time the password alone signs in', async () => {
    const brightside = await run.t.ds.getRepository(Organization).findOneByOrFail({ name: 'Brightside Ltd' });
    const bea = await run.t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: 'bea.adaptive@brightside.test' });
    await passwordStep(bea.email);
    await laptop('totp-code').fill(code());
    await laptop('verify').click();
    await laptop('remember-device').waitFor();
    await run.shot('push-11d-remember-offer');
    await laptop('remember-device').click();
    await laptop('signed-in-as').waitFor();
    await signOutLaptop();
    await run.page.evaluate("sessionStorage.removeItem('visma-connect.remember-asked')");

    await passwordStep(bea.email);
    await laptop('signed-in-as').waitFor();
    assert.equal(await laptop('totp-code').count(), 0, 'no second factor asked');
    await run.shot('push-12-remembered-signed-in');
    await signOutLaptop();

    // the organization switches back to Required: asked again on the same laptop
    await run.t.ds.getRepository(Organization).update({ id: brightside.id }, { twoFactorPolicy: 'required' });
    await passwordStep(bea.email);
    await laptop('totp-code').waitFor();
  });

  it("Erik's lost phone ends in Severa: /severa/sign-in → Connect → one-time code → re-enrolment → emergency code → Severa", async () => {
    await run.page.context().clearCookies();
    const agent = await StaffClient.signIn(run.t, AGENT);
    const erik = await run.t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: 'erik.nurmi@northwind.test' });
    const ticket = await run.t.ds.getRepository(Ticket).findOneByOrFail({ number: 1 });
    const { code: oneTime } = await issueCodeViaApi(agent, ticket.id, erik.id);

    const { page } = run;
    await page.goto(run.baseUrl + '/severa/sign-in');
    await laptop('sign-in').waitFor();
    assert.match(page.url(), /\/connect\?continue=severa$/);
    await laptop('email').fill(erik.email);
    await laptop('password').fill(DEMO_PASSWORD);
    await laptop('sign-in').click();
    await laptop('use-another-method').click();
    await laptop('method-one-time-code').click();
    await laptop('one-time-code').fill(oneTime);
    await laptop('confirm-one-time-code').click();
    await laptop('loss-permanently').check();
    await laptop('continue').click();
    await laptop('enrol-next').click();
    await laptop('manual-key').waitFor();
    const secret = recordSecret((await laptop('manual-key').innerText()).replace(/\s/g, ''));
    run.t.clock.advanceSeconds(30);
    await laptop('enrol-code').fill(independentTotp(secret, run.t.clock.nowMs()));
    await laptop('enrol-confirm').click();
    await laptop('emergency-code').waitFor();
    assert.match(recordSecret((await laptop('emergency-code').innerText()).trim()), ONE_TIME_CODE);
    await laptop('stored').check();
    await laptop('emergency-next').click();

    await page.getByTestId('severa-signed-in').waitFor({ timeout: 20_000 });
    assert.equal(new URL(page.url()).pathname, '/severa');
    assert.match(await page.getByTestId('severa-signed-in').innerText(), /Erik Nurmi/);
    assert.equal(await page.getByTestId('severa-user-email').innerText(), 'erik.nurmi@northwind.test');
    assert.match(await page.content(), /Visma Connect/);
    await run.shot('push-13-erik-in-severa');
    await page.setViewportSize({ width: 390, height: 844 });
    await run.shot('push-14-erik-in-severa-390');
    await page.setViewportSize({ width: 1400, height: 900 });
    assert.deepEqual(problems, []);
  });
});
