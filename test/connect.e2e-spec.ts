import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { WebAuthnCredential } from '../server/src/identities/webauthn-credential.entity.js';
import { newId } from '../server/src/database/db.service.js';
import { AGENT, createTestApp, DEMO_PASSWORD, recordSecret, type StaffClient, type TestApp } from './create-test-app.js';
import { ConnectClient, OATHTOOL, ONE_TIME_CODE, base32Decode, independentTotp, issueCodeViaApi, makeIdentity, plantRecoveryCode, randomOneTimeCode, rfc6238, secretFromUri } from './support/connect.js';
import { base32Encode, verifyTotp } from '../server/src/identities/totp.js';
import { hashOneTimeCode } from '../server/src/common/crypto.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { RecoveryCode } from '../server/src/recovery/recovery-code.entity.js';
import { Ticket } from '../server/src/tickets/ticket.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { deliveredText } from './support/outbox.js';
import { Session } from '../server/src/staff-auth/session.entity.js';
import { RATE_LIMIT_DEFAULTS } from '../server/src/config/app-config.js';

const ONE_TIME_CODE_MAX_FAILURES = RATE_LIMIT_DEFAULTS['one-time-code-failures'].limit;
const ONE_TIME_CODE_COOLDOWN_MINUTES = RATE_LIMIT_DEFAULTS['one-time-code-failures'].windowSeconds / 60;

/** RFC 6238 appendix B, SHA-1 column (8 digits, ASCII secret 12345678901234567890, 30 s). */
const RFC6238_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));

describe('TOTP verification path: RFC 6238 test vectors', () => {
  it('the vectors verify (8 digits, SHA-1) at their time step, and a changed digit does not', async () => {
    assert.equal(RFC_SECRET, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const [time, code] of RFC6238_VECTORS) {
      assert.equal(await verifyTotp(RFC_SECRET, code, time * 1000, null, 8), Math.floor(time / 30), `vector at ${time}`);
      const wrong = code.slice(0, 7) + String((Number(code[7]) + 1) % 10);
      assert.equal(await verifyTotp(RFC_SECRET, wrong, time * 1000, null, 8), null, `altered vector at ${time}`);
      // a code is accepted once: the step itself (or an earlier one) as afterStep refuses it
      assert.equal(await verifyTotp(RFC_SECRET, code, time * 1000, Math.floor(time / 30), 8), null);
    }
  });

  it('accepts one step of clock drift each way, not two', async () => {
    const t = 1234567890;
    assert.equal(await verifyTotp(RFC_SECRET, '89005924', (t + 30) * 1000, null, 8), Math.floor(t / 30));
    assert.equal(await verifyTotp(RFC_SECRET, '89005924', (t - 30) * 1000, null, 8), Math.floor(t / 30));
    assert.equal(await verifyTotp(RFC_SECRET, '89005924', (t + 60) * 1000, null, 8), null);
    assert.equal(await verifyTotp(RFC_SECRET, '89005924', (t - 60) * 1000, null, 8), null);
  });

  it('the independent code generator used below agrees with the RFC (and with oathtool when installed)', () => {
    for (const [time, code] of RFC6238_VECTORS) assert.equal(rfc6238(Buffer.from('12345678901234567890'), time, 8), code);
    assert.deepEqual(base32Decode(RFC_SECRET), Buffer.from('12345678901234567890'));
    if (existsSync(OATHTOOL)) {
      for (const [time, code] of RFC6238_VECTORS.slice(0, 5)) assert.equal(independentTotp(RFC_SECRET, time * 1000, 8), code);
      const v = spawnSync(OATHTOOL, ['--version'], { encoding: 'utf8' });
      assert.equal(v.status, 0);
    }
  });
});

describe('Visma Connect sign-in and the one-time code', () => {
  let t: TestApp;
  let agent: StaffClient;
  let n = 0;
  const email = (tag: string) => `${tag}.${++n}@northwind.test`;
  const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');
  const secrets: string[] = [];

  before(async () => {
    // The per-address limits (RATE_LIMITS) would stop the 50-request races here; test/rate-limits.e2e-spec.ts covers them.
    // KDF_QUEUE*: the race tests sign 50 people in at once to set up; past the default queue (2 + 32) they would get 503 SERVER_BUSY.
    t = await createTestApp({ env: { RATE_LIMITS: 'one-time-code=0,connect-sign-in=0', KDF_QUEUE: '64', KDF_QUEUE_TIMEOUT_MS: '300000' } });
    agent = await t.signIn(AGENT);
  });
  after(async () => t.close());

  const identityRow = (id: string) => t.ds.getRepository(Identity).findOneByOrFail({ id });
  const nextCode = (secret: string) => {
    t.clock.advanceSeconds(30);
    return independentTotp(secret, t.clock.nowMs());
  };

  it('signs in with the password and an authenticator code computed independently; the cookie is its own', async () => {
    const who = await makeIdentity(t, email('tess'), { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    const c = new ConnectClient(t);
    const r1 = await c.post('sign-in', { email: who.email.toUpperCase(), password: DEMO_PASSWORD });
    assert.equal(r1.status, 200, JSON.stringify(r1.body));
    assert.deepEqual(r1.body.factors, ['totp', 'one-time-code']);
    assert.equal(r1.body.next, 'second-factor');
    assert.ok(r1.body.challenge.length >= 40);
    assert.equal(c.lastSetCookie(r1), undefined, 'no session before the second factor');
    const r2 = await c.post('sign-in/totp', { challenge: r1.body.challenge, code: nextCode(SECRET) });
    assert.equal(r2.status, 200, JSON.stringify(r2.body));
    assert.equal(r2.body.next, 'signed-in');
    const cookie = c.lastSetCookie(r2)!;
    assert.match(cookie, /^connect_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    const me = await c.get('me');
    assert.equal(me.status, 200);
    assert.equal(me.body.identity.email, who.email);
    assert.equal(me.body.stage, 'signed-in');
    // the pages' first question: 200 with the same answer as /me, and 200 without a session (no failing request)
    const session = await c.get('session');
    assert.equal(session.status, 200);
    assert.deepEqual(session.body, { signedIn: true, me: me.body });
    for (const cookie of [undefined, agent.cookie, 'connect_session=not-a-session']) {
      const anonymous = cookie ? await t.http.get('/api/connect/session').set('Cookie', cookie) : await t.http.get('/api/connect/session');
      assert.equal(anonymous.status, 200);
      assert.deepEqual(anonymous.body, { signedIn: false, me: null });
    }
    // Connect sessions are not staff sessions, and the other way round
    assert.equal((await t.http.get('/api/auth/me').set('Cookie', c.cookie!.replace('connect_session', 'ad_session'))).status, 401);
    assert.equal((await t.http.get('/api/connect/me').set('Cookie', agent.cookie)).status, 401);
    const stored = await t.ds.getRepository(Session).findOneByOrFail({ identityId: who.id, kind: 'connect' });
    assert.notEqual(stored.id, c.cookie!.split('=')[1], 'only the hash of the token is stored');
  });

  it('refuses a replayed authenticator code; the next one works', async () => {
    const who = await makeIdentity(t, email('rey'), { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    const c = new ConnectClient(t);
    const code = nextCode(SECRET);
    assert.equal((await c.post('sign-in/totp', { challenge: await c.challenge(who.email), code })).status, 200);
    const replay = await c.post('sign-in/totp', { challenge: await c.challenge(who.email), code });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.code, 'INVALID_CREDENTIALS');
    assert.equal((await c.post('sign-in/totp', { challenge: await c.challenge(who.email), code: nextCode(SECRET) })).status, 200);
  });

  it('never tells whether an e-mail has an account: unknown, wrong password, invited and disabled answer alike', async () => {
    await makeIdentity(t, 'invited.person@northwind.test', { status: 'invited', password: null });
    await makeIdentity(t, 'disabled.person@northwind.test', { status: 'disabled', totpSecret: SECRET });
    const ask = async (e: string, p = DEMO_PASSWORD) => {
      const started = process.hrtime.bigint();
      const r = await t.http.post('/api/connect/sign-in').send({ email: e, password: p });
      return { r, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const unknown = await ask('nobody.here@northwind.test');
    const wrong = await ask('anna.virtanen@northwind.test', 'Wrong-Password-1!');
    const invited = await ask('invited.person@northwind.test');
    const disabled = await ask('disabled.person@northwind.test');
    for (const x of [unknown, wrong, invited, disabled]) {
      assert.equal(x.r.status, 401);
      assert.deepEqual(x.r.body, wrong.r.body);
      assert.equal(x.r.headers['set-cookie'], undefined);
    }
    // The KDF runs for unknown accounts too: no fast path that a stopwatch could see.
    const times = { unknown: [] as number[], wrong: [] as number[] };
    for (let i = 0; i < 3; i++) {
      times.unknown.push((await ask(`ghost${i}@northwind.test`)).ms);
      times.wrong.push((await ask('carla.berg@northwind.test', `Wrong-${i}!`)).ms);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
    assert.ok(median(times.unknown) > median(times.wrong) * 0.3, `unknown ${median(times.unknown)} ms vs wrong password ${median(times.wrong)} ms`);
  });

  it('a one-time code needs the right password first, and only for its own identity', async () => {
    const who = await makeIdentity(t, email('otto'), { totpSecret: SECRET });
    const other = await makeIdentity(t, email('olga'), { totpSecret: SECRET });
    const { code } = await plantRecoveryCode(t, who);
    const c = new ConnectClient(t);
    const wrongPassword = await c.post('sign-in', { email: who.email, password: 'Not-The-Password-1!' });
    assert.equal(wrongPassword.status, 401);
    assert.equal(wrongPassword.body.challenge, undefined);
    // without a challenge from a correct password, the code alone is refused
    for (const challenge of ['made-up-challenge', 'x'.repeat(43)]) {
      const r = await c.post('sign-in/one-time-code', { challenge, code });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'INVALID_CREDENTIALS');
    }
    // another person's correct password does not unlock this person's code
    const r = await c.post('sign-in/one-time-code', { challenge: await c.challenge(other.email), code });
    assert.equal(r.status, 401);
    const row = await t.ds.getRepository(RecoveryCode).findOneByOrFail({ identityId: who.id });
    assert.equal(row.status, 'active', 'refused attempts do not use the code up');
    // the right password, then the code: lower case and without dashes is the same code
    const ok = await c.post('sign-in/one-time-code', { challenge: await c.challenge(who.email), code: code.replace(/-/g, '').toLowerCase() });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body, { next: 'choose-loss-type' });
    assert.equal(c.cookie, null, 'no session until the loss type is chosen');
    assert.equal((await t.ds.getRepository(RecoveryCode).findOneByOrFail({ identityId: who.id })).status, 'redeemed');
  });

  it('malformed input is a 400 that names the field', async () => {
    const r = await t.http.post('/api/connect/sign-in/one-time-code').send({ challenge: 'abc', code: 42, extra: true });
    assert.equal(r.status, 400);
    assert.ok(r.body.errors.code);
    assert.ok(r.body.errors.extra);
    const lost = await t.http.post('/api/connect/recovery/lost').send({ challenge: 'abc', permanently: 'yes' });
    assert.equal(lost.status, 400);
    assert.ok(lost.body.errors.permanently);
  });

  it('redeems a customer-service code exactly once under 50 concurrent requests', async () => {
    const who = await makeIdentity(t, email('race'), { totpSecret: SECRET });
    const { code, codeId } = await plantRecoveryCode(t, who);
    const clients = Array.from({ length: 50 }, () => new ConnectClient(t));
    const challenges = await Promise.all(clients.map((c) => c.challenge(who.email)));
    const results = await Promise.all(clients.map((c, i) => c.post('sign-in/one-time-code', { challenge: challenges[i], code })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses: ${statuses.join(',')}`);
    assert.ok(statuses.every((s) => s === 200 || s === 401 || s === 429), statuses.join(','));
    const row = await t.ds.getRepository(RecoveryCode).findOneByOrFail({ id: codeId });
    assert.equal(row.status, 'redeemed');
    assert.equal(await t.ds.getRepository(AuditEvent).countBy({ action: 'recovery-code.redeemed', targetId: codeId }), 1);
  });

  it('the emergency code works once, also when sent twenty times at once on one challenge', async () => {
    const emergency = randomOneTimeCode();
    const who = await makeIdentity(t, email('emma'), { totpSecret: SECRET, emergencyCode: emergency });
    const c = new ConnectClient(t);
    const challenge = await c.challenge(who.email);
    const results = await Promise.all(Array.from({ length: 20 }, () => t.http.post('/api/connect/sign-in/one-time-code').send({ challenge, code: emergency })));
    assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.status).join(','));
    assert.equal((await identityRow(who.id)).emergencyCodeHash, null);
    const again = await c.post('sign-in/one-time-code', { challenge: await c.challenge(who.email), code: emergency });
    assert.ok(again.status === 401 || again.status === 429);
  });

  it(`after ${ONE_TIME_CODE_MAX_FAILURES} wrong one-time codes the identity cools down, even for the right code`, async () => {
    const who = await makeIdentity(t, email('lock'), { totpSecret: SECRET });
    const { code } = await plantRecoveryCode(t, who, 24 * 60);
    const c = new ConnectClient(t);
    const challenge = await c.challenge(who.email);
    for (let i = 1; i <= ONE_TIME_CODE_MAX_FAILURES; i++) {
      const r = await c.post('sign-in/one-time-code', { challenge, code: randomOneTimeCode() });
      assert.equal(r.status, i < ONE_TIME_CODE_MAX_FAILURES ? 401 : 429, `attempt ${i}`);
    }
    const locked = await c.post('sign-in/one-time-code', { challenge, code });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.code, 'TOO_MANY_REQUESTS');
    assert.ok(Number(locked.headers['retry-after']) > 0);
    assert.ok((await identityRow(who.id)).oneTimeCodeLockedUntil);
    assert.equal(await t.ds.getRepository(AuditEvent).countBy({ action: 'one-time-code.locked', targetId: who.id }), 1);
    t.clock.advanceSeconds(ONE_TIME_CODE_COOLDOWN_MINUTES * 60 + 1);
    const ok = await c.post('sign-in/one-time-code', { challenge: await c.challenge(who.email), code });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

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

  it('session and stage rules: no session → 401, the wrong step → 409, signed out → 401', async () => {
    const anon = new ConnectClient(t);
    for (const path of ['enrolment/totp', 'enrolment/totp/confirm', 'enrolment/emergency-code/acknowledge', 'sign-out']) {
      const r = await anon.post(path, path.endsWith('confirm') ? { code: '123456' } : path.endsWith('acknowledge') ? { stored: true } : {});
      assert.equal(r.status, 401, path);
      assert.equal(r.body.code, 'CONNECT_SESSION_REQUIRED', path);
    }
    const who = await makeIdentity(t, email('stage'), { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    const c = new ConnectClient(t);
    assert.equal((await c.post('sign-in/totp', { challenge: await c.challenge(who.email), code: nextCode(SECRET) })).status, 200);
    const wrongStage = await c.post('enrolment/totp');
    assert.equal(wrongStage.status, 409);
    assert.equal(wrongStage.body.code, 'WRONG_STAGE');
    assert.equal((await identityRow(who.id)).totpSecretEnc, who.totpSecretEnc, 'a signed-in session cannot replace the authenticator');
    const out = await c.post('sign-out');
    assert.equal(out.status, 200);
    assert.equal((await t.http.get('/api/connect/me').set('Cookie', `connect_session=${'x'}`)).status, 401);
    assert.equal(c.cookie, null);
  });

  it('cross-site requests are refused: JSON only, same origin only', async () => {
    const body = { email: 'anna.virtanen@northwind.test', password: 'wrong' };
    const form = await t.http.post('/api/connect/sign-in').type('form').send(body);
    assert.equal(form.status, 415);
    const text = await t.http.post('/api/connect/sign-in').set('Content-Type', 'text/plain').send(JSON.stringify(body));
    assert.equal(text.status, 415);
    const foreign = await t.http.post('/api/connect/sign-in').set('Origin', 'https://evil.example').send(body);
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.code, 'CSRF_REQUIRED');
    const opaque = await t.http.post('/api/connect/sign-in').set('Origin', 'null').send(body);
    assert.equal(opaque.status, 403);
    const crossSite = await t.http.post('/api/connect/sign-in').set('Sec-Fetch-Site', 'cross-site').send(body);
    assert.equal(crossSite.status, 403);
    const sameOrigin = await t.http.post('/api/connect/sign-in').set('Host', 'connect.example').set('Origin', 'http://connect.example').set('Sec-Fetch-Site', 'same-origin').send(body);
    assert.equal(sameOrigin.status, 401, 'passes the origin rule, then the password is wrong');
    const noBodyForm = await t.http.post('/api/connect/sign-out').set('Content-Type', 'application/x-www-form-urlencoded');
    assert.equal(noBodyForm.status, 415);
  });

  it('serves the pages outside /api, under the same CSP', async () => {
    for (const path of ['/connect', '/connect/enrol', '/connect/activate?token=abc']) {
      const r = await t.http.get(path);
      assert.ok(r.status === 200 || r.status === 503, `${path}: ${r.status}`);
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
      if (r.status === 200) assert.match(r.text, /connect-root/);
    }
    assert.equal((await t.http.get('/api/connect')).status, 404);
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
