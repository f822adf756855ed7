import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, DEMO_PASSWORD, DEMO_TOTP, LEAD, nextDemoCode, ORG_ADMIN, StaffClient, SUPERVISOR, type TestApp } from './create-test-app.js';
import { totpCode } from '../server/src/identities/totp.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { AuditService } from '../server/src/audit/audit.service.js';
import { Session } from '../server/src/staff-auth/session.entity.js';
import { RATE_LIMIT_DEFAULTS } from '../server/src/config/app-config.js';
import { Identity } from '../server/src/identities/identity.entity.js';

async function challenge(t: TestApp, email: string, password = DEMO_PASSWORD) {
  return t.http.post('/api/auth/sign-in').send({ email, password });
}

describe('staff sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('signs in with password then TOTP: user, roles, organizations, CSRF token and a strict httpOnly cookie', async () => {
    const r1 = await challenge(t, ORG_ADMIN);
    assert.equal(r1.status, 200);
    assert.equal(r1.body.factor, 'totp');
    assert.ok(r1.body.challenge.length >= 40);
    const r2 = await t.http.post('/api/auth/sign-in/totp').send({ challenge: r1.body.challenge, code: await nextDemoCode(t.clock) });
    assert.equal(r2.status, 200);
    assert.deepEqual(Object.keys(r2.body.user).sort(), ['email', 'id', 'locale', 'name', 'organizationIds', 'roles']);
    assert.deepEqual(r2.body.user.roles, ['org-admin']);
    assert.equal(r2.body.user.organizationIds.length, 1);
    assert.ok(r2.body.csrfToken);
    const cookie = [r2.headers['set-cookie']].flat().find((c: string) => c.startsWith('ad_session='))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.doesNotMatch(cookie, /Secure/); // plain HTTP in tests; Secure when served over TLS
    // the session lives in the database, only as a hash
    const token = cookie.split(';')[0].split('=')[1];
    const rows = await t.ds.getRepository(Session).find();
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((s) => s.id !== token && s.id.length === 64));
  });

  it('a challenge is single-use', async () => {
    const r1 = await challenge(t, AGENT);
    const ok = await t.http.post('/api/auth/sign-in/totp').send({ challenge: r1.body.challenge, code: await nextDemoCode(t.clock) });
    assert.equal(ok.status, 200);
    const again = await t.http.post('/api/auth/sign-in/totp').send({ challenge: r1.body.challenge, code: await nextDemoCode(t.clock) });
    assert.equal(again.status, 401);
  });

  it('refuses a replayed TOTP code, accepts ±1 step, refuses ±2', async () => {
    const code = await nextDemoCode(t.clock);
    const a = await challenge(t, SUPERVISOR);
    assert.equal((await t.http.post('/api/auth/sign-in/totp').send({ challenge: a.body.challenge, code })).status, 200);
    const b = await challenge(t, SUPERVISOR);
    const replay = await t.http.post('/api/auth/sign-in/totp').send({ challenge: b.body.challenge, code });
    assert.equal(replay.status, 401);
    // a code from the previous step is still accepted (clock drift) if not used
    t.clock.advanceSeconds(90);
    const previous = await totpCode(DEMO_TOTP, t.clock.nowMs() - 30_000);
    const c = await challenge(t, SUPERVISOR);
    assert.equal((await t.http.post('/api/auth/sign-in/totp').send({ challenge: c.body.challenge, code: previous })).status, 200);
    t.clock.advanceSeconds(120);
    const tooOld = await totpCode(DEMO_TOTP, t.clock.nowMs() - 60_000);
    const d = await challenge(t, SUPERVISOR);
    assert.equal((await t.http.post('/api/auth/sign-in/totp').send({ challenge: d.body.challenge, code: tooOld })).status, 401);
  });

  it('gives the same 401 body for an unknown e-mail and a wrong password (no enumeration)', async () => {
    const unknown = await challenge(t, 'nobody@nowhere.test', 'Whatever-1!');
    const wrong = await challenge(t, AGENT, 'Wrong-Password-1!');
    const notStaff = await challenge(t, 'anna.virtanen@northwind.test');
    assert.equal(unknown.status, 401);
    assert.deepEqual(unknown.body, wrong.body);
    assert.deepEqual(unknown.body, notStaff.body);
    // timing: both run the password KDF; allow generous slack
    const time = async (email: string, password: string) => {
      const s = performance.now();
      await challenge(t, email, password);
      return performance.now() - s;
    };
    const a = Math.min(await time('nobody@nowhere.test', 'x'), await time('nobody2@nowhere.test', 'x'));
    const b = Math.min(await time(LEAD, 'x'), await time(LEAD, 'y'));
    assert.ok(a > b / 3 && a < b * 3, `unknown ${a.toFixed(1)} ms vs known ${b.toFixed(1)} ms`);
  });

  it('validates input and names the bad fields', async () => {
    const r = await t.http.post('/api/auth/sign-in').send({ email: 42, extra: true });
    assert.equal(r.status, 400);
    assert.ok(r.body.errors.email);
    assert.ok(r.body.errors.password);
    assert.ok(r.body.errors.extra);
  });

  it('requires a session for staff routes', async () => {
    for (const path of ['/api/organizations', '/api/auth/me', '/api/audit-events']) {
      const r = await t.http.get(path);
      assert.equal(r.status, 401, path);
      assert.equal(r.body.code, 'UNAUTHENTICATED');
    }
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const c = await t.signIn(AGENT);
    const without = await t.http.post('/api/auth/step-up').set('Cookie', c.cookie).send({ code: '123456' });
    assert.equal(without.status, 403);
    assert.equal(without.body.code, 'CSRF_REQUIRED');
    const wrong = await t.http.post('/api/auth/step-up').set('Cookie', c.cookie).set('X-CSRF-Token', 'forged').send({ code: '123456' });
    assert.equal(wrong.status, 403);
    const signOutWithout = await t.http.post('/api/auth/sign-out').set('Cookie', c.cookie);
    assert.equal(signOutWithout.status, 403);
    assert.equal((await c.get('/api/auth/me')).status, 200);
  });

  it('sign-out kills the session on the server', async () => {
    const c = await t.signIn(AGENT);
    const out = await c.post('/api/auth/sign-out');
    assert.equal(out.status, 200);
    const again = await c.get('/api/organizations');
    assert.equal(again.status, 401);
  });

  it('expires idle and over-age sessions', async () => {
    const c = await t.signIn(AGENT);
    t.clock.advanceSeconds(t.config.sessionIdleMinutes * 60 - 60);
    assert.equal((await c.get('/api/auth/me')).status, 200);
    t.clock.advanceSeconds(t.config.sessionIdleMinutes * 60 + 1);
    assert.equal((await c.get('/api/auth/me')).status, 401);
    const d = await t.signIn(AGENT);
    for (let h = 0; h < t.config.sessionAbsoluteHours; h++) {
      t.clock.advanceSeconds(t.config.sessionIdleMinutes * 60 - 120);
      await d.get('/api/auth/me');
      t.clock.advanceSeconds(3600 - (t.config.sessionIdleMinutes * 60 - 120));
      if ((await d.get('/api/auth/me')).status === 401) break;
    }
    assert.equal((await d.get('/api/auth/me')).status, 401);
  });

  it('step-up: sensitive actions answer STEP_UP_REQUIRED until a fresh code is given, for five minutes', async () => {
    const sup = await t.signIn(SUPERVISOR);
    const staff = await sup.get('/api/staff?range=[0,99]');
    const agent = staff.body.find((s: { email: string }) => s.email === AGENT);
    const before = await sup.put(`/api/staff/${agent.id}`, { roles: [{ role: 'support-agent' }] });
    assert.equal(before.status, 401);
    assert.equal(before.body.code, 'STEP_UP_REQUIRED');
    const badCode = await sup.post('/api/auth/step-up', { code: '000000' });
    assert.equal(badCode.status, 401);
    await sup.stepUp();
    assert.equal((await sup.put(`/api/staff/${agent.id}`, { roles: [{ role: 'support-agent' }] })).status, 200);
    t.clock.advanceSeconds(5 * 60 + 1);
    await sup.get('/api/auth/me'); // keep the session alive
    const later = await sup.put(`/api/staff/${agent.id}`, { roles: [{ role: 'support-agent' }] });
    assert.equal(later.body.code, 'STEP_UP_REQUIRED');
  });

  it('supervisors manage roles; org admins need an organization; nobody demotes themself', async () => {
    const sup = await t.signIn(SUPERVISOR);
    await sup.stepUp();
    const staff = (await sup.get('/api/staff?range=[0,99]')).body;
    const me = staff.find((s: { email: string }) => s.email === SUPERVISOR);
    const agent = staff.find((s: { email: string }) => s.email === AGENT);
    const noOrg = await sup.put(`/api/staff/${agent.id}`, { roles: [{ role: 'org-admin' }] });
    assert.equal(noOrg.status, 400);
    assert.ok(noOrg.body.errors['roles.0.organizationId']);
    const badRole = await sup.put(`/api/staff/${agent.id}`, { roles: [{ role: 'emperor' }] });
    assert.equal(badRole.status, 400);
    const self = await sup.put(`/api/staff/${me.id}`, { roles: [{ role: 'support-agent' }] });
    assert.equal(self.status, 409);
    const orgs = (await sup.get('/api/organizations')).body;
    const both = await sup.put(`/api/staff/${agent.id}`, { roles: [{ role: 'support-agent' }, { role: 'org-admin', organizationId: orgs[0].id }] });
    assert.equal(both.status, 200);
    assert.deepEqual(both.body.roles.sort(), ['org-admin', 'support-agent']);
    const audit = await sup.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ action: 'staff.roles.changed', targetId: agent.id }))}`);
    assert.ok(audit.body.length >= 1);
    assert.ok(audit.body[0].before.roles && audit.body[0].after.roles);
    await sup.put(`/api/staff/${agent.id}`, { roles: [{ role: 'support-agent' }] });
    const asAgent = await t.signIn(AGENT);
    assert.equal((await asAgent.get('/api/staff')).status, 403);
  });
});

describe('lockout', () => {
  // The test acts as the trusted proxy in front of the server: X-Forwarded-For says which address a request comes from.
  const PER_PAIR = RATE_LIMIT_DEFAULTS['failures-per-account-address'].limit;
  const ACCOUNT_BUDGET = 30;
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'loopback', RATE_LIMITS: `failures-per-account=${ACCOUNT_BUDGET}/86400` } });
  });
  after(async () => t.close());

  const from = (ip: string, email: string, password = DEMO_PASSWORD) => t.http.post('/api/auth/sign-in').set('X-Forwarded-For', ip).send({ email, password });
  async function fullSignIn(ip: string, email: string) {
    const r1 = await from(ip, email);
    if (r1.status !== 200) return r1.status;
    return (await t.http.post('/api/auth/sign-in/totp').set('X-Forwarded-For', ip).send({ challenge: r1.body.challenge, code: await nextDemoCode(t.clock) })).status;
  }

  it(`locks the account at one address after ${PER_PAIR} failures from there, audits it, keeps the message generic, and lets other addresses in`, async () => {
    const generic = (await from('198.51.100.1', 'nobody@nowhere.test', 'x')).body;
    for (let i = 0; i < PER_PAIR; i++) assert.equal((await from('198.51.100.7', LEAD, 'Wrong-Password-1!')).status, 401);
    const locked = await from('198.51.100.7', LEAD);
    assert.equal(locked.status, 401);
    assert.deepEqual(locked.body, generic);
    const events = await t.ds.getRepository(AuditEvent).findBy({ action: 'staff.account.locked' });
    assert.equal(events.length, 1);
    assert.equal(events[0].after?.scope, 'this address');
    // the person at another address is not locked out by those guesses
    assert.equal(await fullSignIn('203.0.113.20', LEAD), 200);
    t.clock.advanceSeconds(16 * 60);
    assert.equal((await from('198.51.100.7', LEAD)).status, 200);
  });

  it('a stranger guessing from many addresses cannot lock the agent out of the address they usually sign in from', async () => {
    const usual = '203.0.113.50';
    assert.equal(await fullSignIn(usual, AGENT), 200); // the agent's usual address is now known
    const statuses: number[] = [];
    for (let i = 0; i < ACCOUNT_BUDGET + 5; i++) statuses.push((await from(`192.0.2.${i + 1}`, AGENT, `Guess-${i}-Password!`)).status);
    assert.ok(statuses.every((s) => s === 401), statuses.join(','));
    const locks = await t.ds.getRepository(AuditEvent).findBy({ action: 'staff.account.locked', targetId: (await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: AGENT })).id });
    assert.deepEqual(locks.map((e) => e.after?.scope), ['unknown addresses']);
    // the agent still signs in from the usual address (password and TOTP)...
    assert.equal(await fullSignIn(usual, AGENT), 200);
    // ...while the brute force is stopped: the right password from any new address is refused
    assert.equal((await from('192.0.2.200', AGENT)).status, 401);
    assert.equal((await from('2001:db8::1', AGENT)).status, 401);
  });

  it('brute force from a known address is still bounded by the per-address lock', async () => {
    const usual = '203.0.113.50';
    for (let i = 0; i < PER_PAIR; i++) assert.equal((await from(usual, AGENT, `Other-${i}-Password!`)).status, 401);
    assert.equal((await from(usual, AGENT)).status, 401, 'the right password is refused from a locked address');
    // IPv6 neighbours in one /64 count as one address
    for (let i = 0; i < PER_PAIR; i++) assert.equal((await from(`2001:db8:0:1::${i + 1}`, SUPERVISOR, `Wrong-${i}-Password!`)).status, 401);
    assert.equal((await from('2001:db8:0:1::ffff', SUPERVISOR)).status, 401);
    assert.equal((await from('2001:db8:0:2::1', SUPERVISOR)).status, 200);
  });

  it('wrong TOTP codes count too, and a challenge dies after five wrong codes', async () => {
    const r = await from('198.51.100.99', ORG_ADMIN);
    for (let i = 0; i < 5; i++) assert.equal((await t.http.post('/api/auth/sign-in/totp').set('X-Forwarded-For', '198.51.100.99').send({ challenge: r.body.challenge, code: '000000' })).status, 401);
    const right = await t.http.post('/api/auth/sign-in/totp').set('X-Forwarded-For', '198.51.100.99').send({ challenge: r.body.challenge, code: await nextDemoCode(t.clock) });
    assert.equal(right.status, 401);
  });

  it('limits failures per address with 429 and Retry-After', async () => {
    let last: Awaited<ReturnType<typeof from>> | undefined;
    for (let i = 0; i < 60; i++) {
      last = await from('198.51.100.200', `x${i}@nowhere.test`, 'x');
      if (last.status === 429) break;
    }
    assert.equal(last!.status, 429);
    assert.ok(Number(last!.headers['retry-after']) > 0);
    assert.equal(last!.body.code, 'TOO_MANY_REQUESTS');
  });
});

describe('audit log', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('records sign-ins, never secrets, and has no update or delete route', async () => {
    const sup = await t.signIn(SUPERVISOR);
    const r = await sup.get('/api/audit-events?range=[0,99]');
    assert.equal(r.status, 200);
    assert.ok(r.body.some((e: { action: string }) => e.action === 'staff.signed-in'));
    const text = JSON.stringify(r.body);
    assert.ok(!text.includes(DEMO_PASSWORD));
    assert.ok(!text.includes(DEMO_TOTP));
    for (const m of ['put', 'patch', 'delete'] as const) {
      const res = await sup[m](`/api/audit-events/${r.body[0].id}`);
      assert.equal(res.status, 404, m);
    }
  });

  it('org admins see only their organization’s events', async () => {
    const admin = await t.signIn(ORG_ADMIN);
    const r = await admin.get('/api/audit-events?range=[0,999]');
    assert.equal(r.status, 200);
    assert.ok(r.body.every((e: { organizationId: string }) => e.organizationId === admin.user.organizationIds[0]));
  });

  it('the chain verifies, and editing a row in the database is caught at that event', async () => {
    const audit = t.app.get(AuditService);
    const ok = await audit.verify();
    assert.equal(ok.ok, true);
    assert.ok(ok.count >= 3);
    const rows = await t.ds.getRepository(AuditEvent).find({ order: { id: 'ASC' } });
    const victim = rows[Math.floor(rows.length / 2)];
    await t.ds.query(`UPDATE audit_events SET action = 'nothing.happened' WHERE id = ${victim.id}`);
    const broken = await audit.verify();
    assert.equal(broken.ok, false);
    assert.equal(!broken.ok && broken.brokenId, victim.id);
    await t.ds.query(`UPDATE audit_events SET action = '${victim.action}' WHERE id = ${victim.id}`);
    assert.equal((await audit.verify()).ok, true);
    await t.ds.query(`DELETE FROM audit_events WHERE id = ${rows[1].id}`);
    const removed = await audit.verify();
    assert.equal(!removed.ok && removed.brokenId, rows[2].id);
  });
});

// keep StaffClient referenced for the type import
void StaffClient;
