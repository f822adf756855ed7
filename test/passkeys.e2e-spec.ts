import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, recordSecret, SUPERVISOR, type TestApp } from './create-test-app.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { ConnectClient, independentTotp, makeIdentity, randomOneTimeCode, secretFromUri } from './support/connect.js';
import { SoftAuthenticator } from './support/webauthn.js';
import { WebAuthnCredential } from '../server/src/identities/webauthn-credential.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { Identity } from '../server/src/identities/identity.entity.js';

/** Passkeys and security keys (WebAuthn): registration, second factor, password-less sign-in, list/rename/remove, refusals. */
describe('Passkeys and security keys (WebAuthn)', () => {
  let t: TestApp;
  let origin: string;
  const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLA');
  let n = 0;
  const email = (who: string) => `${who}.${++n}@passkeys.test`;

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: 'connect-sign-in=0/60,one-time-code=0/60' } });
    origin = `http://localhost:${t.config.port}`;
  });
  after(async () => t.close());

  const code = () => {
    t.clock.advanceSeconds(30);
    return independentTotp(SECRET, t.clock.nowMs());
  };

  /** A person with an authenticator app, signed in (the sign-in's second factor counts as a fresh step-up). */
  async function signedIn(who = email('p'), setup: Parameters<typeof makeIdentity>[2] = { totpSecret: SECRET, emergencyCode: randomOneTimeCode() }) {
    const identity = await makeIdentity(t, who, setup);
    const c = new ConnectClient(t);
    const r = await c.post('sign-in/totp', { challenge: await c.challenge(who), code: code() });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { c, identity };
  }

  async function register(c: ConnectClient, auth: SoftAuthenticator, name = 'This laptop') {
    const o = await c.post('passkeys/registration/options');
    assert.equal(o.status, 200, JSON.stringify(o.body));
    const v = await c.post('passkeys/registration/verify', { response: auth.register(o.body), name });
    assert.equal(v.status, 200, JSON.stringify(v.body));
    return v.body;
  }

  it('registers a platform passkey: options from PUBLIC_URL/localhost, attestation none, discoverable; stored, audited and e-mailed', async () => {
    const { c, identity } = await signedIn();
    const o = await c.post('passkeys/registration/options');
    assert.equal(o.status, 200, JSON.stringify(o.body));
    assert.equal(o.body.rp.id, 'localhost');
    assert.equal(o.body.rp.name, 'Visma Connect');
    assert.equal(o.body.attestation, 'none');
    assert.equal(o.body.authenticatorSelection.residentKey, 'preferred');
    assert.equal(o.body.user.name, identity.email);
    assert.ok(o.body.challenge.length >= 43, '32 random bytes');
    const auth = new SoftAuthenticator(origin, { transports: ['internal', 'hybrid'], backupEligible: true });
    const v = await c.post('passkeys/registration/verify', { response: auth.register(o.body), name: '  This   laptop ' });
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.equal(v.body.name, 'This laptop');
    assert.equal(v.body.kind, 'passkey');
    assert.equal(v.body.deviceType, 'multiDevice');
    assert.equal(v.body.backedUp, true);
    assert.deepEqual(v.body.transports, ['internal', 'hybrid']);
    const row = await t.ds.getRepository(WebAuthnCredential).findOneByOrFail({ identityId: identity.id });
    assert.equal(row.credentialId, auth.credentials[0].id);
    assert.equal(row.counter, 0);
    assert.ok(row.publicKey.length > 50);
    assert.equal(row.lastUsedAt, null);
    const ev = await t.ds.getRepository(AuditEvent).findOneByOrFail({ action: 'passkey.registered', targetId: identity.id });
    assert.equal(ev.actorId, identity.id);
    const mail = await t.ds.getRepository(OutboxMessage).findBy({ identityId: identity.id, kind: 'connect.security.passkey.registered' });
    assert.equal(mail.length, 1);
    assert.equal(mail[0].recipient, identity.email);
    assert.match(mail[0].body, /This laptop/);
    // listed
    const list = await c.get('passkeys');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((p: { name: string }) => p.name), ['This laptop']);
  });

  it('refuses a replayed registration, another origin, a bad name, an expired challenge, and registration without a session or step-up', async () => {
    const { c } = await signedIn();
    const auth = new SoftAuthenticator(origin, { transports: ['usb'], attachment: 'cross-platform' });
    const o = await c.post('passkeys/registration/options');
    const response = auth.register(o.body);
    assert.equal((await c.post('passkeys/registration/verify', { response, name: '' })).status, 400, 'a name is required');
    // the failed call above did not spend the challenge (names are checked first)
    const ok = await c.post('passkeys/registration/verify', { response, name: 'YubiKey' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.kind, 'security-key');
    const replay = await c.post('passkeys/registration/verify', { response, name: 'YubiKey' });
    assert.equal(replay.status, 409, 'the challenge was answered once');

    const o2 = await c.post('passkeys/registration/options');
    const evil = await c.post('passkeys/registration/verify', { response: auth.register(o2.body, { origin: 'https://evil.example' }), name: 'Evil' });
    assert.equal(evil.status, 400);
    assert.equal(evil.body.errors.response, 'is not a valid answer to this registration');

    const o3 = await c.post('passkeys/registration/options');
    t.clock.advanceSeconds(5 * 60 + 1);
    const stale = await c.post('passkeys/registration/verify', { response: auth.register(o3.body), name: 'Late' });
    assert.equal(stale.status, 403, 'step-up expired too');
    assert.equal(stale.body.code, 'CONNECT_STEP_UP_REQUIRED');
    assert.equal((await c.post('step-up', { method: 'totp', code: code() })).status, 200);
    const expired = await c.post('passkeys/registration/verify', { response: auth.register(o3.body), name: 'Late' });
    assert.equal(expired.status, 400);
    assert.match(expired.body.errors.response, /expired/);

    assert.equal((await new ConnectClient(t).post('passkeys/registration/options')).status, 401);
    assert.equal((await c.post('passkeys/registration/verify', { response: 'nope', name: 'x' })).status, 400);
    assert.equal(await t.ds.getRepository(WebAuthnCredential).countBy({ name: 'Evil' }), 0);
  });

  it('signs in as the second factor after the password; the counter moves forward; a replayed answer and a cloned key (counter back) are refused', async () => {
    const { c, identity } = await signedIn();
    const key = new SoftAuthenticator(origin, { transports: ['usb'], attachment: 'cross-platform' });
    await register(c, key, 'YubiKey');
    await c.post('sign-out');

    const s = new ConnectClient(t);
    const pw = await s.post('sign-in', { email: identity.email, password: 'Demo-Password-1!' });
    assert.equal(pw.status, 200);
    assert.deepEqual(pw.body.factors, ['passkey', 'totp', 'one-time-code']);
    const o = await s.post('sign-in/passkey/options', { challenge: pw.body.challenge });
    assert.equal(o.status, 200, JSON.stringify(o.body));
    assert.equal(o.body.challenge, pw.body.challenge);
    assert.deepEqual(o.body.options.allowCredentials.map((x: { id: string }) => x.id), [key.credentials[0].id]);
    const answer = key.assert(o.body.options);
    const v = await s.post('sign-in/passkey/verify', { challenge: pw.body.challenge, response: answer });
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.equal(v.body.next, 'signed-in');
    assert.equal((await s.get('me')).body.stage, 'signed-in');
    const row = await t.ds.getRepository(WebAuthnCredential).findOneByOrFail({ identityId: identity.id });
    assert.equal(row.counter, 1);
    assert.ok(row.lastUsedAt);
    const ev = await t.ds.getRepository(AuditEvent).find({ where: { action: 'connect.signed-in', targetId: identity.id } });
    assert.ok(ev.some((e) => (e.after as { method?: string })?.method === 'passkey'));

    // the same answer again: its challenge is spent
    const again = new ConnectClient(t);
    const pw2 = await again.post('sign-in', { email: identity.email, password: 'Demo-Password-1!' });
    assert.equal((await again.post('sign-in/passkey/verify', { challenge: pw2.body.challenge, response: answer })).status, 401);

    // a copy of the key whose counter is behind
    const o3 = await again.post('sign-in/passkey/options', { challenge: pw2.body.challenge });
    const clone = await again.post('sign-in/passkey/verify', { challenge: pw2.body.challenge, response: key.assert(o3.body.options, { counter: 1 }) });
    assert.equal(clone.status, 401);
    assert.equal(clone.body.code, 'PASSKEY_COUNTER_REPLAY');
    assert.equal((await t.ds.getRepository(WebAuthnCredential).findOneByOrFail({ identityId: identity.id })).counter, 1);
    assert.equal(await t.ds.getRepository(AuditEvent).countBy({ action: 'passkey.counter-replayed', targetId: identity.id }), 1);
    assert.equal(await t.ds.getRepository(OutboxMessage).countBy({ identityId: identity.id, kind: 'connect.passkey-clone-suspected' }), 1);
    const fresh = await t.ds.getRepository(Identity).findOneByOrFail({ id: identity.id });
    assert.ok(fresh.failedSignIns >= 2, 'failures count towards the lockout');

    // an expired options call
    const late = new ConnectClient(t);
    const pw3 = await late.post('sign-in', { email: identity.email, password: 'Demo-Password-1!' });
    const o4 = await late.post('sign-in/passkey/options', { challenge: pw3.body.challenge });
    t.clock.advanceSeconds(5 * 60 + 1);
    assert.equal((await late.post('sign-in/passkey/verify', { challenge: pw3.body.challenge, response: key.assert(o4.body.options) })).status, 401);
    // without the password's challenge, another person's key does not help
    const other = await signedIn();
    const otherKey = new SoftAuthenticator(origin);
    await register(other.c, otherKey);
    const pw4 = await late.post('sign-in', { email: identity.email, password: 'Demo-Password-1!' });
    const o5 = await late.post('sign-in/passkey/options', { challenge: pw4.body.challenge });
    assert.equal((await late.post('sign-in/passkey/verify', { challenge: pw4.body.challenge, response: otherKey.assert(o5.body.options) })).status, 401);
  });

  it('password-less: any discoverable passkey of this site signs its owner in, with user verification; one answer per challenge', async () => {
    const { c, identity } = await signedIn();
    const passkey = new SoftAuthenticator(origin, { transports: ['internal'] });
    await register(c, passkey);
    const s = new ConnectClient(t);
    const o = await s.post('sign-in/passkey/options', {});
    assert.equal(o.status, 200, JSON.stringify(o.body));
    assert.equal(o.body.options.userVerification, 'required');
    assert.deepEqual(o.body.options.allowCredentials ?? [], []);
    const answer = passkey.assert(o.body.options);
    const v = await s.post('sign-in/passkey/verify', { challenge: o.body.challenge, response: answer });
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.equal(v.body.identity.email, identity.email);
    assert.equal((await s.get('me')).body.identity.id, identity.id);
    assert.equal((await new ConnectClient(t).post('sign-in/passkey/verify', { challenge: o.body.challenge, response: answer })).status, 401, 'replayed');

    // no user verification (a key without PIN or biometrics): not enough on its own
    const noUv = new SoftAuthenticator(origin, { userVerification: false, transports: ['usb'] });
    await c.post('step-up', { method: 'totp', code: code() });
    await register(c, noUv, 'Key without PIN');
    const o2 = await s.post('sign-in/passkey/options', {});
    assert.equal((await s.post('sign-in/passkey/verify', { challenge: o2.body.challenge, response: noUv.assert(o2.body.options) })).status, 401);
    // an unknown credential, a wrong user handle
    const stranger = new SoftAuthenticator(origin);
    stranger.register({ challenge: 'x', rp: { id: 'localhost' }, user: { id: 'someone' } });
    const o3 = await s.post('sign-in/passkey/options', {});
    assert.equal((await s.post('sign-in/passkey/verify', { challenge: o3.body.challenge, response: stranger.assert(o3.body.options) })).status, 401);
    const o4 = await s.post('sign-in/passkey/options', {});
    const forged = { ...passkey.assert(o4.body.options) };
    forged.response = { ...forged.response, userHandle: Buffer.from('another-identity').toString('base64url') };
    assert.equal((await s.post('sign-in/passkey/verify', { challenge: o4.body.challenge, response: forged })).status, 401);
    // a disabled identity cannot sign in with its passkey
    await t.db.tx((m) => m.getRepository(Identity).update({ id: identity.id }, { status: 'disabled' }));
    const o5 = await s.post('sign-in/passkey/options', {});
    assert.equal((await s.post('sign-in/passkey/verify', { challenge: o5.body.challenge, response: passkey.assert(o5.body.options) })).status, 401);
  });

  it('rename and remove need a fresh step-up; the last way to sign in cannot be removed; other people’s keys are 404', async () => {
    const { c, identity } = await signedIn();
    const key = new SoftAuthenticator(origin, { transports: ['usb'] });
    const pk = await register(c, key, 'YubiKey');
    t.clock.advanceSeconds(6 * 60);
    const noStepUp = await c.request('PATCH', `passkeys/${pk.id}`, { name: 'Blue YubiKey' });
    assert.equal(noStepUp.status, 403);
    assert.equal(noStepUp.body.code, 'CONNECT_STEP_UP_REQUIRED');
    assert.equal((await c.request('DELETE', `passkeys/${pk.id}`)).status, 403);
    // step-up with the passkey itself
    const so = await c.post('step-up/start', { method: 'passkey' });
    assert.equal(so.status, 200, JSON.stringify(so.body));
    const su = await c.post('step-up', { method: 'passkey', response: key.assert(so.body.options) });
    assert.equal(su.status, 200, JSON.stringify(su.body));
    assert.ok(su.body.steppedUpUntil);
    const renamed = await c.request('PATCH', `passkeys/${pk.id}`, { name: 'Blue YubiKey' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.name, 'Blue YubiKey');
    assert.equal(await t.ds.getRepository(AuditEvent).countBy({ action: 'passkey.renamed', targetId: identity.id }), 1);

    const other = await signedIn();
    assert.equal((await other.c.request('DELETE', `passkeys/${pk.id}`)).status, 404);
    assert.equal((await other.c.request('PATCH', `passkeys/${pk.id}`, { name: 'Mine' })).status, 404);

    // remove the authenticator app: the passkey remains; then the passkey is the last way and stays
    assert.equal((await c.request('DELETE', 'settings/methods/totp')).status, 200);
    const last = await c.request('DELETE', `passkeys/${pk.id}`);
    assert.equal(last.status, 409);
    assert.equal(last.body.code, 'LAST_SECOND_FACTOR');
    assert.equal(await t.ds.getRepository(WebAuthnCredential).countBy({ identityId: identity.id }), 1);
    // with a second key the first one goes
    const key2 = new SoftAuthenticator(origin);
    const pk2 = await register(c, key2, 'Phone');
    const gone = await c.request('DELETE', `passkeys/${pk.id}`);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    assert.equal(await t.ds.getRepository(AuditEvent).countBy({ action: 'passkey.removed', targetId: identity.id }), 1);
    assert.equal(await t.ds.getRepository(OutboxMessage).countBy({ identityId: identity.id, kind: 'connect.security.passkey.removed' }), 1);
    assert.deepEqual((await c.get('passkeys')).body.map((p: { id: string }) => p.id), [pk2.id]);
  });

  it('the desk sees every passkey with name, kind and last use', async () => {
    const { c, identity } = await signedIn();
    await register(c, new SoftAuthenticator(origin, { transports: ['usb'] }), 'YubiKey 5');
    const agent = await t.signIn(AGENT);
    const r = await agent.get(`/api/identities/${identity.id}/second-factors`);
    assert.equal(r.status, 200);
    assert.equal(r.body.passkeys.length, 1);
    assert.equal(r.body.passkeys[0].name, 'YubiKey 5');
    assert.equal(r.body.passkeys[0].kind, 'security-key');
    assert.equal(r.body.passkeys[0].lastUsedAt, null);
    assert.ok(!JSON.stringify(r.body).includes('publicKey'));
    const method = r.body.methods.find((m: { method: string }) => m.method === 'passkey');
    assert.equal(method.enrolled, true);
    assert.match(method.detail, /YubiKey 5 \(security key\)/);
  });

  it('Customer Portal activation offers a passkey after the authenticator (no step-up needed there), and not before', async () => {
    const supervisor = await t.signIn(SUPERVISOR);
    const org = await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' });
    const who = email('new');
    assert.equal((await supervisor.post('/api/identities/invite', { email: who, name: 'New Person', organizationId: org.id })).status, 202);
    assert.equal(await t.ds.getRepository(OutboxMessage).countBy({ recipient: who, kind: 'identity.activation' }), 1);
    await t.app.get(OutboxService).deliverPending();
    const mail = t.mail.sent.find((m) => m.to === who && /token=/.test(m.body));
    assert.ok(mail, 'the activation mail was delivered');
    const token = recordSecret(decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(mail.body)![1]));
    const c = new ConnectClient(t);
    assert.equal((await c.post('activation', { token, password: 'New-Password-1!' })).status, 200);
    assert.equal((await c.post('passkeys/registration/options')).status, 409, 'the authenticator comes first');
    const e = await c.post('enrolment/totp');
    t.clock.advanceSeconds(30);
    assert.equal((await c.post('enrolment/totp/confirm', { code: independentTotp(secretFromUri(e.body.otpauthUri), t.clock.nowMs()) })).body.next, 'add-phone');
    t.clock.advanceSeconds(10 * 60);
    const pk = await register(c, new SoftAuthenticator(origin), 'This laptop');
    assert.equal(pk.kind, 'passkey');
    assert.equal((await c.get('me')).body.stage, 'add-phone', 'the SMS step is still offered');
  });
});

