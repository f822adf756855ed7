/**
 * The person's security settings (/connect/settings) in real Chromium: adding an SMS number only after step-up,
 * replacing the authenticator app, and renewing the emergency code (the old one stops working). Every change waits
 * for a second factor proven within 5 minutes; the page asks for it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserRun, type BrowserRun } from './harness.js';
import { DEMO_PASSWORD, recordSecret } from '../create-test-app.js';
import { independentTotp, makeIdentity, ONE_TIME_CODE, randomOneTimeCode } from '../support/connect.js';
import { deliveredText } from '../support/outbox.js';
import { TestDevice } from '../support/push-device.js';
import { hashOneTimeCode } from '../../server/src/common/crypto.js';
import { AuthenticatorDevice } from '../../server/src/connect/authenticator.entity.js';
import { Identity } from '../../server/src/identities/identity.entity.js';
import { AuditEvent } from '../../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../../server/src/notifications/outbox-message.entity.js';

describe('Security settings in the browser: SMS with step-up, a new authenticator app, a new emergency code, removing a device', () => {
  let run: BrowserRun;
  const problems: string[] = [];
  const WHO = 'sofia.settings@northwind.test';
  const PHONE = '+4542822160';
  let secret: string = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLE');
  const firstEmergency = randomOneTimeCode();
  let identity: Identity;

  before(async () => {
    run = await startBrowserRun();
    run.page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    run.page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|401|403|409)\b/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    identity = await makeIdentity(run.t, WHO, { totpSecret: secret, emergencyCode: recordSecret(firstEmergency) });
  });
  after(async () => run.close());

  const testId = (id: string) => run.page.getByTestId(id);
  const code = (s = secret) => {
    run.t.clock.advanceSeconds(30);
    return independentTotp(s, run.t.clock.nowMs());
  };
  const audits = (action: string) => run.t.ds.getRepository(AuditEvent).countBy({ targetId: identity.id, action });
  const row = () => run.t.ds.getRepository(Identity).findOneByOrFail({ id: identity.id });

  async function passwordStep(): Promise<void> {
    await run.page.goto(run.baseUrl + '/connect');
    await testId('sign-in').waitFor();
    await testId('email').fill(WHO);
    await testId('password').fill(DEMO_PASSWORD);
    await testId('sign-in').click();
  }

  async function signInWithApp(s = secret): Promise<void> {
    await passwordStep();
    await testId('totp-code').waitFor();
    await testId('totp-code').fill(code(s));
    await testId('verify').click();
    await testId('signed-in-as').waitFor();
  }

  async function signOut(): Promise<void> {
    await run.page.goto(run.baseUrl + '/connect/home');
    await testId('sign-out').click();
    await testId('sign-in').waitFor();
  }

  /** The settings page more than 5 minutes after the last second factor: changes are locked until step-up. */
  async function staleSettings(): Promise<void> {
    run.t.clock.advanceSeconds(6 * 60);
    await run.page.goto(run.baseUrl + '/connect/settings');
    await testId('stepup').waitFor();
  }

  it('adds an SMS number only after step-up: locked at first, refused by the server, then sent, verified, audited', async () => {
    await signInWithApp();
    await staleSettings();
    assert.ok(await testId('settings-phone-send').isDisabled(), 'the page locks the change');
    // The server refuses it too, whatever the page shows (the hole the issue closes).
    const refused = await run.page.evaluate(async (phoneNumber) => {
      const r = await fetch('/api/connect/enrolment/sms', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ phoneNumber }) });
      return { status: r.status, code: ((await r.json()) as { code: string }).code };
    }, PHONE);
    assert.deepEqual(refused, { status: 403, code: 'CONNECT_STEP_UP_REQUIRED' });
    assert.equal(await run.t.ds.getRepository(OutboxMessage).countBy({ recipient: PHONE }), 0, 'no SMS was sent');
    await run.shot('settings-01-locked-step-up');

    await testId('stepup-code').fill('000000');
    await testId('stepup-totp').click();
    await testId('error').filter({ hasText: /./ }).first().waitFor();
    assert.ok(await testId('settings-phone-send').isDisabled(), 'a wrong code proves nothing');
    await testId('stepup-code').fill(code());
    await testId('stepup-totp').click();
    await testId('stepup-fresh').waitFor();
    assert.equal(await audits('connect.stepped-up'), 1);

    await testId('settings-phone').fill('+45 42 82 21 60');
    await testId('settings-phone-send').click();
    await testId('settings-phone-code').waitFor({ state: 'visible' });
    const sms = await deliveredText(run.t, { recipient: PHONE, kind: 'connect.phone-verification' });
    await testId('settings-phone-code').fill(/\b(\d{6})\b/.exec(sms)![1]);
    await run.shot('settings-02-sms-code');
    await testId('settings-phone-verify').click();
    await testId('sms-number').waitFor();
    assert.equal(await testId('sms-number').innerText(), '+45 • ••• ••60');
    const r = await row();
    assert.deepEqual([r.smsNumber, r.smsVerified], [PHONE, true]);
    assert.equal(await audits('sms.enrolled'), 1);
    assert.equal(await run.t.ds.getRepository(OutboxMessage).countBy({ identityId: identity.id, kind: 'connect.phone-added' }), 1, 'the registered address is told');
    await run.shot('settings-03-sms-added');
    assert.deepEqual(problems, []);
  });

  it('replaces the authenticator app: a wrong code keeps the old one, the right one switches; the old app stops working', async () => {
    await staleSettings();
    // Step-up by SMS this time (the number added above).
    await testId('stepup-sms-send').click();
    await testId('stepup-sms-code').waitFor({ state: 'visible' });
    const sms = await deliveredText(run.t, { recipient: PHONE, kind: 'connect.step-up-code' });
    await testId('stepup-sms-code').fill(/\b(\d{6})\b/.exec(sms)![1]);
    await testId('stepup-sms').click();
    await testId('stepup-fresh').waitFor();

    const before = (await row()).totpSecretEnc;
    await testId('totp-setup').click();
    await testId('settings-manual-key').waitFor();
    const fresh = recordSecret((await testId('settings-manual-key').innerText()).replace(/\s/g, ''));
    assert.notEqual(fresh, secret);
    await run.shot('settings-04-new-authenticator');
    await testId('settings-totp-code').fill(code(secret));
    await testId('settings-totp-confirm').click();
    await run.page.locator('[data-testid="settings-totp"] [data-testid="error"]').waitFor({ state: 'visible' });
    assert.equal((await row()).totpSecretEnc, before, 'the old app’s code does not confirm the new one');
    await testId('settings-totp-code').fill(code(fresh));
    await testId('settings-totp-confirm').click();
    await testId('totp-saved').waitFor();
    assert.notEqual((await row()).totpSecretEnc, before);
    assert.equal(await audits('totp.replaced'), 1);
    assert.equal(await run.t.ds.getRepository(OutboxMessage).countBy({ identityId: identity.id, kind: 'connect.security.totp.replaced' }), 1);
    await run.shot('settings-05-authenticator-replaced');

    await signOut();
    await passwordStep();
    await testId('totp-code').waitFor();
    await testId('totp-code').fill(code(secret));
    await testId('verify').click();
    await testId('error').filter({ hasText: /not correct/ }).waitFor();
    await testId('totp-code').fill(code(fresh));
    await testId('verify').click();
    await testId('signed-in-as').waitFor();
    secret = fresh;
    assert.deepEqual(problems, []);
  });

  it('renews the emergency code: shown once; the old one no longer signs in, the new one does', async () => {
    // A code from before creation dates were kept has none: the page says so plainly (it once read "created null").
    await run.t.ds.getRepository(Identity).update({ id: identity.id }, { emergencyCodeCreatedAt: null });
    await staleSettings();
    assert.ok(await testId('emergency-renew').isDisabled());
    assert.equal(await testId('emergency-state').innerText(), 'You have an unused emergency code.');
    await testId('stepup-code').fill(code());
    await testId('stepup-totp').click();
    await testId('stepup-fresh').waitFor();
    await testId('emergency-renew').click();
    await testId('new-emergency-code').waitFor();
    const renewed = recordSecret((await testId('new-emergency-code').innerText()).trim());
    assert.match(renewed, ONE_TIME_CODE);
    assert.notEqual(renewed, firstEmergency);
    assert.equal(await audits('emergency-code.renewed'), 1);
    await run.shot('settings-06-emergency-code-renewed');
    await run.page.reload();
    await testId('setting-emergency-code').waitFor();
    assert.equal(await testId('new-emergency-code').count(), 0, 'shown only once');
    assert.match(await testId('emergency-state').innerText(), /^You have an unused emergency code \(created \w{3} \d{1,2}, \d{4}\)\.$/);

    await signOut();
    await passwordStep();
    await testId('totp-code').waitFor();
    await testId('use-another-method').click();
    await testId('method-emergency-code').click();
    await testId('one-time-code').fill(firstEmergency);
    await testId('confirm-one-time-code').click();
    await testId('error').filter({ hasText: /not correct/ }).waitFor();
    await testId('one-time-code').fill(renewed);
    await testId('confirm-one-time-code').click();
    await testId('loss-temporarily').waitFor();
    assert.equal((await row()).emergencyCodeHash, null, 'the new code is spent');
    assert.deepEqual(problems, []);
  });
  it('sets up Visma Authenticator from the settings, steps up with it (number matching) and removes one device', async () => {
    // The emergency code was spent above: give Sofia one again, or the sign-in would first ask her to make one.
    await run.t.ds.getRepository(Identity).update({ id: identity.id }, { emergencyCodeHash: hashOneTimeCode(randomOneTimeCode()), emergencyCodeCreatedAt: run.t.clock.now() });
    await signInWithApp();
    await run.page.goto(run.baseUrl + '/connect/settings');
    await testId('stepup-fresh').waitFor();
    const enrolOne = async (name: string) => {
      await testId('enrol-device').click();
      await testId('enrolment-uri').waitFor();
      const device = new TestDevice(run.t);
      assert.equal((await device.enrol((await testId('enrolment-uri').innerText()).trim(), name)).status, 201);
      // the page notices the phone's answer by itself
      await run.page.locator('[data-testid="device-row"]', { hasText: name }).waitFor({ timeout: 15_000 });
      return device;
    };
    const old = await enrolOne('Old phone');
    const tablet = await enrolOne('Tablet');
    assert.equal(await testId('device-row').count(), 2);
    await run.shot('settings-07-devices');

    await staleSettings();
    assert.ok(await testId('device-remove').first().isDisabled(), 'removing waits for the step-up');
    // step-up with Visma Authenticator: the page shows a number, the phone taps it
    await testId('stepup-push').click();
    await testId('stepup-push-number').waitFor();
    const number = Number((await testId('stepup-push-number').innerText()).trim());
    const [request] = (await tablet.requests()).body as { pushId: string; choices: number[] }[];
    assert.ok(request.choices.includes(number));
    await run.shot('settings-07b-step-up-push');
    assert.equal((await tablet.answer(request.pushId, 'approve', number)).body.status, 'approved');
    await testId('stepup-fresh').waitFor({ timeout: 20_000 });
    await run.page.getByRole('button', { name: 'Remove Old phone' }).click();
    await run.page.locator('[data-testid="device-row"]', { hasText: 'Old phone' }).waitFor({ state: 'detached' });
    assert.deepEqual(await testId('device-name').allInnerTexts(), ['Tablet']);
    const left = await run.t.ds.getRepository(AuthenticatorDevice).findBy({ identityId: identity.id });
    assert.deepEqual(left.map((d) => d.name), ['Tablet']);
    assert.equal(await audits('push-device.removed'), 1);
    assert.equal((await old.requests()).status, 401, 'the removed phone can no longer authenticate');
    assert.equal((await tablet.requests()).status, 200);
    await run.shot('settings-08-device-removed');
    await signOut();
    assert.deepEqual(problems, []);
  });
});
