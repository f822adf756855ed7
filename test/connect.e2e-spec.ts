/**
 * Visma Connect sign-in: password and authenticator code, replay, no account oracle, the one-time code and the emergency
 * code (also under concurrent requests), the cool-down, session and stage rules, cross-site refusals, the pages. The RFC 6238
 * vectors: connect-totp; the lost-phone journeys: connect-lost-phone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, type StaffClient, type TestApp } from './create-test-app.js';
import { ConnectClient, makeIdentity, plantRecoveryCode, randomOneTimeCode } from './support/connect.js';
import { RecoveryCode } from '../server/src/recovery/recovery-code.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { Session } from '../server/src/staff-auth/session.entity.js';
import { RATE_LIMIT_DEFAULTS } from '../server/src/config/app-config.js';
import { connectHelpers, SECRET, startConnectApp } from './support/connect-spec.js';

const ONE_TIME_CODE_MAX_FAILURES = RATE_LIMIT_DEFAULTS['one-time-code-failures'].limit;
const ONE_TIME_CODE_COOLDOWN_MINUTES = RATE_LIMIT_DEFAULTS['one-time-code-failures'].windowSeconds / 60;

describe('Visma Connect sign-in and the one-time code', () => {
  let t: TestApp;
  let agent: StaffClient;
  const { email, identityRow, nextCode } = connectHelpers(() => t);

  before(async () => {
    ({ t, agent } = await startConnectApp());
  });
  after(async () => t.close());

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
});
