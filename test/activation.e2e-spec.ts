import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, DEMO_PASSWORD, ORG_ADMIN, recordSecret, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { ConnectClient, ONE_TIME_CODE, independentTotp, secretFromUri } from './support/connect.js';
import { Identity, IdentityToken } from '../server/src/identities/identity.entity.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { deliveredText } from './support/outbox.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { sha256 } from '../server/src/common/crypto.js';
import { PASSWORD_RESET_GENERIC_MESSAGE } from '../shared/connect.js';

const GOOD_SEED_PASSWORD = recordSecret('Summer#Garden9');

/** The activation link in the newest e-mail to `to` of the given kind. */
async function linkFor(t: TestApp, to: string, kind = 'identity.activation'): Promise<{ path: string; token: string }> {
  const body = await deliveredText(t, { recipient: to, kind });
  const m = /(\/connect\/(?:activate|reset)\?token=([A-Za-z0-9_%-]+))/.exec(body);
  assert.ok(m, body);
  return { path: m[1], token: recordSecret(decodeURIComponent(m[2])) };
}

describe('Customer Portal activation (seed 004) and password reset', () => {
  let t: TestApp;
  let supervisor: StaffClient;
  let orgAdmin: StaffClient;
  let agent: StaffClient;
  let northwind: string;
  let brightside: string;
  let n = 0;
  const email = (tag: string) => `${tag}.${++n}@northwind.test`;

  before(async () => {
    t = await createTestApp();
    supervisor = await t.signIn(SUPERVISOR);
    orgAdmin = await t.signIn(ORG_ADMIN);
    agent = await t.signIn(AGENT);
    northwind = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' })).id;
    brightside = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Brightside Ltd' })).id;
  });
  after(async () => t.close());

  async function invite(by: StaffClient, who = email('new'), organizationId = northwind) {
    const r = await by.post('/api/identities/invite', { email: who, name: 'New Person', organizationId });
    return { r, email: who };
  }

  it('a supervisor or an org admin of the organization invites; agents and other organizations cannot', async () => {
    const a = await invite(supervisor);
    assert.equal(a.r.status, 202, JSON.stringify(a.r.body));
    assert.equal(a.r.body.email, a.email);
    const b = await invite(orgAdmin);
    assert.equal(b.r.status, 202, JSON.stringify(b.r.body));
    const foreign = await invite(orgAdmin, email('x'), brightside);
    assert.equal(foreign.r.status, 404, 'another organization is invisible to an org admin');
    const byAgent = await invite(agent);
    assert.equal(byAgent.r.status, 403);
    const bad = await supervisor.post('/api/identities/invite', { email: 'not-an-email', organizationId: 'nope' });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.name);
    assert.ok(bad.body.errors.email);
    assert.ok(bad.body.errors.organizationId);
    const exists = await supervisor.post('/api/identities/invite', { email: 'Anna.Virtanen@northwind.test', name: 'Anna', organizationId: northwind });
    assert.equal(exists.status, 202, 'the same answer for an existing account (no oracle; see desk.e2e-spec)');
    const unknownOrg = await supervisor.post('/api/identities/invite', { email: email('y'), name: 'Y', organizationId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknownOrg.status, 404);

    // the e-mail carries the link; only the token's hash is stored; the audit names the organization
    const { token } = await linkFor(t, a.email);
    const identity = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: a.email });
    assert.equal(identity.passwordHash, null);
    const tokens = await t.ds.getRepository(IdentityToken).findBy({ identityId: identity.id });
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0].purpose, 'activation');
    assert.equal(tokens[0].tokenHash, sha256(token));
    assert.ok(!JSON.stringify(tokens).includes(token));
    assert.equal(tokens[0].expiresAt.getTime() - tokens[0].createdAt.getTime(), 24 * 3600_000);
    const ev = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'identity.invited', targetId: identity.id });
    assert.equal(ev.organizationId, northwind);
    assert.ok(!JSON.stringify(await t.ds.getRepository(AuditEvent).find()).includes(token), 'the token is not in the audit log');
  });

  it('activation: password under the policy (every failed rule named), authenticator, optional SMS, emergency code; then sign-in works', async () => {
    const { r, email: who } = await invite(supervisor);
    assert.equal(r.status, 202);
    const { token } = await linkFor(t, who);
    const c = new ConnectClient(t);
    const info = await c.post('links/inspect', { token });
    assert.equal(info.status, 200);
    assert.equal(info.body.purpose, 'activation');
    assert.equal(info.body.email, who);

    const weak = await c.post('activation', { token, password: 'short' });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.code, 'VALIDATION_FAILED');
    assert.deepEqual(weak.body.errors.password.split('; '), ['must be at least 8 characters', 'must contain an uppercase letter', 'must contain a special character (such as ! # &)']);
    const almost = await c.post('activation', { token, password: 'longenough!' });
    assert.deepEqual(almost.body.errors.password.split('; '), ['must contain an uppercase letter']);
    assert.equal(c.cookie, null);

    const ok = await c.post('activation', { token, password: GOOD_SEED_PASSWORD });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body, { next: 'enrol-totp' });
    assert.ok(c.cookie);
    assert.equal((await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: who })).status, 'active');
    // the link is single-use
    const again = await new ConnectClient(t).post('activation', { token, password: GOOD_SEED_PASSWORD });
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'LINK_INVALID');

    const me = await c.get('me');
    assert.equal(me.body.stage, 'enrol-totp');
    assert.equal(me.body.reason, 'activation');
    const e = await c.post('enrolment/totp');
    assert.equal(e.status, 200);
    const secret = secretFromUri(e.body.otpauthUri);
    t.clock.advanceSeconds(30);
    const confirmed = await c.post('enrolment/totp/confirm', { code: independentTotp(secret, t.clock.nowMs()) });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.next, 'add-phone');
    assert.match(recordSecret(confirmed.body.emergencyCode), ONE_TIME_CODE);

    // SMS: a bad number is named; the code goes out through the outbox's SMS channel
    const badPhone = await c.post('enrolment/sms', { phoneNumber: '12345' });
    assert.equal(badPhone.status, 400);
    assert.ok(badPhone.body.errors.phoneNumber);
    const sent = await c.post('enrolment/sms', { phoneNumber: '+45 42 82 21 60' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.sentTo, '+4542822160');
    const sms = await t.ds.getRepository(OutboxMessage).findOneByOrFail({ recipient: '+4542822160', kind: 'connect.phone-verification' });
    assert.equal(sms.channel, 'sms');
    const smsCode = /\b(\d{6})\b/.exec(await deliveredText(t, { id: sms.id }))![1];
    const wrongSms = await c.post('enrolment/sms/confirm', { code: smsCode === '000000' ? '111111' : '000000' });
    assert.equal(wrongSms.status, 400);
    assert.ok(wrongSms.body.errors.code);
    const verified = await c.post('enrolment/sms/confirm', { code: smsCode });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.next, 'emergency-code');

    // reloaded before storing it: a new emergency code replaces the first one
    const replaced = await c.post('enrolment/emergency-code');
    assert.equal(replaced.status, 200);
    assert.notEqual(recordSecret(replaced.body.emergencyCode), confirmed.body.emergencyCode);
    assert.equal((await c.post('enrolment/emergency-code/acknowledge', { stored: true })).status, 200);
    const done = await c.get('me');
    assert.equal(done.body.stage, 'signed-in');
    assert.deepEqual(done.body.factors, { totp: true, sms: true, smsNumber: '+45 • ••• ••60', emergencyCode: true, passkeys: 0 });

    // sign in like any other day
    const next = new ConnectClient(t);
    const challenge = await next.challenge(who, GOOD_SEED_PASSWORD);
    t.clock.advanceSeconds(30);
    const signedIn = await next.post('sign-in/totp', { challenge, code: independentTotp(secret, t.clock.nowMs()) });
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.body.next, 'signed-in');
    // the replaced (first) emergency code no longer works; the newer one does
    const old = await next.post('sign-in/one-time-code', { challenge: await next.challenge(who, GOOD_SEED_PASSWORD), code: confirmed.body.emergencyCode });
    assert.equal(old.status, 401);
    const current = await next.post('sign-in/one-time-code', { challenge: await next.challenge(who, GOOD_SEED_PASSWORD), code: replaced.body.emergencyCode });
    assert.equal(current.status, 200);
  });

  it('the SMS step can be skipped', async () => {
    const { email: who } = await invite(supervisor);
    const { token } = await linkFor(t, who);
    const c = new ConnectClient(t);
    assert.equal((await c.post('activation', { token, password: GOOD_SEED_PASSWORD })).status, 200);
    const e = await c.post('enrolment/totp');
    t.clock.advanceSeconds(30);
    assert.equal((await c.post('enrolment/totp/confirm', { code: independentTotp(e.body.secret, t.clock.nowMs()) })).body.next, 'add-phone');
    assert.equal((await c.post('enrolment/emergency-code/acknowledge', { stored: true })).status, 409, 'the phone step comes first');
    assert.deepEqual((await c.post('enrolment/sms/skip')).body, { next: 'emergency-code' });
    assert.equal((await c.post('enrolment/emergency-code/acknowledge', { stored: true })).status, 200);
  });

  it('an activation link is valid 24 hours: at 24 h + 1 s it is refused and a new one can be asked for', async () => {
    const early = await invite(supervisor);
    const late = await invite(supervisor);
    const earlyLink = await linkFor(t, early.email);
    const lateLink = await linkFor(t, late.email);
    t.clock.advanceSeconds(24 * 3600 - 1);
    assert.equal((await new ConnectClient(t).post('activation', { token: earlyLink.token, password: GOOD_SEED_PASSWORD })).status, 200, 'still valid one second before');
    t.clock.advanceSeconds(2); // 24 h + 1 s
    const c = new ConnectClient(t);
    const inspect = await c.post('links/inspect', { token: lateLink.token });
    assert.equal(inspect.status, 410);
    assert.equal(inspect.body.code, 'LINK_EXPIRED');
    const refused = await c.post('activation', { token: lateLink.token, password: GOOD_SEED_PASSWORD });
    assert.equal(refused.status, 410);
    assert.equal(c.cookie, null);
    assert.equal((await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: late.email })).status, 'invited');
    // the page offers the password-reset path: an invited person gets a new activation link
    const again = await c.post('password-reset/request', { email: late.email });
    assert.equal(again.status, 202);
    assert.equal(again.body.message, PASSWORD_RESET_GENERIC_MESSAGE);
    const fresh = await linkFor(t, late.email);
    assert.notEqual(fresh.token, lateLink.token);
    assert.equal((await c.post('activation', { token: fresh.token, password: GOOD_SEED_PASSWORD })).status, 200);
    // staff sessions idled out while the clock moved
    supervisor = await t.signIn(SUPERVISOR);
  });

  it('a password reset request answers the same whether or not the address exists', async () => {
    const known = await new ConnectClient(t).post('password-reset/request', { email: 'Carla.Berg@northwind.test' });
    const unknown = await new ConnectClient(t).post('password-reset/request', { email: 'nobody.at.all@northwind.test' });
    assert.equal(known.status, 202);
    assert.deepEqual(unknown.body, known.body);
    assert.equal(unknown.status, known.status);
    assert.equal(await t.ds.getRepository(OutboxMessage).countBy({ recipient: 'nobody.at.all@northwind.test' }), 0);
    const { token, path } = await linkFor(t, 'carla.berg@northwind.test', 'identity.password-reset');
    assert.match(path, /^\/connect\/reset\?token=/);
    const c = new ConnectClient(t);
    assert.equal((await c.post('links/inspect', { token })).body.purpose, 'password-reset');
    const weak = await c.post('password-reset', { token, password: 'password' });
    assert.equal(weak.status, 400);
    assert.equal((await c.post('password-reset', { token, password: recordSecret('New#Password42') })).status, 200);
    const carla = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: 'carla.berg@northwind.test' });
    assert.match(carla.passwordHash!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'the new password is stored as argon2id at today’s parameters');
    assert.equal((await c.post('password-reset', { token, password: 'New#Password43' })).status, 404, 'single-use');
    assert.equal((await c.post('sign-in', { email: 'carla.berg@northwind.test', password: DEMO_PASSWORD })).status, 401);
    const ok = await c.post('sign-in', { email: 'carla.berg@northwind.test', password: 'New#Password42' });
    assert.equal(ok.status, 200);
    assert.ok(ok.body.factors.includes('totp'), 'second factors stay after a password reset');
    // an activation link is not a reset link, and the other way round
    const invited = await invite(supervisor);
    const act = await linkFor(t, invited.email);
    assert.equal((await c.post('password-reset', { token: act.token, password: 'New#Password42' })).status, 404);
  });

  it('a 64-character password is accepted and the whole of a long one counts', async () => {
    const { email: who } = await invite(supervisor);
    const { token } = await linkFor(t, who);
    const long = recordSecret('A!' + 'x'.repeat(98));
    assert.equal((await new ConnectClient(t).post('activation', { token, password: long })).status, 200);
    const almost = long.slice(0, 99) + 'y';
    assert.equal((await new ConnectClient(t).post('sign-in', { email: who, password: almost })).status, 401, 'not truncated');
    const tooLong = await supervisor.post('/api/identities/invite', { email: email('long'), name: 'L', organizationId: northwind });
    const link = await linkFor(t, tooLong.body.email);
    const r = await new ConnectClient(t).post('activation', { token: link.token, password: 'A!' + 'x'.repeat(1100) });
    assert.equal(r.status, 400);
    assert.match(r.body.errors.password, /at most 1024 characters/);
  });
});

describe('activation under PASSWORD_POLICY=nist', () => {
  let t: TestApp;
  let supervisor: StaffClient;
  let northwind: string;
  before(async () => {
    t = await createTestApp({ env: { PASSWORD_POLICY: 'nist' } });
    supervisor = await t.signIn(SUPERVISOR);
    northwind = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' })).id;
  });
  after(async () => t.close());

  it('needs 15 characters, no composition rules, and refuses common passwords', async () => {
    const policy = await t.http.get('/api/connect/password-policy');
    assert.equal(policy.body.name, 'nist');
    assert.equal(policy.body.minLength, 15);
    const r = await supervisor.post('/api/identities/invite', { email: 'nist.person@northwind.test', name: 'Nist Person', organizationId: northwind });
    assert.equal(r.status, 202);
    const { token } = await linkFor(t, 'nist.person@northwind.test');
    const c = new ConnectClient(t);
    const short = await c.post('activation', { token, password: 'Summer#Garden9' });
    assert.equal(short.status, 400);
    assert.deepEqual(short.body.errors.password.split('; '), ['must be at least 15 characters']);
    const common = await c.post('activation', { token, password: 'PasswordPassword' });
    assert.equal(common.status, 400);
    assert.deepEqual(common.body.errors.password.split('; '), ['is a commonly used password: choose one that is harder to guess']);
    const both = await c.post('activation', { token, password: 'qwerty' });
    assert.deepEqual(both.body.errors.password.split('; '), ['must be at least 15 characters', 'is a commonly used password: choose one that is harder to guess']);
    // all lower case, no digits, no symbols: fine under NIST
    const ok = await c.post('activation', { token, password: recordSecret('plum orchard lantern river') });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });
});
