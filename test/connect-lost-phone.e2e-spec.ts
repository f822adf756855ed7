/**
 * Visma Connect after a lost phone: "temporarily lost" (signed in once, nothing changes), "permanently lost" with the
 * code an agent issued (every factor removed, re-enrolment, the ticket resolved), enrolment at sign-in, SMS, and no
 * code or secret in the audit log or the session table.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { WebAuthnCredential } from '../server/src/identities/webauthn-credential.entity.js';
import { newId } from '../server/src/database/db.service.js';
import { AGENT, DEMO_PASSWORD, recordSecret, type StaffClient, type TestApp } from './create-test-app.js';
import { ConnectClient, ONE_TIME_CODE, independentTotp, issueCodeViaApi, makeIdentity, plantRecoveryCode, randomOneTimeCode, secretFromUri } from './support/connect.js';
import { hashOneTimeCode } from '../server/src/common/crypto.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { Ticket } from '../server/src/tickets/ticket.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { deliveredText } from './support/outbox.js';
import { Session } from '../server/src/staff-auth/session.entity.js';
import { connectHelpers, SECRET, startConnectApp } from './support/connect-spec.js';

describe('Visma Connect: lost phone, re-enrolment, SMS', () => {
  let t: TestApp;
  let agent: StaffClient;
  const secrets: string[] = [];
  const { email, identityRow, nextCode } = connectHelpers(() => t);

  before(async () => {
    ({ t, agent } = await startConnectApp());
  });
  after(async () => t.close());

  it('"temporarily lost": signed in this once, nothing changes', async () => {
    const emergency = randomOneTimeCode();
    const who = await makeIdentity(t, email('tina'), { totpSecret: SECRET, emergencyCode: emergency, smsNumber: '+358401112233', passkeys: 1 });
    const { code, ticketId } = await plantRecoveryCode(t, who);
    const c = new ConnectClient(t);
    const challenge = await c.challenge(who.email);
    // the choice needs a redeemed code first
    assert.equal((await c.post('recovery/lost', { challenge, permanently: false })).status, 401);
    assert.equal((await c.post('sign-in/one-time-code', { challenge, code })).status, 200);
    const r = await c.post('recovery/lost', { challenge, permanently: false });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.next, 'signed-in');
    assert.ok(c.cookie);
    assert.equal((await c.get('me')).body.stage, 'signed-in');
    const after = await identityRow(who.id);
    assert.equal(after.totpSecretEnc, who.totpSecretEnc);
    assert.equal(after.emergencyCodeHash, who.emergencyCodeHash);
    assert.equal(after.smsNumber, '+358401112233');
    assert.equal(await t.ds.getRepository(WebAuthnCredential).countBy({ identityId: who.id }), 1);
    // the challenge is spent
    assert.equal((await new ConnectClient(t).post('recovery/lost', { challenge, permanently: true })).status, 401);
    const ticket = await t.ds.getRepository(Ticket).findOneByOrFail({ id: ticketId });
    assert.equal(ticket.status, 'code-issued', 'no re-enrolment: the ticket stays for the agent');
    const actions = (await t.ds.getRepository(AuditEvent).findBy({ ticketId })).map((e) => e.action);
    assert.ok(actions.includes('recovery-code.redeemed'));
    assert.ok(actions.includes('recovery.temporary-access'));
    assert.ok(!actions.includes('second-factors.reset'));
    const mail = await t.ds.getRepository(OutboxMessage).findBy({ identityId: who.id, kind: 'connect.one-time-code-used' });
    assert.equal(mail.length, 1);
    assert.equal(mail[0].recipient, who.email);
    // the authenticator still works afterwards
    assert.equal((await c.post('sign-in/totp', { challenge: await c.challenge(who.email), code: nextCode(SECRET) })).status, 200);
  });

  it('"permanently lost" with the code an agent issued: every factor removed, a working new authenticator, a new emergency code, the ticket resolved', async () => {
    const erik = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: 'erik.nurmi@northwind.test' });
    // Erik has more than an app: SMS (demo), plus a passkey, push and an old emergency code for this test.
    const oldEmergency = randomOneTimeCode();
    await t.db.tx(async (m) => {
      await m.getRepository(Identity).update({ id: erik.id }, { vismaAuthenticatorPush: true, emergencyCodeHash: hashOneTimeCode(oldEmergency) });
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await m.getRepository(WebAuthnCredential).insert({ id: newId(), identityId: erik.id, credentialId: 'erik-yubikey', publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'), counter: 7, transports: ['usb'], kind: 'security-key', deviceType: 'singleDevice', backedUp: false, aaguid: null, name: 'YubiKey', createdAt: t.clock.now(), lastUsedAt: null });
    });
    const ticket = await t.ds.getRepository(Ticket).findOneByOrFail({ number: 1 });
    agent = await t.signIn(AGENT); // earlier tests moved the clock past the idle timeout
    const issued = await issueCodeViaApi(agent, ticket.id, erik.id);
    assert.match(issued.code, ONE_TIME_CODE);
    // an older Connect session of Erik's (e.g. on the stolen phone) ends with the reset
    const stolen = new ConnectClient(t);
    const stolenChallenge = await stolen.challenge(erik.email);
    assert.equal((await stolen.post('sign-in/one-time-code', { challenge: stolenChallenge, code: oldEmergency })).status, 200);
    assert.equal((await stolen.post('recovery/lost', { challenge: stolenChallenge, permanently: false })).status, 200);
    assert.equal((await stolen.get('me')).status, 200);

    const c = new ConnectClient(t);
    const challenge = await c.challenge(erik.email);
    assert.equal((await c.post('sign-in/one-time-code', { challenge, code: issued.code })).status, 200);
    const lost = await c.post('recovery/lost', { challenge, permanently: true });
    assert.equal(lost.status, 200, JSON.stringify(lost.body));
    assert.equal(lost.body.next, 'enrol-totp');
    const cleared = await identityRow(erik.id);
    assert.equal(cleared.totpSecretEnc, null);
    assert.equal(cleared.emergencyCodeHash, null);
    assert.equal(cleared.smsNumber, null);
    assert.equal(cleared.smsVerified, false);
    assert.equal(await t.ds.getRepository(WebAuthnCredential).countBy({ identityId: erik.id }), 0, 'passkeys and security keys removed too');
    assert.equal(cleared.vismaAuthenticatorPush, false);
    assert.equal((await c.get('me')).body.stage, 'enrol-totp');
    // signed in to nothing else yet
    assert.equal((await c.post('enrolment/emergency-code')).status, 409);
    assert.equal((await c.post('enrolment/totp/confirm', { code: '123456' })).status, 409, 'confirm needs a started enrolment');

    const e = await c.post('enrolment/totp');
    assert.equal(e.status, 200, JSON.stringify(e.body));
    assert.match(e.body.secret, /^[A-Z2-7]{32}$/, '20 random bytes in base32');
    assert.ok(e.body.otpauthUri.startsWith(`otpauth://totp/Visma%20Connect:${encodeURIComponent(erik.email)}?secret=${e.body.secret}&issuer=Visma%20Connect`), e.body.otpauthUri);
    assert.match(e.body.qrPngDataUrl, /^data:image\/png;base64,/);
    assert.deepEqual([...Buffer.from(e.body.qrPngDataUrl.split(',')[1], 'base64').subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const secret = secretFromUri(e.body.otpauthUri);
    secrets.push(secret);
    const wrong = await c.post('enrolment/totp/confirm', { code: String((Number(independentTotp(secret, t.clock.nowMs())) + 1) % 1_000_000).padStart(6, '0') });
    assert.equal(wrong.status, 400);
    assert.ok(wrong.body.errors.code);
    t.clock.advanceSeconds(30);
    const confirmCode = independentTotp(secret, t.clock.nowMs());
    const confirmed = await c.post('enrolment/totp/confirm', { code: confirmCode });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.match(confirmed.body.emergencyCode, ONE_TIME_CODE);
    assert.equal(confirmed.body.next, 'emergency-code');
    const newEmergency: string = recordSecret(confirmed.body.emergencyCode);
    secrets.push(newEmergency);

    // redeemed + re-enrolled, but the new emergency code is not stored yet: the ticket waits for the person
    assert.equal((await t.ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).status, 'code-issued');
    assert.equal((await agent.get(`/api/recovery-codes/${issued.id}`)).body.status, 'redeemed');
    const timeline = await agent.get(`/api/tickets/${ticket.id}/timeline`);
    const actions = timeline.body.map((x: { action: string }) => x.action);
    for (const a of ['recovery-code.redeemed', 'second-factors.reset', 'totp.enrolled', 'emergency-code.issued']) assert.ok(actions.includes(a), `timeline has ${a}: ${actions.join(', ')}`);

    // the emergency code must be acknowledged
    assert.equal((await c.get('me')).body.stage, 'emergency-code');
    const notTicked = await c.post('enrolment/emergency-code/acknowledge', { stored: false });
    assert.equal(notTicked.status, 400);
    assert.ok(notTicked.body.errors.stored);
    const ack = await c.post('enrolment/emergency-code/acknowledge', { stored: true });
    // only now is the desk's ticket resolved
    assert.equal((await agent.get(`/api/tickets/${ticket.id}`)).body.status, 'resolved');
    assert.equal(ack.status, 200);
    assert.equal(ack.body.next, 'signed-in');
    const me = await c.get('me');
    assert.equal(me.body.stage, 'signed-in');
    assert.equal(me.body.identity.email, erik.email);
    assert.deepEqual(me.body.factors, { totp: true, sms: false, smsNumber: null, emergencyCode: true, passkeys: 0 });

    // the stolen phone's session ended with the reset
    assert.equal((await stolen.get('me')).status, 401);

    // e-mails to the registered address
    await t.app.get(OutboxService).deliverPending();
    const toErik = t.mail.sent.filter((m) => m.to === erik.email).map((m) => m.subject);
    assert.ok(toErik.some((s) => /one-time code was used/i.test(s)), toErik.join(' | '));
    assert.ok(toErik.some((s) => /new authenticator was enrolled/i.test(s)), toErik.join(' | '));

    // the enrolment code is not accepted again; the next code signs in
    assert.equal((await c.post('sign-in/totp', { challenge: await c.challenge(erik.email), code: confirmCode })).status, 401);
    t.clock.advanceSeconds(30);
    const signIn = await new ConnectClient(t).post('sign-in/totp', { challenge: await c.challenge(erik.email), code: independentTotp(secret, t.clock.nowMs()) });
    assert.equal(signIn.status, 200, JSON.stringify(signIn.body));
    assert.equal(signIn.body.next, 'signed-in');

    // the new emergency code works once, and using it means making another one
    const e1 = new ConnectClient(t);
    const ch = await e1.challenge(erik.email);
    assert.equal((await e1.post('sign-in/one-time-code', { challenge: ch, code: newEmergency.toLowerCase() })).status, 200);
    const temp = await e1.post('recovery/lost', { challenge: ch, permanently: false });
    assert.equal(temp.body.next, 'emergency-code');
    assert.equal((await e1.get('me')).body.reason, 'emergency-code-used');
    const fresh = await e1.post('enrolment/emergency-code');
    assert.equal(fresh.status, 200);
    assert.match(fresh.body.emergencyCode, ONE_TIME_CODE);
    secrets.push(recordSecret(fresh.body.emergencyCode));
    assert.equal((await e1.post('enrolment/emergency-code/acknowledge', { stored: true })).status, 200);
    const reuse = await new ConnectClient(t).post('sign-in/one-time-code', { challenge: await e1.challenge(erik.email), code: newEmergency });
    assert.equal(reuse.status, 401);
    assert.equal((await identityRow(erik.id)).totpSecretEnc !== null, true, 'the authenticator stays');
  });

  it('an identity without any second factor is sent to enrolment at sign-in', async () => {
    const who = await makeIdentity(t, email('newbie'));
    const c = new ConnectClient(t);
    const r = await c.post('sign-in', { email: who.email, password: DEMO_PASSWORD });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { challenge: null, factors: [], next: 'enrol-totp' });
    assert.ok(c.cookie);
    const me = await c.get('me');
    assert.equal(me.body.stage, 'enrol-totp');
    assert.equal(me.body.reason, 'first-sign-in');
    const e = await c.post('enrolment/totp');
    t.clock.advanceSeconds(30);
    const done = await c.post('enrolment/totp/confirm', { code: independentTotp(e.body.secret, t.clock.nowMs()) });
    assert.equal(done.status, 200);
    assert.equal(done.body.next, 'emergency-code');
    secrets.push(recordSecret(e.body.secret), recordSecret(done.body.emergencyCode));
  });

  it('SMS: "try another way" sends a code through the outbox SMS channel', async () => {
    const who = await makeIdentity(t, email('sam'), { totpSecret: SECRET, emergencyCode: randomOneTimeCode(), smsNumber: '+4542822160' });
    const c = new ConnectClient(t);
    const challenge = await c.challenge(who.email);
    const sent = await c.post('sign-in/sms/send', { challenge });
    assert.equal(sent.status, 200);
    assert.match(sent.body.sentTo, /^\+45 • ••• ••60$/);
    const sms = await t.ds.getRepository(OutboxMessage).findOneByOrFail({ identityId: who.id, channel: 'sms' });
    assert.equal(sms.recipient, '+4542822160');
    const code = /\b(\d{6})\b/.exec(await deliveredText(t, { id: sms.id }))![1];
    const wrong = await c.post('sign-in/sms', { challenge, code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 401);
    const ok = await c.post('sign-in/sms', { challenge, code });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await c.post('sign-in/sms', { challenge, code })).status, 401, 'the challenge is spent');
  });

  it('no code, secret or emergency code reaches the audit log or the session table', async () => {
    const audit = JSON.stringify(await t.ds.getRepository(AuditEvent).find());
    const sessions = JSON.stringify(await t.ds.getRepository(Session).find());
    assert.ok(secrets.length >= 4);
    for (const s of secrets) {
      for (const form of [s, s.replace(/-/g, '')]) {
        assert.ok(!audit.includes(form), 'audit log holds a secret');
        assert.ok(!sessions.includes(form), 'session data holds a secret');
      }
    }
  });
});
