import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, DEMO_PASSWORD, recordSecret, type TestApp } from './create-test-app.js';
import { ConnectClient, independentTotp, makeIdentity, randomOneTimeCode, secretFromUri } from './support/connect.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { Identity } from '../server/src/identities/identity.entity.js';

/** /connect/settings: every method, step-up before every change, notices and audit, the last method kept. */
describe('Security settings of a Visma Connect identity', () => {
  let t: TestApp;
  const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLB');
  let n = 0;
  const email = (who: string) => `${who}.${++n}@settings.test`;

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: 'connect-sign-in=0/60,one-time-code=0/60' } });
  });
  after(async () => t.close());

  const codeFor = (secret: string) => {
    t.clock.advanceSeconds(30);
    return independentTotp(secret, t.clock.nowMs());
  };

  async function signedIn(setup: Parameters<typeof makeIdentity>[2] = {}) {
    const emergency = randomOneTimeCode();
    const identity = await makeIdentity(t, email('p'), { totpSecret: SECRET, emergencyCode: emergency, ...setup });
    const c = new ConnectClient(t);
    const r = await c.post('sign-in/totp', { challenge: await c.challenge(identity.email), code: codeFor(SECRET) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { c, identity, emergency };
  }

  /** The code in the newest SMS the outbox delivered to `to` (the stored row is sealed and redacted). */
  const newestSms = async (to: string) => {
    await t.app.get(OutboxService).deliverPending();
    const sent = t.mail.sent.filter((m) => m.channel === 'sms' && m.to === to);
    assert.ok(sent.length > 0, `no SMS was delivered to ${to}`);
    return /\b(\d{6})\b/.exec(sent[sent.length - 1].body)![1];
  };
  const mails = (identityId: string, kind: string) => t.ds.getRepository(OutboxMessage).countBy({ identityId, kind });
  const audits = (identityId: string, action: string) => t.ds.getRepository(AuditEvent).countBy({ targetId: identityId, action });

  it('lists every method, the default, the policy and the step-up window; needs a signed-in session', async () => {
    const { c, identity } = await signedIn({ smsNumber: '+358401234567' });
    const r = await c.get('settings/overview');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.policy, 'required');
    assert.deepEqual(r.body.methods.map((m: { method: string }) => m.method), ['push', 'passkey', 'totp', 'sms', 'emergency-code']);
    const by = Object.fromEntries(r.body.methods.map((m: { method: string }) => [m.method, m]));
    assert.deepEqual([by.push.enrolled, by.push.count, r.body.devices], [false, 0, []]);
    assert.equal(by.passkey.enrolled, false);
    assert.equal(by.totp.enrolled, true);
    assert.equal(by.totp.removable, true, 'SMS would remain');
    assert.equal(by.sms.detail, '+358 •• ••• ••67');
    assert.equal(by['emergency-code'].enrolled, true);
    assert.equal(by['emergency-code'].removable, false);
    assert.equal(r.body.defaultMethod, 'totp');
    assert.equal(r.body.stepUp.fresh, true, 'the sign-in’s second factor counts for 5 minutes');
    assert.deepEqual(r.body.stepUp.methods, ['totp', 'sms']);
    assert.ok(!JSON.stringify(r.body).includes(identity.smsNumber!));
    t.clock.advanceSeconds(5 * 60 + 1);
    assert.equal((await c.get('settings/overview')).body.stepUp.fresh, false);
    assert.equal((await new ConnectClient(t).get('settings/overview')).status, 401);
  });

  it('closes the hole: a signed-in session cannot add an SMS number without a fresh second factor; SMS step-up works and wrong codes count', async () => {
    const { c, identity } = await signedIn({ smsNumber: '+358401112222' });
    await t.ds.getRepository(Identity).update({ id: identity.id }, { locale: 'fi' });
    t.clock.advanceSeconds(6 * 60);
    const blocked = await c.post('enrolment/sms', { phoneNumber: '+358 40 999 8888' });
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'CONNECT_STEP_UP_REQUIRED');
    assert.equal(await t.ds.getRepository(OutboxMessage).countBy({ recipient: '+358409998888' }), 0, 'no code was sent');
    assert.equal((await c.post('enrolment/sms/confirm', { code: '123456' })).status, 403);

    const start = await c.post('step-up/start', { method: 'sms' });
    assert.equal(start.status, 200, JSON.stringify(start.body));
    assert.equal(start.body.sentTo, '+358 •• ••• ••22');
    const sms = await newestSms('+358401112222');
    const text = t.mail.sent.filter((m) => m.to === '+358401112222').at(-1)!.body;
    assert.match(text, /^Visma Connect -turvakoodisi on \d{6}\. Se vahvistaa suojausasetustesi muutoksen/, 'in the person’s language, from the catalog');
    const wrong = await c.post('step-up', { method: 'sms', code: sms === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    assert.equal((await t.ds.getRepository(Identity).findOneByOrFail({ id: identity.id })).failedSignIns, 1);
    const ok = await c.post('step-up', { method: 'sms', code: sms });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await c.post('step-up', { method: 'sms', code: sms })).status, 400, 'an SMS code works once');
    assert.equal(await audits(identity.id, 'connect.stepped-up'), 1);

    const add = await c.post('enrolment/sms', { phoneNumber: '+358 40 999 8888' });
    assert.equal(add.status, 200, JSON.stringify(add.body));
    const confirm = await c.post('enrolment/sms/confirm', { code: await newestSms('+358409998888') });
    assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
    assert.equal((await t.ds.getRepository(Identity).findOneByOrFail({ id: identity.id })).smsNumber, '+358409998888');
    assert.equal(await mails(identity.id, 'connect.phone-added'), 1);
    assert.equal(await audits(identity.id, 'sms.enrolled'), 1);
  });

  it('replaces the authenticator app: the old one stops working, the new one signs in; audited and e-mailed', async () => {
    const { c, identity } = await signedIn();
    t.clock.advanceSeconds(6 * 60);
    assert.equal((await c.post('settings/totp')).status, 403);
    assert.equal((await c.post('step-up', { method: 'totp', code: '000000' })).status, 400);
    assert.equal((await c.post('step-up', { method: 'totp', code: codeFor(SECRET) })).status, 200);
    const s = await c.post('settings/totp');
    assert.equal(s.status, 200, JSON.stringify(s.body));
    const fresh = secretFromUri(s.body.otpauthUri);
    assert.equal((await c.post('settings/totp/confirm', { code: codeFor(SECRET) === codeFor(fresh) ? '000000' : codeFor(SECRET) })).status, 400, 'the old app’s code does not confirm the new one');
    const ok = await c.post('settings/totp/confirm', { code: codeFor(fresh) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.replaced, true);
    assert.equal(await audits(identity.id, 'totp.replaced'), 1);
    assert.equal(await mails(identity.id, 'connect.security.totp.replaced'), 1);
    const x = new ConnectClient(t);
    assert.equal((await x.post('sign-in/totp', { challenge: await x.challenge(identity.email), code: codeFor(SECRET) })).status, 401);
    assert.equal((await x.post('sign-in/totp', { challenge: await x.challenge(identity.email), code: codeFor(fresh) })).status, 200);
  });

  it('renews the emergency code: shown once, the old one stops working, the new one works', async () => {
    const { c, identity, emergency } = await signedIn();
    const r = await c.post('settings/emergency-code');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const renewed = recordSecret(r.body.emergencyCode as string);
    assert.notEqual(renewed, emergency);
    assert.equal(await audits(identity.id, 'emergency-code.renewed'), 1);
    assert.equal(await mails(identity.id, 'connect.security.emergency-code.renewed'), 1);
    const mail = await t.ds.getRepository(OutboxMessage).findOneByOrFail({ identityId: identity.id, kind: 'connect.security.emergency-code.renewed' });
    assert.ok(!mail.body.includes(renewed), 'the code is never mailed');
    const x = new ConnectClient(t);
    assert.equal((await x.post('sign-in/one-time-code', { challenge: await x.challenge(identity.email), code: emergency })).status, 401);
    assert.equal((await x.post('sign-in/one-time-code', { challenge: await x.challenge(identity.email), code: renewed })).status, 200);
    t.clock.advanceSeconds(6 * 60);
    assert.equal((await c.post('settings/emergency-code')).status, 403);
  });

  it('chooses the default method: the sign-in opens with it; only an enrolled method, with step-up', async () => {
    const { c, identity } = await signedIn({ smsNumber: '+358401113333' });
    assert.deepEqual((await c.post('sign-in', { email: identity.email, password: DEMO_PASSWORD })).body.factors, ['totp', 'sms', 'one-time-code']);
    assert.equal((await c.request('PUT', 'settings/default-method', { method: 'passkey' })).status, 400, 'no passkey registered');
    assert.equal((await c.request('PUT', 'settings/default-method', { method: 'carrier-pigeon' })).status, 400);
    const r = await c.request('PUT', 'settings/default-method', { method: 'sms' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(await audits(identity.id, 'default-method.changed'), 1);
    assert.deepEqual((await new ConnectClient(t).post('sign-in', { email: identity.email, password: DEMO_PASSWORD })).body.factors, ['sms', 'totp', 'one-time-code']);
    assert.equal((await c.get('settings/overview')).body.defaultMethod, 'sms');
    t.clock.advanceSeconds(6 * 60);
    assert.equal((await c.request('PUT', 'settings/default-method', { method: 'totp' })).status, 403);
  });

  it('writes the security notice in the person’s language: Finnish for a Finnish identity, English by default', async () => {
    const fi = await signedIn({ smsNumber: '+358401115555' });
    await t.ds.getRepository(Identity).update({ id: fi.identity.id }, { locale: 'fi' });
    const en = await signedIn({ smsNumber: '+358401116666' });
    for (const who of [fi, en]) assert.equal((await who.c.request('PUT', 'settings/default-method', { method: 'sms' })).status, 200);
    await t.app.get(OutboxService).deliverPending();
    const mailTo = (to: string) => {
      const sent = t.mail.sent.filter((m) => m.to === to && m.channel !== 'sms');
      assert.equal(sent.length, 1, `one notice to ${to}`);
      return sent[0];
    };
    const finnish = mailTo(fi.identity.email);
    assert.equal(finnish.subject, 'Visma Connect -tilisi suojausasetuksia muutettiin');
    assert.ok(finnish.body.startsWith(`Hei ${fi.identity.displayName},`), finnish.body);
    assert.ok(finnish.body.includes('Oletuskirjautumistapa on nyt: tekstiviestikoodi.'), finnish.body);
    assert.match(finnish.body, /\d{1,2}\. [a-zä]+kuuta \d{4}/, 'the date is written the Finnish way');
    assert.doesNotMatch(finnish.body, /Hello|sign-in|settings were changed|If this wasn't you/);
    const english = mailTo(en.identity.email);
    assert.equal(english.subject, 'Your Visma Connect security settings were changed');
    assert.ok(english.body.includes('The default sign-in method is now: SMS code.'), english.body);
  });

  it('removes a method, never the last way to sign in while 2FA is required', async () => {
    const { c, identity } = await signedIn({ smsNumber: '+358401114444' });
    assert.equal((await c.request('DELETE', 'settings/methods/push-pigeon')).status, 404);
    const sms = await c.request('DELETE', 'settings/methods/sms');
    assert.equal(sms.status, 200, JSON.stringify(sms.body));
    assert.equal(await audits(identity.id, 'sms.removed'), 1);
    assert.equal(await mails(identity.id, 'connect.security.sms.removed'), 1);
    assert.equal((await c.request('DELETE', 'settings/methods/sms')).status, 404);
    const by = Object.fromEntries((await c.get('settings/overview')).body.methods.map((m: { method: string }) => [m.method, m]));
    assert.equal(by.totp.removable, false);
    const last = await c.request('DELETE', 'settings/methods/totp');
    assert.equal(last.status, 409);
    assert.equal(last.body.code, 'LAST_SECOND_FACTOR');
    const row = await t.ds.getRepository(Identity).findOneByOrFail({ id: identity.id });
    assert.ok(row.totpSecretEnc, 'still there');
    assert.equal(await audits(identity.id, 'totp.removed'), 0);
  });
});
