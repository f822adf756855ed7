/**
 * One-time recovery codes under dual control (a second supervisor approves codes for people with console roles or
 * marked privileged), races, self-issue, the notice to the registered address, closing a ticket, the timeline, and no
 * code in the audit log or the outbox.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, LEAD, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { hashOneTimeCode, normalizeOneTimeCode } from '../server/src/common/crypto.js';
import { CODE_FORMAT, recoveryHelpers, startRecoveryApp, TWO_CHECKS, UNKNOWN_ID } from './support/recovery.js';

describe('one-time recovery codes: dual control, races, notices, audit', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let lead: StaffClient;
  let people: Record<string, string> = {};
  /** Every code the API handed out in this file: none may appear in the audit log or the outbox. */
  const issued: string[] = [];
  const { sql, codeRow, verifiedTicket, issue, resetRate } = recoveryHelpers(() => ({ t, agent }), issued);

  before(async () => {
    ({ t, people, staff: { agent, supervisor, lead } } = await startRecoveryApp());
  });
  after(async () => t.close());

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
    assert.ok(issued.length >= 6, `codes issued in this file: ${issued.length}`);
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
});
