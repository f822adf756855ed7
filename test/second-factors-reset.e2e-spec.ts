import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, recordSecret, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { ConnectClient, independentTotp, makeIdentity, randomOneTimeCode, TWO_CHECKS } from './support/connect.js';
import { SoftAuthenticator } from './support/webauthn.js';
import { TestDevice } from './support/push-device.js';
import { AuthenticatorDevice } from '../server/src/connect/authenticator.entity.js';
import { WebAuthnCredential } from '../server/src/identities/webauthn-credential.entity.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { Ticket } from '../server/src/tickets/ticket.entity.js';

/** The desk's reset of a person's two-step verification: every method at once, passkeys included, for every application. */
describe('Agent reset of every second factor', () => {
  let t: TestApp;
  let agent: StaffClient;
  const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLD');

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: 'connect-sign-in=0/60,one-time-code=0/60' } });
    agent = await t.signIn(AGENT);
  });
  after(async () => t.close());

  async function personWithEverything(email: string) {
    const identity = await makeIdentity(t, email, { totpSecret: SECRET, emergencyCode: randomOneTimeCode(), smsNumber: '+358405556666', passkeys: 1 });
    const c = new ConnectClient(t);
    t.clock.advanceSeconds(30);
    const r = await c.post('sign-in/totp', { challenge: await c.challenge(email), code: independentTotp(SECRET, t.clock.nowMs()) });
    assert.equal(r.status, 200);
    const o = await c.post('passkeys/registration/options');
    const key = new SoftAuthenticator(`http://localhost:${t.config.port}`, { transports: ['usb'] });
    assert.equal((await c.post('passkeys/registration/verify', { response: key.register(o.body), name: 'YubiKey' })).status, 200);
    const e = await c.post('devices/enrolment');
    const phone = new TestDevice(t);
    assert.equal((await phone.enrol(e.body.enrolmentUri, 'Lost phone')).status, 201);
    const ticket = await agent.post('/api/tickets', { identityId: identity.id, channel: 'phone', subject: 'Lost phone and key', description: 'Lost everything' });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    return { identity, c, phone, ticketId: ticket.body.id as string };
  }

  it('needs a verified ticket of the person and step-up; then removes everything (passkeys and push devices too), ends every session, audits and e-mails', async () => {
    const { identity, c, phone, ticketId } = await personWithEverything('rita.reset@northwind.test');
    const before = await agent.get(`/api/identities/${identity.id}/second-factors`);
    assert.equal(before.body.passkeys.length, 2, JSON.stringify(before.body));
    assert.deepEqual(before.body.devices.map((d: { name: string }) => d.name), ['Lost phone'], 'the desk sees the devices');
    const push = before.body.methods.find((m: { method: string }) => m.method === 'visma-authenticator');
    assert.deepEqual([push.enrolled, push.detail], [true, '1 device: Lost phone']);
    assert.equal((await phone.requests()).status, 200, 'the phone works before the reset');
    const path = `/api/identities/${identity.id}/second-factors/reset`;
    agent.t.clock.advanceSeconds(6 * 60);
    const noStepUp = await agent.post(path, { ticketId });
    assert.equal(noStepUp.status, 401);
    assert.equal(noStepUp.body.code, 'STEP_UP_REQUIRED');
    await agent.stepUp();
    const unverified = await agent.post(path, { ticketId });
    assert.equal(unverified.status, 409);
    assert.equal(unverified.body.code, 'VERIFICATION_REQUIRED');
    const other = await t.ds.getRepository(Ticket).findOneByOrFail({ number: 1 });
    assert.equal((await agent.post(path, { ticketId: other.id })).status, 400, 'a ticket of someone else');
    assert.equal((await agent.post(path, {})).status, 400);
    assert.equal((await agent.post(`/api/tickets/${ticketId}/verification`, { checks: TWO_CHECKS })).status, 201);
    await agent.stepUp();
    const r = await agent.post(path, { ticketId });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.removed.passkeys, 2);
    assert.equal(r.body.removed.push, true);
    assert.ok(r.body.sessionsEnded >= 1);
    const row = await t.ds.getRepository(Identity).findOneByOrFail({ id: identity.id });
    assert.equal(row.totpSecretEnc, null);
    assert.equal(row.smsNumber, null);
    assert.equal(row.emergencyCodeHash, null);
    assert.equal(await t.ds.getRepository(WebAuthnCredential).countBy({ identityId: identity.id }), 0);
    assert.equal(await t.ds.getRepository(AuthenticatorDevice).countBy({ identityId: identity.id }), 0, 'every Visma Authenticator device is gone');
    assert.equal(row.vismaAuthenticatorPush, false);
    assert.equal((await phone.requests()).status, 401, 'the lost phone can no longer authenticate');
    assert.equal((await c.get('me')).status, 401, 'signed out everywhere');
    const ev = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'second-factors.reset', targetId: identity.id });
    assert.equal(ev.ticketId, ticketId);
    assert.equal(ev.actorEmail, AGENT);
    const [notice] = await t.ds.getRepository(OutboxMessage).findBy({ identityId: identity.id, kind: 'connect.second-factors-reset' });
    assert.ok(notice, 'the person is told');
    await t.app.get(OutboxService).deliverPending();
    const told = t.mail.sent.find((m) => m.to === identity.email && /reset the two-step verification/.test(m.body));
    assert.ok(told, 'the notice was delivered');
    assert.match(told.body, /passkeys and security keys, Visma Authenticator devices/);
    // (the audit log redacts the fields named like secrets: totp, emergencyCode)
    assert.deepEqual([ev.before?.passkeys, ev.before?.push, ev.after?.passkeys, ev.after?.push, ev.after?.via], [2, true, 0, false, 'agent']);
    const timeline = await agent.get(`/api/tickets/${ticketId}/timeline`);
    const reset = timeline.body.find((e: { action: string }) => e.action === 'second-factors.reset');
    assert.deepEqual(reset.messages, [{ code: 'factorsResetByAgent', params: {} }], 'a code for the catalogs, not a sentence');
    // the next sign-in goes to enrolment
    const after = await new ConnectClient(t).post('sign-in', { email: identity.email, password: 'Demo-Password-1!' });
    assert.equal(after.body.next, 'enrol-totp');
    const panel = await agent.get(`/api/identities/${identity.id}/second-factors`);
    assert.equal(panel.body.enrolledCount, 0);
    assert.deepEqual(panel.body.passkeys, []);
    assert.deepEqual(panel.body.devices, []);
  });

  it('org admins cannot; nobody resets their own; a person with a console role needs a supervisor', async () => {
    const admin = await t.signIn(ORG_ADMIN);
    const { identity, ticketId } = await personWithEverything('olli.other@northwind.test');
    assert.equal((await admin.post(`/api/identities/${identity.id}/second-factors/reset`, { ticketId })).status, 403);
    // the lead supervisor holds a console role: an agent is refused, a supervisor may
    const lead = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: LEAD });
    const ticket = await agent.post('/api/tickets', { identityId: lead.id, channel: 'phone', subject: 'Lost phone', description: 'Lead lost the phone' });
    assert.equal((await agent.post(`/api/tickets/${ticket.body.id}/verification`, { checks: TWO_CHECKS })).status, 201);
    await agent.stepUp();
    const refused = await agent.post(`/api/identities/${lead.id}/second-factors/reset`, { ticketId: ticket.body.id });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'SECOND_PERSON_REQUIRED');
    assert.match(refused.body.message, /^The person holds a console role \(.+\): only a supervisor can reset it\.$/);
    const supervisor = await t.signIn(SUPERVISOR);
    await supervisor.stepUp();
    const self = await supervisor.post('/api/tickets', { identityId: supervisor.user.id, channel: 'phone', subject: 'Me', description: 'Myself' });
    assert.equal((await agent.post(`/api/tickets/${self.body.id}/verification`, { checks: TWO_CHECKS })).status, 201);
    await supervisor.stepUp();
    assert.equal((await supervisor.post(`/api/identities/${supervisor.user.id}/second-factors/reset`, { ticketId: self.body.id })).body.code, 'SELF_RECOVERY_FORBIDDEN');
    const ok = await supervisor.post(`/api/identities/${lead.id}/second-factors/reset`, { ticketId: ticket.body.id });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });
});
