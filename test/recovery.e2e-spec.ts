/**
 * One-time recovery codes, issuing and redeeming: step-up and verification first, shown once, stored hashed, single use,
 * expiring, revocable, validated and throttled; second factors and wrong roles. Dual control: recovery-dual-control.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, type StaffClient, type TestApp } from './create-test-app.js';
import { RecoveryService } from '../server/src/recovery/recovery.service.js';
import { RateLimitService } from '../server/src/common/rate-limit.service.js';
import { RandomSource } from '../server/src/common/clock.js';
import { formatOneTimeCode, hashOneTimeCode, normalizeOneTimeCode } from '../server/src/common/crypto.js';
import { CODE_FORMAT, recoveryHelpers, startRecoveryApp, TWO_CHECKS, UNKNOWN_ID } from './support/recovery.js';

describe('one-time recovery codes', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let lead: StaffClient;
  let admin: StaffClient;
  let people: Record<string, string> = {};
  /** Every code the API handed out in this file: none may appear in the audit log or the outbox. */
  const issued: string[] = [];
  const { codeRow, verifiedTicket, issue, resetRate } = recoveryHelpers(() => ({ t, agent }), issued);

  before(async () => {
    ({ t, people, staff: { agent, supervisor, lead, admin } } = await startRecoveryApp());
  });
  after(async () => t.close());

  it('refuses without step-up (401), and without a sufficient verification (409 VERIFICATION_REQUIRED)', async () => {
    const erikTicket = (await agent.get('/api/tickets?filter={"number":1}')).body[0];
    const body = { ticketId: erikTicket.id, identityId: people.erik };
    const noStepUp = await agent.post('/api/recovery-codes', body);
    assert.equal(noStepUp.status, 401);
    assert.equal(noStepUp.body.code, 'STEP_UP_REQUIRED');
    const unverified = await issue(agent, body);
    assert.equal(unverified.status, 409);
    assert.equal(unverified.body.code, 'VERIFICATION_REQUIRED');
    assert.match(unverified.body.message, /2 passing identity checks/);
    // One passing check of two is not enough either.
    await agent.post(`/api/tickets/${erikTicket.id}/verification`, { checks: [{ check: 'call-back', passed: true }, { check: 'id-document', passed: false }] });
    const weak = await issue(agent, body);
    assert.equal(weak.status, 409);
    assert.equal(weak.body.code, 'VERIFICATION_REQUIRED');
    assert.equal((await t.ds.query('SELECT COUNT(*) AS n FROM recovery_codes'))[0].n.toString(), '0');
  });

  it("issues a code for Erik's ticket #1: shown once, 100 bits from the CSPRNG, only its hash stored", async () => {
    const erikTicket = (await agent.get('/api/tickets?filter={"number":1}')).body[0];
    await agent.post(`/api/tickets/${erikTicket.id}/verification`, { checks: TWO_CHECKS });
    const random = t.app.get(RandomSource);
    const requested: Buffer[] = [];
    const original = random.bytes.bind(random);
    random.bytes = (n: number) => {
      const b = original(n);
      requested.push(b);
      return b;
    };
    let r;
    try {
      r = await issue(agent, { ticketId: erikTicket.id, identityId: people.erik });
    } finally {
      random.bytes = original;
    }
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(r.body.code, CODE_FORMAT);
    // 20 symbols of a 32-letter alphabet = 100 bits, all taken from ≥ 13 bytes (104 bits) of the random source.
    assert.equal(r.body.code.replace(/-/g, '').length * Math.log2(32), 100);
    assert.equal(requested.length, 1);
    assert.ok(requested[0].length >= 13);
    assert.equal(r.body.code, formatOneTimeCode(requested[0]));
    const expiresAt = new Date(r.body.expiresAt).getTime();
    assert.equal(expiresAt - t.clock.nowMs(), 60 * 60_000, 'default lifetime 60 minutes');

    const row = await codeRow(r.body.id);
    assert.equal(row.codeHash, hashOneTimeCode(r.body.code));
    assert.notEqual(row.codeHash, r.body.code);
    const stored = JSON.stringify(await t.ds.query('SELECT * FROM recovery_codes'));
    assert.ok(!stored.includes(r.body.code) && !stored.includes(normalizeOneTimeCode(r.body.code)!), 'the code itself is stored nowhere');

    const ticket = await agent.get(`/api/tickets/${erikTicket.id}`);
    assert.equal(ticket.body.status, 'code-issued');

    const shown = await agent.get(`/api/recovery-codes/${r.body.id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.status, 'active');
    assert.equal(shown.body.ticketNumber, 1);
    assert.equal(shown.body.issuedByEmail, AGENT);
    assert.equal(shown.body.identityEmail, 'erik.nurmi@northwind.test');
    assert.ok(!('code' in shown.body) && !('codeHash' in shown.body));
    const list = await agent.get(`/api/recovery-codes?filter=${encodeURIComponent(JSON.stringify({ ticketId: erikTicket.id }))}`);
    assert.equal(list.body.length, 1);
    assert.ok(!JSON.stringify(list.body).includes(row.codeHash));
    assert.ok(!JSON.stringify(list.body).includes(r.body.code));
  });

  it('a new code revokes the unused one; redemption works exactly once, case-insensitively, without dashes', async () => {
    const erikTicket = (await agent.get('/api/tickets?filter={"number":1}')).body[0];
    const before = await agent.get(`/api/recovery-codes?filter=${encodeURIComponent(JSON.stringify({ ticketId: erikTicket.id, status: 'active' }))}`);
    assert.equal(before.body.length, 1);
    const oldId = before.body[0].id;
    const oldCode = issued.at(-1)!;
    const r = await issue(agent, { ticketId: erikTicket.id, identityId: people.erik, expiresInMinutes: 30 });
    assert.equal(r.status, 201);
    assert.equal(new Date(r.body.expiresAt).getTime() - t.clock.nowMs(), 30 * 60_000);
    const old = await agent.get(`/api/recovery-codes/${oldId}`);
    assert.equal(old.body.status, 'revoked');
    assert.equal(old.body.revokedByEmail, AGENT);
    assert.equal((await codeRow(oldId)).status, 'revoked');

    const svc = t.app.get(RecoveryService);
    assert.equal(await t.db.tx((m) => svc.redeem(m, people.erik, oldCode)), null, 'the revoked code is dead');
    assert.equal(await t.db.tx((m) => svc.redeem(m, people.anna, r.body.code)), null, "another identity's code does not work");
    assert.equal(await t.db.tx((m) => svc.redeem(m, people.erik, 'not a code')), null);
    const sloppy = r.body.code.toLowerCase().replace(/-/g, '');
    const ok = await t.db.tx((m) => svc.redeem(m, people.erik, sloppy));
    assert.ok(ok);
    assert.equal(ok.id, r.body.id);
    assert.equal(ok.status, 'redeemed');
    assert.equal(await t.db.tx((m) => svc.redeem(m, people.erik, r.body.code)), null, 'single use');
    assert.equal((await agent.get(`/api/recovery-codes/${r.body.id}`)).body.status, 'redeemed');
    const revokeRedeemed = await agent.post(`/api/recovery-codes/${r.body.id}/revoke`);
    assert.equal(revokeRedeemed.status, 409);
  });

  it('redeems exactly once under concurrent attempts', async () => {
    await resetRate(agent);
    const ticket = await verifiedTicket(people.carla);
    const r = await issue(agent, { ticketId: ticket.id, identityId: people.carla });
    assert.equal(r.status, 201);
    const svc = t.app.get(RecoveryService);
    const results = await Promise.all(Array.from({ length: 12 }, () => t.db.tx((m) => svc.redeem(m, people.carla, r.body.code))));
    assert.equal(results.filter(Boolean).length, 1);
  });

  it('expires after its lifetime, measured with the injected clock', async () => {
    const ticket = await verifiedTicket(people.anna);
    const r = await issue(agent, { ticketId: ticket.id, identityId: people.anna, expiresInMinutes: 10 });
    assert.equal(r.status, 201);
    t.clock.advanceSeconds(10 * 60 - 1);
    assert.equal((await agent.get(`/api/recovery-codes/${r.body.id}`)).body.status, 'active');
    t.clock.advanceSeconds(1);
    const shown = await agent.get(`/api/recovery-codes/${r.body.id}`);
    assert.equal(shown.body.status, 'expired');
    const expired = await agent.get(`/api/recovery-codes?filter=${encodeURIComponent(JSON.stringify({ ticketId: ticket.id, status: 'expired' }))}`);
    assert.deepEqual(
      expired.body.map((c: { id: string }) => c.id),
      [r.body.id],
    );
    const active = await agent.get(`/api/recovery-codes?filter=${encodeURIComponent(JSON.stringify({ ticketId: ticket.id, status: 'active' }))}`);
    assert.equal(active.body.length, 0);
    const svc = t.app.get(RecoveryService);
    assert.equal(await t.db.tx((m) => svc.redeem(m, people.anna, r.body.code)), null, 'an expired code does not redeem');
    const timeline = await agent.get(`/api/tickets/${ticket.id}/timeline`);
    assert.ok(timeline.body.some((e: { kind: string }) => e.kind === 'code-expired'));
    const revoke = await agent.post(`/api/recovery-codes/${r.body.id}/revoke`);
    assert.equal(revoke.status, 409);
  });

  it('revokes an active code on request, audited', async () => {
    await resetRate(agent);
    const ticket = await verifiedTicket(people.anna);
    const r = await issue(agent, { ticketId: ticket.id, identityId: people.anna });
    assert.equal(r.status, 201);
    const revoked = await agent.post(`/api/recovery-codes/${r.body.id}/revoke`);
    assert.equal(revoked.status, 201);
    assert.equal(revoked.body.status, 'revoked');
    assert.equal(await t.db.tx((m) => t.app.get(RecoveryService).redeem(m, people.anna, r.body.code)), null);
    const audit = await supervisor.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ targetId: r.body.id }))}`);
    assert.deepEqual(audit.body.map((e: { action: string }) => e.action).sort(), ['recovery-code.issued', 'recovery-code.revoked']);
    assert.ok(audit.body.every((e: { ticketId: string }) => e.ticketId === ticket.id));
    assert.equal((await agent.post(`/api/recovery-codes/${UNKNOWN_ID}/revoke`)).status, 404);
  });

  it('validates input with 400 naming the fields; the lifetime must be 10 minutes to 24 hours', async () => {
    const ticket = await verifiedTicket(people.carla);
    for (const minutes of [9, 1441, 60.5, '60']) {
      const r = await issue(agent, { ticketId: ticket.id, identityId: people.carla, expiresInMinutes: minutes });
      assert.equal(r.status, 400, `expiresInMinutes ${minutes}`);
      assert.match(r.body.errors.expiresInMinutes, /between 10 and 1440/);
    }
    const missing = await issue(agent, { extra: true });
    assert.equal(missing.status, 400);
    for (const f of ['ticketId', 'identityId', 'extra']) assert.ok(missing.body.errors[f], f);
    const wrongIdentity = await issue(agent, { ticketId: ticket.id, identityId: people.erik });
    assert.equal(wrongIdentity.status, 400);
    assert.ok(wrongIdentity.body.errors.identityId);
    const noTicket = await issue(agent, { ticketId: UNKNOWN_ID, identityId: people.erik });
    assert.equal(noTicket.status, 400);
    assert.ok(noTicket.body.errors.ticketId);
    const badFilter = await agent.get('/api/recovery-codes?filter={"status":"lost"}');
    assert.equal(badFilter.status, 400);
    assert.ok(badFilter.body.errors['filter.status']);
  });

  it('throttles: at most 3 codes per identity in 24 hours (429 with Retry-After), counted from the rows', async () => {
    await resetRate(agent);
    // Carla already had one code in this file (the concurrency test).
    const ticket = await verifiedTicket(people.carla);
    for (let i = 0; i < 2; i++) assert.equal((await issue(agent, { ticketId: ticket.id, identityId: people.carla })).status, 201);
    const r = await issue(agent, { ticketId: ticket.id, identityId: people.carla });
    assert.equal(r.status, 429);
    assert.equal(r.body.code, 'TOO_MANY_REQUESTS');
    assert.match(r.body.message, /3 one-time codes in the last 24 hours/);
    const retry = Number(r.headers['retry-after']);
    assert.ok(retry > 20 * 3600 && retry <= 24 * 3600, `Retry-After ${retry}`);
    // Another supervisor is throttled the same way: the count belongs to the identity, not to the agent.
    const other = await issue(lead, { ticketId: ticket.id, identityId: people.carla });
    assert.equal(other.status, 429);
  });

  it('throttles each agent: beyond the hourly rate 429 with Retry-After and a clear message', async () => {
    const ticket = await verifiedTicket(people.erik);
    const limits = t.app.get(RateLimitService);
    for (let i = 0; i < 10; i++) await limits.hitNamed('recovery-codes-agent', supervisor.user.id);
    const r = await issue(supervisor, { ticketId: ticket.id, identityId: people.erik });
    assert.equal(r.status, 429);
    assert.match(r.body.message, /in the last hour/);
    assert.ok(Number(r.headers['retry-after']) > 0);
    await resetRate(supervisor);
  });

  it('second factors: enrolled methods, the policy, and the reminder that 2FA belongs to the identity', async () => {
    const r = await agent.get(`/api/identities/${people.erik}/second-factors`);
    assert.equal(r.status, 200);
    assert.equal(r.body.policyLabel, 'Required');
    const byMethod = Object.fromEntries(r.body.methods.map((m: { method: string }) => [m.method, m]));
    assert.deepEqual(Object.keys(byMethod), ['visma-authenticator', 'totp', 'passkey', 'sms', 'emergency-code']);
    assert.equal(byMethod.totp.enrolled, true);
    assert.ok(byMethod.totp.enrolledAt);
    assert.equal(byMethod.sms.enrolled, true);
    assert.equal(byMethod['emergency-code'].enrolled, false);
    assert.match(r.body.scopeNote, /every Visma application/);
    assert.ok(!/secret|hash/i.test(JSON.stringify(Object.values(byMethod).map((m: { detail?: unknown }) => m.detail))));
    // Org admins see their organization's people only.
    assert.equal((await admin.get(`/api/identities/${people.erik}/second-factors`)).status, 200);
    assert.equal((await admin.get(`/api/identities/${supervisor.user.id}/second-factors`)).status, 404);
    assert.equal((await agent.get(`/api/identities/${UNKNOWN_ID}/second-factors`)).status, 404);
  });

  it('wrong roles are refused with 403', async () => {
    const erikTicket = (await agent.get('/api/tickets?filter={"number":1}')).body[0];
    await admin.stepUp();
    for (const r of [
      await admin.post('/api/recovery-codes', { ticketId: erikTicket.id, identityId: people.erik }),
      await admin.get('/api/recovery-codes'),
      await admin.get(`/api/recovery-codes/${UNKNOWN_ID}`),
      await admin.post(`/api/recovery-codes/${UNKNOWN_ID}/revoke`),
      await agent.post(`/api/recovery-codes/${UNKNOWN_ID}/reject`),
      await agent.get('/api/outbox'),
      await admin.get('/api/outbox'),
    ]) {
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.equal(r.body.code, 'FORBIDDEN');
    }
  });
});
