import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { RecoveryService } from '../server/src/recovery/recovery.service.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { RateLimitService } from '../server/src/common/rate-limit.service.js';
import { RandomSource } from '../server/src/common/clock.js';
import { formatOneTimeCode, hashOneTimeCode, normalizeOneTimeCode } from '../server/src/common/crypto.js';

const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const TWO_CHECKS = [
  // Erik's phone was stolen: checks on the phone on record would not count
  { check: 'org-admin-confirmation', passed: true, note: 'Nora (org admin) confirmed by her known number' },
  { check: 'knowledge-question', passed: true },
];

describe('one-time recovery codes', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let lead: StaffClient;
  let admin: StaffClient;
  const people: Record<string, string> = {};
  /** Every code the API handed out in this file: none may appear in the audit log or the outbox. */
  const issued: string[] = [];

  const sql = (q: string) => (t.db.isPostgres ? q : q.replace(/\$(\d+)/g, '?'));
  const identityId = async (email: string) => (await t.ds.query(sql('SELECT id FROM identities WHERE "emailNormalized" = $1'), [email]))[0].id as string;
  const codeRow = async (id: string) => (await t.ds.query(sql('SELECT * FROM recovery_codes WHERE id = $1'), [id]))[0];

  /** A ticket about `identity`, opened by the agent and verified with two passing checks by `verifier`. */
  async function verifiedTicket(identity: string, verifier: StaffClient = agent): Promise<{ id: string; number: number }> {
    const r = await agent.post('/api/tickets', { identityId: identity, channel: 'phone', description: 'Lost phone' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const v = await verifier.post(`/api/tickets/${r.body.id}/verification`, { checks: TWO_CHECKS });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    assert.equal(v.body.ticketStatus, 'verified');
    return { id: r.body.id, number: r.body.number };
  }

  /** Like the console: steps up when the server asks for it (step-up lasts five minutes), then retries once. */
  async function issue(c: StaffClient, body: Record<string, unknown>) {
    let r = await c.post('/api/recovery-codes', body);
    if (r.status === 401 && r.body.code === 'STEP_UP_REQUIRED') {
      await c.stepUp();
      r = await c.post('/api/recovery-codes', body);
    }
    if (r.status === 201) issued.push(r.body.code);
    return r;
  }

  const resetRate = (c: StaffClient) => t.app.get(RateLimitService).reset(`recovery-codes-agent:${c.user.id}`);

  before(async () => {
    t = await createTestApp();
    agent = await t.signIn(AGENT);
    supervisor = await t.signIn(SUPERVISOR);
    lead = await t.signIn(LEAD);
    admin = await t.signIn(ORG_ADMIN);
    for (const e of ['erik.nurmi@northwind.test', 'anna.virtanen@northwind.test', 'carla.berg@northwind.test']) people[e.split('.')[0]] = await identityId(e);
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

  it('dual control: a target with a console role needs a different supervisor; the requester cannot approve', async () => {
    // Target: the agent's own identity (support agent). The supervisor requests, the lead approves.
    const ticket = await verifiedTicket(agent.user.id, supervisor);
    const r = await issue(supervisor, { ticketId: ticket.id, identityId: agent.user.id });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body).sort(), ['approval', 'id', 'status']);
    assert.equal(r.body.status, 'pending-approval');
    // The basis as a code and the roles (the console words them), not English.
    assert.deepEqual(r.body.approval, { reason: 'staff-roles', roles: ['support-agent'] });
    const row = await codeRow(r.body.id);
    assert.equal(row.codeHash, null, 'no code exists before approval');
    assert.equal(row.status, 'pending-approval');
    assert.equal((await agent.get(`/api/tickets/${ticket.id}`)).body.status, 'verified');

    const queue = await lead.get(`/api/recovery-codes?filter=${encodeURIComponent(JSON.stringify({ status: 'pending-approval' }))}`);
    const queued = queue.body.find((c: { id: string }) => c.id === r.body.id);
    assert.equal(queued?.requestedByEmail, SUPERVISOR);
    assert.deepEqual(queued.approval, { reason: 'staff-roles', roles: ['support-agent'] });
    assert.equal('approvalReason' in queued, false);

    const again = await issue(supervisor, { ticketId: ticket.id, identityId: agent.user.id });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'APPROVAL_PENDING');

    await supervisor.stepUp();
    const same = await supervisor.post(`/api/recovery-codes/${r.body.id}/approve`);
    assert.equal(same.status, 403);
    assert.equal(same.body.code, 'SECOND_PERSON_REQUIRED');
    const byAgent = await agent.post(`/api/recovery-codes/${r.body.id}/approve`);
    assert.equal(byAgent.status, 403, 'agents cannot approve');
    t.clock.advanceSeconds(5 * 60); // any earlier step-up has lapsed
    const leadNoStepUp = await lead.post(`/api/recovery-codes/${r.body.id}/approve`);
    assert.equal(leadNoStepUp.status, 401);
    assert.equal(leadNoStepUp.body.code, 'STEP_UP_REQUIRED');

    await lead.stepUp();
    const ok = await lead.post(`/api/recovery-codes/${r.body.id}/approve`);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.match(ok.body.code, CODE_FORMAT);
    issued.push(ok.body.code);
    assert.equal((await codeRow(r.body.id)).codeHash, hashOneTimeCode(ok.body.code));
    const shown = await lead.get(`/api/recovery-codes/${r.body.id}`);
    assert.equal(shown.body.status, 'active');
    assert.equal(shown.body.approvedByEmail, LEAD);
    assert.equal(shown.body.requestedByEmail, SUPERVISOR);
    assert.equal((await agent.get(`/api/tickets/${ticket.id}`)).body.status, 'code-issued');
    const twice = await lead.post(`/api/recovery-codes/${r.body.id}/approve`);
    assert.equal(twice.status, 409);
    const events = (await supervisor.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ targetId: r.body.id }))}`)).body as { action: string; after: Record<string, unknown> }[];
    const actions = events.map((e) => e.action);
    for (const a of ['recovery-code.requested', 'recovery-code.approved', 'recovery-code.issued']) assert.ok(actions.includes(a), a);
    // The audit records the basis as codes too (the event page words them).
    const requested = events.find((e) => e.action === 'recovery-code.requested')!;
    assert.equal(requested.after.approvalBasis, 'staff-roles');
    assert.deepEqual(requested.after.approvalRoles, ['support-agent']);
    assert.equal('approvalReason' in requested.after, false);
  });

  it('dual control: a privileged person goes to the queue too; a supervisor can reject; the target cannot approve their own', async () => {
    await t.ds.query(sql('UPDATE identities SET privileged = $1 WHERE id = $2'), [true, people.anna]);
    const ticket = await verifiedTicket(people.anna);
    await resetRate(agent);
    const r = await issue(agent, { ticketId: ticket.id, identityId: people.anna });
    assert.equal(r.status, 202);
    assert.deepEqual(r.body.approval, { reason: 'privileged-identity', roles: [] });
    assert.deepEqual((await lead.get(`/api/recovery-codes/${r.body.id}`)).body.approval, { reason: 'privileged-identity', roles: [] });
    const reject = await lead.post(`/api/recovery-codes/${r.body.id}/reject`, { reason: 'Caller could not answer the follow-up' });
    assert.equal(reject.status, 201);
    assert.equal(reject.body.status, 'rejected');
    assert.equal(reject.body.revokedByEmail, LEAD);
    await lead.stepUp();
    assert.equal((await lead.post(`/api/recovery-codes/${r.body.id}/approve`)).status, 409);
    await t.ds.query(sql('UPDATE identities SET privileged = $1 WHERE id = $2'), [false, people.anna]);

    // The supervisor is the target: the lead requests, the supervisor may not approve a code for themself.
    const own = await verifiedTicket(supervisor.user.id, lead);
    const req = await issue(lead, { ticketId: own.id, identityId: supervisor.user.id });
    assert.equal(req.status, 202);
    await supervisor.stepUp();
    const self = await supervisor.post(`/api/recovery-codes/${req.body.id}/approve`);
    assert.equal(self.status, 403);
    assert.equal(self.body.code, 'SELF_RECOVERY_FORBIDDEN');
  });

  it('races: two approvals of one request give one code; two concurrent issues leave one active code', async () => {
    await t.ds.query(sql('UPDATE identities SET privileged = $1 WHERE id = $2'), [true, people.carla]);
    // Carla's 24-hour quota is used up earlier in this file: move past it.
    t.clock.advanceSeconds(24 * 3600);
    // Sessions end after 12 hours: everyone signs in again.
    agent = await t.signIn(AGENT);
    supervisor = await t.signIn(SUPERVISOR);
    lead = await t.signIn(LEAD);
    admin = await t.signIn(ORG_ADMIN);
    const ticket = await verifiedTicket(people.carla);
    const req = await issue(agent, { ticketId: ticket.id, identityId: people.carla });
    assert.equal(req.status, 202);
    await lead.stepUp();
    const both = await Promise.all([lead.post(`/api/recovery-codes/${req.body.id}/approve`), lead.post(`/api/recovery-codes/${req.body.id}/approve`)]);
    assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
    issued.push(both.find((r) => r.status === 201)!.body.code);
    await t.ds.query(sql('UPDATE identities SET privileged = $1 WHERE id = $2'), [false, people.carla]);

    const erikTicket = await verifiedTicket(people.erik);
    await resetRate(agent);
    await agent.stepUp();
    const two = await Promise.all([agent.post('/api/recovery-codes', { ticketId: erikTicket.id, identityId: people.erik }), agent.post('/api/recovery-codes', { ticketId: erikTicket.id, identityId: people.erik })]);
    assert.deepEqual(two.map((r) => r.status), [201, 201]);
    for (const r of two) issued.push(r.body.code);
    const active = await t.ds.query(sql('SELECT id FROM recovery_codes WHERE "identityId" = $1 AND status = $2'), [people.erik, 'active']);
    assert.equal(active.length, 1, 'exactly one usable code remains');
  });

  it('an agent can never issue a code for themself', async () => {
    const ticket = await agent.post('/api/tickets', { identityId: agent.user.id, channel: 'chat', description: 'My own phone' });
    await supervisor.post(`/api/tickets/${ticket.body.id}/verification`, { checks: TWO_CHECKS });
    const r = await issue(agent, { ticketId: ticket.body.id, identityId: agent.user.id });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'SELF_RECOVERY_FORBIDDEN');
    const audit = await supervisor.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ ticketId: ticket.body.id, action: 'recovery-code.refused' }))}`);
    assert.equal(audit.body.length, 1);
    assert.equal(audit.body[0].after.reason, 'self-issue');
  });

  it("notifies the identity's registered address, never the caller's, and the message has no code", async () => {
    await resetRate(agent);
    const r0 = await agent.post('/api/tickets', { identityId: people.erik, callerEmail: 'erik.private@attacker.test', channel: 'phone', description: 'Caller says he is Erik' });
    await agent.post(`/api/tickets/${r0.body.id}/verification`, { checks: TWO_CHECKS });
    const r = await issue(agent, { ticketId: r0.body.id, identityId: people.erik });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const rows = await t.ds.query(sql('SELECT * FROM outbox_messages WHERE "ticketId" = $1'), [r0.body.id]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].recipient, 'erik.nurmi@northwind.test');
    assert.equal(rows[0].kind, 'recovery-code.issued');
    assert.match(rows[0].body, new RegExp(`Customer service issued a one-time sign-in code for ticket #${r0.body.number} on .+ UTC\\. `));
    assert.match(rows[0].body, /If this wasn't you/);
    // A delivery run already under way may have started before this message committed: run until it is sent.
    const delivered = () => t.mail.sent.filter((m) => m.body.includes(`ticket #${r0.body.number} `));
    for (let i = 0; i < 50 && delivered().length === 0; i++) {
      await t.app.get(OutboxService).deliverPending();
      await new Promise((r) => setTimeout(r, 20));
    }
    const mail = delivered();
    assert.equal(mail.length, 1);
    assert.equal(mail[0].to, 'erik.nurmi@northwind.test');
    assert.ok(!t.mail.sent.some((m) => m.to.includes('attacker')));

    const outbox = await supervisor.get(`/api/outbox?filter=${encodeURIComponent(JSON.stringify({ ticketId: r0.body.id }))}`);
    assert.equal(outbox.status, 200);
    assert.equal(outbox.body.length, 1);
    assert.equal((await supervisor.get(`/api/outbox/${outbox.body[0].id}`)).body.recipient, 'erik.nurmi@northwind.test');
    assert.equal((await supervisor.get(`/api/outbox/${UNKNOWN_ID}`)).status, 404);
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

  it('closing a ticket revokes its unused code', async () => {
    await resetRate(agent);
    const ticket = await verifiedTicket(people.anna);
    const r = await issue(agent, { ticketId: ticket.id, identityId: people.anna });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const closed = await agent.put(`/api/tickets/${ticket.id}`, { status: 'closed' });
    assert.equal(closed.status, 200);
    assert.equal((await agent.get(`/api/recovery-codes/${r.body.id}`)).body.status, 'revoked');
    const again = await issue(agent, { ticketId: ticket.id, identityId: people.anna });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'TICKET_CLOSED');
  });

  it('the timeline shows verification, request, approval, issue and revocation', async () => {
    const tickets = (await agent.get(`/api/tickets?filter=${encodeURIComponent(JSON.stringify({ identityId: agent.user.id }))}&range=[0,99]`)).body;
    const approvedTicket = tickets.find((x: { status: string }) => x.status === 'code-issued');
    const timeline = (await agent.get(`/api/tickets/${approvedTicket.id}/timeline`)).body;
    const actions = timeline.map((e: { action: string }) => e.action);
    assert.deepEqual(
      actions.filter((a: string) => ['ticket.created', 'ticket.verification-recorded', 'recovery-code.requested', 'recovery-code.approved', 'recovery-code.issued'].includes(a)),
      ['ticket.created', 'ticket.verification-recorded', 'recovery-code.requested', 'recovery-code.approved', 'recovery-code.issued'],
    );
  });

  it('no code appears in the audit log or the outbox', async () => {
    assert.ok(issued.length >= 8, `codes issued in this file: ${issued.length}`);
    const audit = JSON.stringify(await t.ds.query('SELECT * FROM audit_events'));
    const outbox = JSON.stringify(await t.ds.query('SELECT * FROM outbox_messages'));
    const hashes = JSON.stringify(await t.ds.query('SELECT "codeHash" FROM recovery_codes WHERE "codeHash" IS NOT NULL'));
    for (const code of issued) {
      for (const form of [code, normalizeOneTimeCode(code)!, code.toLowerCase(), hashOneTimeCode(code)!]) {
        assert.ok(!audit.includes(form), 'audit log holds a code');
        assert.ok(!outbox.includes(form), 'outbox holds a code');
      }
      assert.ok(hashes.includes(hashOneTimeCode(code)!));
    }
    for (const action of ['ticket.verification-recorded', 'recovery-code.requested', 'recovery-code.approved', 'recovery-code.rejected', 'recovery-code.issued', 'recovery-code.revoked']) {
      assert.ok(audit.includes(`"${action}"`), `audited: ${action}`);
    }
    const chain = await t.app.get((await import('../server/src/audit/audit.service.js')).AuditService).verify();
    assert.equal(chain.ok, true);
  });

  it('no code appears in the server log (a whole run at LOG_LEVEL=trace, captured)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recovery-log-'));
    const outFile = join(dir, 'codes.json');
    try {
      const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'test/support/recovery-log-probe.ts', outFile], { env: { ...process.env, TEST_LOG_LEVEL: 'trace' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, log.slice(-3000));
      const { codes, hashes } = JSON.parse(readFileSync(outFile, 'utf8')) as { codes: string[]; hashes: string[] };
      assert.equal(codes.length, 3);
      // The capture works: request lines and the service's own messages are there.
      assert.match(log, /\/api\/recovery-codes/);
      assert.match(log, /Recovery code [0-9a-f-]{36} issued for ticket #1/);
      assert.match(log, /approved and issued/);
      for (const [i, c] of codes.entries()) {
        for (const form of [c, normalizeOneTimeCode(c)!, c.toLowerCase(), c.toLowerCase().replace(/-/g, ''), hashes[i]]) assert.ok(!log.includes(form), `the log holds code ${i}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
