/**
 * Visma Authenticator push with number matching (issue 14): device enrolment with step-up, device-signed requests
 * (timestamp + nonce), signed answers, wrong numbers, reports, expiry, replays and push fatigue.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, DEMO_PASSWORD, recordSecret, type TestApp } from './create-test-app.js';
import { ConnectClient, independentTotp, makeIdentity, randomOneTimeCode } from './support/connect.js';
import { TestDevice } from './support/push-device.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { AuthenticatorDevice } from '../server/src/connect/authenticator.entity.js';
import { hashOneTimeCode } from '../server/src/common/crypto.js';

describe('Visma Authenticator push with number matching', () => {
  let t: TestApp;
  let n = 0;
  const email = (tag: string) => `${tag}.push${++n}@northwind.test`;
  const SECRET = recordSecret('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');

  before(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: 'one-time-code=0,connect-sign-in=0' } });
  });
  after(async () => t.close());

  const nextCode = () => {
    t.clock.advanceSeconds(30);
    return independentTotp(SECRET, t.clock.nowMs());
  };
  const identityRow = (id: string) => t.ds.getRepository(Identity).findOneByOrFail({ id });
  const audits = (identityId: string, action: string) => t.ds.getRepository(AuditEvent).findBy({ targetId: identityId, action });

  /** A person signed in with the authenticator app just now (a fresh second factor). */
  async function signedIn(tag: string) {
    const who = await makeIdentity(t, email(tag), { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    const c = new ConnectClient(t);
    const challenge = await c.challenge(who.email);
    const r = await c.post('sign-in/totp', { challenge, code: nextCode() });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { who, c };
  }

  /** A person with an enrolled device (the device object signs like the app). */
  async function withDevice(tag: string) {
    const { who, c } = await signedIn(tag);
    const e = await c.post('devices/enrolment');
    assert.equal(e.status, 200, JSON.stringify(e.body));
    const device = new TestDevice(t);
    const r = await device.enrol(e.body.enrolmentUri);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await c.post('sign-out');
    return { who, device };
  }

  async function pushFor(who: Identity) {
    const c = new ConnectClient(t);
    const r1 = await c.post('sign-in', { email: who.email, password: DEMO_PASSWORD });
    assert.equal(r1.status, 200);
    const r2 = await c.post('sign-in/push', { challenge: r1.body.challenge });
    return { c, challenge: r1.body.challenge as string, r1, r2 };
  }

  it('enrolment needs a fresh second factor; the link is single use, 10 minutes, and the device key a real P-256 public key', async () => {
    assert.equal((await new ConnectClient(t).post('devices/enrolment')).body.code, 'CONNECT_SESSION_REQUIRED');
    const { who, c } = await signedIn('enrol');
    t.clock.advanceSeconds(6 * 60);
    const late = await c.post('devices/enrolment');
    assert.equal(late.status, 403);
    assert.equal(late.body.code, 'CONNECT_STEP_UP_REQUIRED', 'more than 5 minutes after the second factor');

    const { c: c2 } = await signedIn('enrol2');
    const e = await c2.post('devices/enrolment');
    assert.equal(e.status, 200, JSON.stringify(e.body));
    assert.match(e.body.enrolmentUri, /\/connect\/authenticator#enrol=[A-Za-z0-9_-]{43}$/);
    assert.match(e.body.qrPngDataUrl, /^data:image\/png;base64,/);
    assert.equal(new Date(e.body.expiresAt).getTime() - t.clock.nowMs(), 10 * 60_000);
    const token = new URL(e.body.enrolmentUri).hash.slice('#enrol='.length);
    const device = new TestDevice(t);
    // bad keys: a private part, another curve, garbage coordinates
    for (const bad of [{ ...device.publicKeyJwk, d: 'AAAA' }, { ...device.publicKeyJwk, crv: 'P-384' }, { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) }, 'key']) {
      const r = await t.http.post('/api/authenticator/devices').send({ token, name: 'x', publicKeyJwk: bad });
      assert.equal(r.status, 400, JSON.stringify(bad));
    }
    const ok = await device.enrol(e.body.enrolmentUri, "Tess's phone");
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.match(ok.body.deviceId, /^[0-9a-f-]{36}$/);
    const again = await new TestDevice(t).enrol(e.body.enrolmentUri);
    assert.equal(again.status, 404, 'the link works once');
    assert.equal(again.body.code, 'LINK_INVALID');
    const list = await c2.get('devices');
    assert.deepEqual(list.body.map((d: { name: string }) => d.name), ["Tess's phone"]);

    // a second link expires after 10 minutes
    const e2 = await c2.post('devices/enrolment');
    t.clock.advanceSeconds(10 * 60 + 1);
    const expired = await new TestDevice(t).enrol(e2.body.enrolmentUri);
    assert.equal(expired.status, 410);
    assert.equal(expired.body.code, 'LINK_EXPIRED');
    // a new link replaces an unused one
    assert.equal(who.vismaAuthenticatorPush, false);
  });

  it('sign-in: the page gets a number, the device sees where and when with three numbers, approves with the right one, and the page signs in', async () => {
    const { who, device } = await withDevice('anna');
    assert.equal((await identityRow(who.id)).vismaAuthenticatorPush, true);
    const { c, challenge, r1, r2 } = await pushFor(who);
    assert.deepEqual(r1.body.factors, ['push', 'totp', 'one-time-code']);
    assert.equal(r2.status, 200, JSON.stringify(r2.body));
    const { pushId, number, expiresAt } = r2.body;
    assert.ok(number >= 10 && number <= 99);
    assert.equal(new Date(expiresAt).getTime() - t.clock.nowMs(), 60_000);

    const pending = await device.requests();
    assert.equal(pending.status, 200, JSON.stringify(pending.body));
    assert.equal(pending.body.length, 1);
    const p = pending.body[0];
    assert.equal(p.pushId, pushId);
    assert.equal(p.email, who.email);
    assert.equal(p.choices.length, 3);
    assert.equal(new Set(p.choices).size, 3);
    assert.ok(p.choices.includes(number));
    assert.ok('ip' in p.location && 'browser' in p.location);
    assert.ok(p.createdAt);

    const still = await c.post('sign-in/push/result', { challenge, pushId });
    assert.deepEqual(still.body, { status: 'pending', reason: null });
    assert.equal(c.lastSetCookie(still), undefined);

    const a = await device.answer(pushId, 'approve', number);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.deepEqual(a.body, { status: 'approved', reason: null });
    const replay = await device.answer(pushId, 'approve', number);
    assert.equal(replay.status, 409, 'an answer is accepted once');
    assert.equal(replay.body.code, 'PUSH_NOT_PENDING');

    const done = await c.post('sign-in/push/result', { challenge, pushId });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, 'approved');
    assert.equal(done.body.next, 'signed-in');
    assert.match(c.lastSetCookie(done)!, /^connect_session=/);
    assert.equal((await c.get('me')).body.stage, 'signed-in');
    // the challenge is spent: asking again does not make a second session
    assert.equal((await new ConnectClient(t).post('sign-in/push/result', { challenge, pushId })).status, 401);
    assert.equal((await audits(who.id, 'connect.push.approved')).length, 1);
    const signedIn = await audits(who.id, 'connect.signed-in');
    assert.equal((signedIn.at(-1)!.after as { method: string }).method, 'push');
    assert.ok((await t.ds.getRepository(AuthenticatorDevice).findOneByOrFail({ id: device.deviceId })).lastUsedAt);
  });

  it('the long poll answers as soon as the device approves', async () => {
    const { who, device } = await withDevice('poll');
    const { c, challenge, r2 } = await pushFor(who);
    const waiting = c.post('sign-in/push/result', { challenge, pushId: r2.body.pushId, waitSeconds: 10 });
    await new Promise((r) => setTimeout(r, 600));
    await device.answer(r2.body.pushId, 'approve', r2.body.number);
    const started = Date.now();
    const done = await waiting;
    assert.equal(done.body.status, 'approved', JSON.stringify(done.body));
    assert.ok(Date.now() - started < 5000);
  });

  it('device requests: a bad signature, another device key, a stale timestamp and a replayed nonce are refused alike', async () => {
    const { device } = await withDevice('sig');
    const other = new TestDevice(t);
    const expectRefused = (r: { status: number; body: { code: string } }, why: string) => {
      assert.equal(r.status, 401, why);
      assert.equal(r.body.code, 'DEVICE_SIGNATURE_INVALID', why);
    };
    expectRefused(await device.requests({ signer: other }), 'signed with another key');
    expectRefused(await device.requests({ timestamp: t.clock.nowMs() - 6 * 60_000 }), 'stale');
    expectRefused(await device.requests({ timestamp: t.clock.nowMs() + 6 * 60_000 }), 'from the future');
    expectRefused(await device.requests({ deviceId: '00000000-0000-4000-8000-000000000000' }), 'unknown device');
    const headers = device.headers();
    assert.equal((await t.http.get(`/api/authenticator/devices/${device.deviceId}/requests`).set(headers)).status, 200);
    expectRefused(await t.http.get(`/api/authenticator/devices/${device.deviceId}/requests`).set(headers), 'replayed nonce');
    expectRefused(await t.http.get(`/api/authenticator/devices/${device.deviceId}/requests`), 'no headers');
    // an address sending requests that fail verification is slowed down (60 a minute)
    let last = 0;
    for (let i = 0; i < 60 && last !== 429; i++) last = (await device.requests({ signer: other })).status;
    assert.equal(last, 429);
    t.clock.advanceSeconds(61);
    assert.equal((await device.requests()).status, 200, 'the window passes');
  });

  it('a wrong number is a denial and a failed attempt; deny is a denial; an answer signed by another key is refused', async () => {
    const { who, device } = await withDevice('wrong');
    const { c, challenge, r2 } = await pushFor(who);
    const choices: number[] = (await device.requests()).body[0].choices;
    const wrong = choices.find((x) => x !== r2.body.number)!;
    assert.equal((await device.answer(r2.body.pushId, 'approve', r2.body.number, new TestDevice(t))).status, 401, 'signed by a key that is not enrolled');
    const before = (await identityRow(who.id)).failedSignIns;
    const a = await device.answer(r2.body.pushId, 'approve', wrong);
    assert.deepEqual(a.body, { status: 'denied', reason: 'wrong-number' });
    assert.equal((await identityRow(who.id)).failedSignIns, before + 1, 'counts as a failed attempt');
    const failed = await audits(who.id, 'connect.sign-in.failed');
    assert.equal((failed.at(-1)!.after as { stage: string }).stage, 'push-wrong-number');
    const result = await c.post('sign-in/push/result', { challenge, pushId: r2.body.pushId });
    assert.deepEqual(result.body, { status: 'denied', reason: 'wrong-number' });
    assert.equal(c.lastSetCookie(result), undefined);

    const second = await c.post('sign-in/push', { challenge });
    const d = await device.answer(second.body.pushId, 'deny', 0);
    assert.deepEqual(d.body, { status: 'denied', reason: 'denied' });
    assert.equal((await c.post('sign-in/push/result', { challenge, pushId: second.body.pushId })).body.status, 'denied');
    // the other methods still work on the same challenge
    const totp = await c.post('sign-in/totp', { challenge, code: nextCode() });
    assert.equal(totp.status, 200, JSON.stringify(totp.body));
  });

  it('"report" refuses the sign-in, notifies the person by e-mail and writes an audit event', async () => {
    const { who, device } = await withDevice('report');
    const { c, challenge, r2 } = await pushFor(who);
    const r = await device.answer(r2.body.pushId, 'report', 0);
    assert.deepEqual(r.body, { status: 'reported', reason: 'reported' });
    assert.equal((await c.post('sign-in/push/result', { challenge, pushId: r2.body.pushId })).body.status, 'reported');
    const reported = await audits(who.id, 'connect.push.reported');
    assert.equal(reported.length, 1);
    assert.ok((reported[0].after as { ip: string | null }).ip !== undefined);
    const mail = await t.ds.getRepository(OutboxMessage).findBy({ identityId: who.id, kind: 'connect.push-reported' });
    assert.equal(mail.length, 1);
    assert.equal(mail[0].recipient, who.email);
    assert.match(mail[0].body, /change your password/);
  });

  it('an expired push cannot be approved; the device no longer lists it and the page learns it expired', async () => {
    const { who, device } = await withDevice('late');
    const { c, challenge, r2 } = await pushFor(who);
    t.clock.advanceSeconds(61);
    assert.deepEqual((await device.requests()).body, []);
    const a = await device.answer(r2.body.pushId, 'approve', r2.body.number);
    assert.equal(a.status, 409);
    assert.equal(a.body.code, 'PUSH_NOT_PENDING');
    assert.equal((await c.post('sign-in/push/result', { challenge, pushId: r2.body.pushId })).body.status, 'expired');
  });

  it('push fatigue: three unanswered pushes in 10 minutes pause pushes for 15 minutes; other methods keep working', async () => {
    const { who, device } = await withDevice('fatigue');
    const { c, challenge } = await pushFor(who);
    for (let i = 0; i < 2; i++) {
      t.clock.advanceSeconds(61);
      assert.equal((await c.post('sign-in/push', { challenge })).status, 200);
    }
    t.clock.advanceSeconds(61);
    const paused = await c.post('sign-in/push', { challenge });
    assert.equal(paused.status, 429, JSON.stringify(paused.body));
    assert.equal(paused.body.code, 'PUSH_PAUSED');
    const retry = Number(paused.headers['retry-after']);
    assert.ok(retry > 13 * 60 && retry <= 15 * 60, `Retry-After ${retry}`);
    assert.equal((await audits(who.id, 'connect.push.paused')).length, 1);
    // a new sign-in is paused too (per identity, not per challenge)
    assert.equal((await pushFor(who)).r2.status, 429);
    // another method works meanwhile
    assert.equal((await c.post('sign-in/totp', { challenge, code: nextCode() })).status, 200);
    t.clock.advanceSeconds(15 * 60);
    const again = await pushFor(who);
    assert.equal(again.r2.status, 200, 'the pause ends');
    // answered pushes do not count
    assert.equal((await device.answer(again.r2.body.pushId, 'deny', 0)).body.status, 'denied');
  });

  it('removes one device from the security settings: step-up first, only the person\'s own, never the last way to sign in; audited and e-mailed', async () => {
    const { who, c } = await signedIn('remove');
    const enrolOne = async (name: string) => {
      const e = await c.post('devices/enrolment');
      assert.equal(e.status, 200, JSON.stringify(e.body));
      const d = new TestDevice(t);
      assert.equal((await d.enrol(e.body.enrolmentUri, name)).status, 201);
      return d;
    };
    const phone = await enrolOne('Old phone');
    const tablet = await enrolOne('Tablet');
    await t.db.tx((m) => m.getRepository(Identity).update({ id: who.id }, { defaultSecondFactor: 'push' }));
    const devices = () => t.ds.getRepository(AuthenticatorDevice).countBy({ identityId: who.id });
    const mails = (kind: string) => t.ds.getRepository(OutboxMessage).countBy({ identityId: who.id, kind });

    // no session; not a device id; nobody's device; someone else's device
    assert.equal((await new ConnectClient(t).request('DELETE', `devices/${phone.deviceId}`)).body.code, 'CONNECT_SESSION_REQUIRED');
    assert.equal((await c.request('DELETE', `devices/${'x'.repeat(80)}`)).status, 404, 'not an id: nothing to find');
    assert.equal((await c.request('DELETE', 'devices/00000000-0000-4000-8000-000000000000')).status, 404);
    const { device: theirs } = await withDevice('other');
    const foreign = await c.request('DELETE', `devices/${theirs.deviceId}`);
    assert.equal(foreign.status, 404, 'another person\'s device is not found');
    assert.equal((await theirs.requests()).status, 200, 'and keeps working');

    // more than 5 minutes after the second factor: step-up first
    t.clock.advanceSeconds(6 * 60);
    const stale = await c.request('DELETE', `devices/${phone.deviceId}`);
    assert.equal(stale.status, 403);
    assert.equal(stale.body.code, 'CONNECT_STEP_UP_REQUIRED');
    assert.equal(await devices(), 2, 'nothing removed');
    assert.equal((await c.post('step-up', { method: 'totp', code: nextCode() })).status, 200);

    const gone = await c.request('DELETE', `devices/${phone.deviceId}`);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    assert.deepEqual(gone.body, { removed: true });
    assert.equal(await devices(), 1);
    assert.equal((await phone.requests()).status, 401, 'the removed device can no longer authenticate');
    assert.equal((await tablet.requests()).status, 200, 'the other device keeps working');
    assert.equal((await identityRow(who.id)).vismaAuthenticatorPush, true);
    const [event] = await audits(who.id, 'push-device.removed');
    assert.deepEqual([event.after, event.actorEmail], [{ name: 'Old phone', deviceId: phone.deviceId, via: 'security-settings' }, who.email]);
    assert.equal(await mails('connect.security.push-device.removed'), 1);
    assert.equal((await c.request('DELETE', `devices/${phone.deviceId}`)).status, 404, 'already removed');
    const overview = await c.get('settings/overview');
    assert.deepEqual(overview.body.devices.map((d: { name: string }) => d.name), ['Tablet']);
    assert.equal(overview.body.methods.find((m: { method: string }) => m.method === 'push').count, 1);

    // the last device while the authenticator app remains: push is off and no longer the default
    assert.equal((await c.request('DELETE', `devices/${tablet.deviceId}`)).status, 200);
    const row = await identityRow(who.id);
    assert.deepEqual([row.vismaAuthenticatorPush, row.defaultSecondFactor], [false, null]);
    assert.deepEqual((await new ConnectClient(t).post('sign-in', { email: who.email, password: DEMO_PASSWORD })).body.factors, ['totp', 'one-time-code']);
    assert.equal(await audits(who.id, 'push-device.removed').then((a) => a.length), 2);
  });

  it('the last device is never removed while it is the only way to sign in and the policy requires 2FA', async () => {
    const { who, c } = await signedIn('onlypush');
    const e = await c.post('devices/enrolment');
    const phone = new TestDevice(t);
    assert.equal((await phone.enrol(e.body.enrolmentUri)).status, 201);
    assert.equal((await c.request('DELETE', 'settings/methods/totp')).status, 200, 'the app goes; push remains');
    const by = Object.fromEntries((await c.get('settings/overview')).body.methods.map((m: { method: string }) => [m.method, m]));
    assert.deepEqual([by.push.enrolled, by.push.removable], [true, false]);
    const last = await c.request('DELETE', `devices/${phone.deviceId}`);
    assert.equal(last.status, 409);
    assert.equal(last.body.code, 'LAST_SECOND_FACTOR');
    assert.equal(await t.ds.getRepository(AuthenticatorDevice).countBy({ identityId: who.id }), 1, 'rolled back');
    assert.equal((await identityRow(who.id)).vismaAuthenticatorPush, true);
    assert.equal((await audits(who.id, 'push-device.removed')).length, 0);
    assert.equal((await phone.requests()).status, 200);
  });

  it('step-up with Visma Authenticator: a person whose only way is push confirms changes on the phone; a wrong number confirms nothing', async () => {
    const { who, c } = await signedIn('stepuppush');
    const e = await c.post('devices/enrolment');
    const phone = new TestDevice(t);
    assert.equal((await phone.enrol(e.body.enrolmentUri)).status, 201);
    assert.equal((await c.request('DELETE', 'settings/methods/totp')).status, 200, 'push is now the only way');
    t.clock.advanceSeconds(6 * 60);
    const overview = await c.get('settings/overview');
    assert.deepEqual([overview.body.stepUp.fresh, overview.body.stepUp.methods], [false, ['push']]);
    assert.equal((await c.request('PUT', 'settings/default-method', { method: 'push' })).status, 403);
    assert.equal((await new ConnectClient(t).post('step-up/start', { method: 'push' })).status, 401, 'a session is needed');

    // a wrong number: denied, a failed attempt, not stepped up
    const s1 = await c.post('step-up/start', { method: 'push' });
    assert.equal(s1.status, 200, JSON.stringify(s1.body));
    const listed = (await phone.requests()).body as { pushId: string; choices: number[] }[];
    assert.deepEqual(listed.map((p) => p.pushId), [s1.body.pushId], 'the phone sees the request');
    const wrong = listed[0].choices.find((n) => n !== s1.body.number)!;
    assert.equal((await phone.answer(s1.body.pushId, 'approve', wrong)).body.status, 'denied');
    const r1 = await c.post('step-up/push/result', { pushId: s1.body.pushId });
    assert.deepEqual([r1.status, r1.body.status, r1.body.reason], [200, 'denied', 'wrong-number']);
    assert.equal((await c.get('settings/overview')).body.stepUp.fresh, false);
    assert.equal((await identityRow(who.id)).failedSignIns, 1, 'a wrong number counts as a failed attempt');

    // the right number: stepped up, once
    const s2 = await c.post('step-up/start', { method: 'push' });
    assert.equal((await c.post('step-up/push/result', { pushId: s1.body.pushId })).status, 404, 'only the newest step-up push of the session');
    assert.equal((await c.post('step-up/push/result', { pushId: s2.body.pushId })).body.status, 'pending');
    assert.equal((await phone.answer(s2.body.pushId, 'approve', s2.body.number)).body.status, 'approved');
    const r2 = await c.post('step-up/push/result', { pushId: s2.body.pushId, waitSeconds: 1 });
    assert.equal(r2.status, 200, JSON.stringify(r2.body));
    assert.equal(r2.body.status, 'approved');
    assert.equal(new Date(r2.body.steppedUpUntil).getTime() - t.clock.nowMs(), 5 * 60_000);
    assert.equal((await c.get('settings/overview')).body.stepUp.fresh, true);
    assert.equal((await c.request('PUT', 'settings/default-method', { method: 'push' })).status, 200);
    assert.equal((await c.post('step-up/push/result', { pushId: s2.body.pushId })).status, 404, 'an approval steps up once');
    assert.deepEqual((await audits(who.id, 'connect.stepped-up')).map((a) => a.after?.method), ['push']);
  });

  it('no device: push is refused with NO_PUSH_DEVICE; "permanently lost" removes every device', async () => {
    const plain = await makeIdentity(t, email('nodevice'), { totpSecret: SECRET, emergencyCode: randomOneTimeCode() });
    const r = await pushFor(plain);
    assert.equal(r.r2.status, 409);
    assert.equal(r.r2.body.code, 'NO_PUSH_DEVICE');

    const emergency = randomOneTimeCode();
    const { who, device } = await withDevice('lost');
    await t.db.tx((m) => m.getRepository(Identity).update({ id: who.id }, { emergencyCodeHash: hashOneTimeCode(emergency) }));
    const c = new ConnectClient(t);
    const challenge = await c.challenge(who.email);
    assert.equal((await c.post('sign-in/one-time-code', { challenge, code: emergency })).status, 200);
    assert.equal((await c.post('recovery/lost', { challenge, permanently: true })).status, 200);
    assert.equal(await t.ds.getRepository(AuthenticatorDevice).countBy({ identityId: who.id }), 0);
    assert.equal((await identityRow(who.id)).vismaAuthenticatorPush, false);
    assert.equal((await device.requests()).status, 401, 'the removed device can no longer authenticate');
  });
});
