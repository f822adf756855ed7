/**
 * Freshness of recovery proofs: a caller verification counts VERIFICATION_VALID_MINUTES (30) and a dual-control
 * request waits APPROVAL_VALID_MINUTES (60). At exactly the limit both have expired; an attempt on an expired one is
 * refused with its own error code and audited, and the timeline says when it expired.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { RecoveryCode } from '../server/src/recovery/recovery-code.entity.js';
import { Ticket } from '../server/src/tickets/ticket.entity.js';
import { RecoveryCodeStatus } from '../shared/identity.js';

const MINUTE = 60_000;
const STRONG = { checks: [{ check: 'id-document', passed: true }, { check: 'org-admin-confirmation', passed: true }] };

describe('expiry of a caller verification and of a pending approval', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let lead: StaffClient;

  /**
   * Exactly `ms` pass. Every sign-in and step-up moves the clock to the next TOTP step (30 s), so everyone signs in
   * and steps up a few minutes before the target instant, and the clock is then set to it to the millisecond.
   */
  const later = async (ms: number) => {
    const target = t.clock.nowMs() + ms;
    t.clock.set(Math.max(t.clock.nowMs(), target - 4 * MINUTE));
    agent = await t.signIn(AGENT);
    supervisor = await t.signIn(SUPERVISOR);
    lead = await t.signIn(LEAD);
    await agent.stepUp();
    await supervisor.stepUp();
    await lead.stepUp();
    if (ms > 0) {
      assert.ok(t.clock.nowMs() <= target, 'the sign-ins fit before the target instant');
      t.clock.set(target);
    }
  };
  const refusals = async (ticketId: string, reason: string) =>
    (await t.ds.getRepository(AuditEvent).findBy({ ticketId, action: 'recovery-code.refused' })).filter((e) => (e.after as { reason?: string } | null)?.reason === reason);
  const timelineCodes = async (ticketId: string) => ((await agent.get(`/api/tickets/${ticketId}/timeline`)).body as { messages: { code: string }[] }[]).flatMap((e) => e.messages.map((m) => m.code));

  before(async () => {
    t = await createTestApp();
    await later(0);
  });
  after(async () => t.close());

  it('a verification at exactly 30 minutes is expired: VERIFICATION_EXPIRED (audited, on the timeline); one millisecond younger still issues', async () => {
    const erik = await t.ds.getRepository(Ticket).findOneByOrFail({ number: 1 });
    const v = await agent.post(`/api/tickets/${erik.id}/verification`, STRONG);
    assert.equal(v.body.verification.sufficient, true, JSON.stringify(v.body));
    await later(30 * MINUTE);
    const view = await agent.get(`/api/tickets/${erik.id}`);
    assert.equal(view.body.verification.expired, true);
    assert.ok(!view.body.allowedActions.includes('issue-code'));
    const refused = await agent.post('/api/recovery-codes', { ticketId: erik.id, identityId: erik.identityId });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'VERIFICATION_EXPIRED');
    assert.equal(await t.ds.getRepository(RecoveryCode).countBy({ ticketId: erik.id }), 0, 'no code on an expired verification');
    assert.equal((await refusals(erik.id, 'verification-expired')).length, 1, 'the attempt is audited');
    const codes = await timelineCodes(erik.id);
    assert.ok(codes.includes('verificationLapsed'), codes.join());
    assert.ok(codes.includes('codeRefused'), codes.join());

    // a fresh verification, and a code at the last millisecond it counts
    const again = await agent.post(`/api/tickets/${erik.id}/verification`, STRONG);
    assert.equal(again.body.verification.sufficient, true);
    await later(30 * MINUTE - 1);
    const fresh = await agent.get(`/api/tickets/${erik.id}`);
    assert.ok(fresh.body.allowedActions.includes('issue-code'), JSON.stringify(fresh.body.allowedActions));
    const issued = await agent.post('/api/recovery-codes', { ticketId: erik.id, identityId: erik.identityId });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.equal((await refusals(erik.id, 'verification-expired')).length, 1, 'nothing more refused');
  });

  it('a request at exactly 60 minutes is expired: it cannot be approved (APPROVAL_EXPIRED, audited) or rejected, and a new one may be filed', async () => {
    const target = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: ORG_ADMIN });
    const tk = await agent.post('/api/tickets', { identityId: target.id, channel: 'phone', description: 'Org admin lost the phone' });
    await agent.post(`/api/tickets/${tk.body.id}/verification`, { checks: [{ check: 'id-document', passed: true }, { check: 'knowledge-question', passed: true }] });
    const req = await supervisor.post('/api/recovery-codes', { ticketId: tk.body.id, identityId: target.id });
    assert.equal(req.status, 202, JSON.stringify(req.body));
    await later(45 * MINUTE);
    // the agent verifies the caller again while the request waits, so only the request's own age decides below
    await agent.post(`/api/tickets/${tk.body.id}/verification`, { checks: [{ check: 'id-document', passed: true }, { check: 'knowledge-question', passed: true }] });
    await later(15 * MINUTE);
    const late = await lead.post(`/api/recovery-codes/${req.body.id}/approve`);
    assert.equal(late.status, 409, JSON.stringify(late.body));
    assert.equal(late.body.code, 'APPROVAL_EXPIRED');
    assert.equal((await refusals(tk.body.id, 'approval-expired')).length, 1, 'the attempt is audited');
    const row = await t.ds.getRepository(RecoveryCode).findOneByOrFail({ id: req.body.id });
    assert.equal(row.codeHash, null, 'no code was generated');
    assert.equal((await supervisor.get(`/api/recovery-codes/${req.body.id}`)).body.status, 'expired');
    assert.equal((await lead.post(`/api/recovery-codes/${req.body.id}/reject`, { reason: 'too late' })).body.code, 'APPROVAL_EXPIRED');
    assert.ok((await timelineCodes(tk.body.id)).includes('requestExpired'));
    const anew = await supervisor.post('/api/recovery-codes', { ticketId: tk.body.id, identityId: target.id });
    assert.equal(anew.status, 202, JSON.stringify(anew.body));
  });

  it('one millisecond before 60 minutes the request is approved, on a verification that still counts; an expired verification stops the approval', async () => {
    const target = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: ORG_ADMIN });
    // the request filed last in the previous test (the expired one keeps its stored status; its expiry is computed)
    const pending = await t.ds.getRepository(RecoveryCode).findOneOrFail({ where: { identityId: target.id, status: RecoveryCodeStatus.PENDING_APPROVAL }, order: { createdAt: 'DESC' } });
    const tk = pending.ticketId;
    // the verification the request was filed on expires 30 minutes after it was recorded: approving needs a new one
    await later(30 * MINUTE);
    const stale = await lead.post(`/api/recovery-codes/${pending.id}/approve`);
    assert.equal(stale.status, 409, JSON.stringify(stale.body));
    assert.equal(stale.body.code, 'VERIFICATION_EXPIRED');
    assert.equal((await refusals(tk, 'verification-expired')).length, 1);
    // the approval queue says so before anyone tries
    const queued = async () => ((await lead.get(`/api/recovery-codes?filter=${encodeURIComponent(JSON.stringify({ status: 'pending-approval' }))}`)).body as { id: string; approvalRefusal: string | null }[]).find((c) => c.id === pending.id);
    assert.equal((await queued())?.approvalRefusal, 'verification-expired');
    await agent.post(`/api/tickets/${tk}/verification`, { checks: [{ check: 'id-document', passed: true }, { check: 'knowledge-question', passed: true }] });
    assert.equal((await queued())?.approvalRefusal, null);
    await later(30 * MINUTE - 1 - 1);
    // 60 minutes minus 2 ms after the request (the re-verification is 30 minutes minus 2 ms old)
    const ok = await lead.post(`/api/recovery-codes/${pending.id}/approve`);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal((await supervisor.get(`/api/recovery-codes/${pending.id}`)).body.status, 'active');
  });
});
