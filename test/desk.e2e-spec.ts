/**
 * Issue 15, the desk's daily work: the queue and agents' load, verification that does not trust a lost phone,
 * expiring verifications and approvals, resolution by hand with a note, invitations without an oracle, invitation
 * requests confirmed by the org admin, and linking a caller to an identity.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { AuditEvent } from '../server/src/audit/audit-event.entity.js';
import { Ticket, TicketComment } from '../server/src/tickets/ticket.entity.js';

describe('the desk: queue, verification, expiry, resolution, invitations', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let lead: StaffClient;
  let admin: StaffClient;
  let northwind: string;
  let brightside: string;

  const ticket = async (n: number) => t.ds.getRepository(Ticket).findOneByOrFail({ number: n });
  const identity = async (email: string) => t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: email.toLowerCase() });

  /** Time passes (staff sessions expire after 30 idle minutes): everyone signs in again. */
  const later = async (seconds: number) => {
    t.clock.advanceSeconds(seconds);
    await signInAll();
  };
  const signInAll = async () => {
    agent = await t.signIn(AGENT);
    supervisor = await t.signIn(SUPERVISOR);
    lead = await t.signIn(LEAD);
    admin = await t.signIn(ORG_ADMIN);
  };

  before(async () => {
    t = await createTestApp();
    await signInAll();
    northwind = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' })).id;
    brightside = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Brightside Ltd' })).id;
  });
  after(async () => t.close());

  it('the queue: both demo tickets unassigned with person, organization and first-response target; Take moves one to mine; the e-mail target is missed after 4 hours', async () => {
    const q = await agent.get('/api/tickets/queue');
    assert.equal(q.status, 200, JSON.stringify(q.body));
    assert.deepEqual(q.body.unassigned.tickets.map((x: { number: number }) => x.number).sort(), [1, 2]);
    const erik = q.body.unassigned.tickets.find((x: { number: number }) => x.number === 1);
    assert.equal(erik.organizationName, 'Northwind Consulting');
    assert.equal(erik.identityEmail, 'erik.nurmi@northwind.test');
    assert.equal(erik.channel, 'phone');
    assert.equal(erik.phoneLost, true);
    // Erik's phone ticket is 72 minutes old: its 15-minute target is missed; Bella's e-mail (12 hours) too
    assert.equal(erik.firstResponseMissed, true);
    assert.equal(new Date(erik.firstResponseDueAt).getTime() - new Date(erik.createdAt).getTime(), 15 * 60_000);
    assert.equal(q.body.missedTargets, 2);
    assert.equal(q.body.mine.total, 0);

    const fresh = await agent.post('/api/tickets', { callerEmail: 'someone@northwind.test', channel: 'e-mail', description: 'A question by mail' });
    assert.equal(fresh.status, 201);
    assert.equal(fresh.body.firstResponseMissed, false);
    await later(4 * 3600 + 60);
    assert.equal((await agent.get(`/api/tickets/${fresh.body.id}`)).body.firstResponseMissed, true, 'the e-mail target (240 minutes) passed unanswered');

    const take = await agent.put(`/api/tickets/${fresh.body.id}`, { assigneeId: agent.user.id });
    assert.equal(take.status, 200);
    assert.ok(take.body.firstResponseAt, 'taking a ticket is its first response');
    assert.equal(take.body.firstResponseMissed, true, 'answered late stays missed');
    const after = await agent.get('/api/tickets/queue');
    assert.deepEqual(after.body.mine.tickets.map((x: { id: string }) => x.id), [fresh.body.id]);
    assert.ok(!after.body.unassigned.tickets.some((x: { id: string }) => x.id === fresh.body.id));

    // supervisors see every agent's load; agents and org admins do not
    const load = await supervisor.get('/api/tickets/load');
    assert.equal(load.status, 200);
    const mine = load.body.find((l: { email: string }) => l.email === AGENT);
    assert.equal(mine.open, 1);
    assert.equal((await agent.get('/api/tickets/load')).status, 403);
    assert.equal((await admin.get('/api/tickets/queue')).status, 403);

    // resolved by hand needs a note; it then counts as resolved today
    const noNote = await agent.put(`/api/tickets/${fresh.body.id}`, { status: 'resolved' });
    assert.equal(noNote.status, 400);
    assert.ok(noNote.body.errors.note);
    const done = await agent.put(`/api/tickets/${fresh.body.id}`, { status: 'resolved', note: 'Answered the question by phone.' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, 'resolved');
    assert.ok(done.body.resolvedAt);
    const comments = await t.ds.getRepository(TicketComment).findBy({ ticketId: fresh.body.id });
    assert.ok(comments.some((c) => c.body === 'Answered the question by phone.'));
    const resolvedToday = (await agent.get('/api/tickets/queue')).body.resolvedToday;
    assert.ok(resolvedToday.tickets.some((x: { id: string }) => x.id === fresh.body.id));
    assert.deepEqual((await agent.get(`/api/tickets/${fresh.body.id}`)).body.allowedActions, [], 'nothing is offered on a resolved ticket');
  });

  it('a stolen phone: call-back and SMS to the number on record pass but do not count; other channels must make up the number', async () => {
    const erik = await ticket(1);
    const weak = await agent.post(`/api/tickets/${erik.id}/verification`, {
      checks: [
        { check: 'call-back', passed: true },
        { check: 'sms-code', passed: true },
        { check: 'knowledge-question', passed: true },
      ],
    });
    assert.equal(weak.status, 201, JSON.stringify(weak.body));
    assert.equal(weak.body.verification.sufficient, false);
    assert.equal(weak.body.verification.passedCount, 1);
    assert.deepEqual(
      weak.body.verification.checks.filter((c: { counted: boolean }) => !c.counted).map((c: { check: string; notCountedReason: string }) => `${c.check}:${c.notCountedReason}`),
      ['call-back:lost-channel', 'sms-code:lost-channel'],
    );
    assert.equal(weak.body.ticketStatus, 'open');
    const view = await agent.get(`/api/tickets/${erik.id}`);
    assert.ok(!view.body.allowedActions.includes('issue-code'), 'no code offered');
    await agent.stepUp();
    const refused = await agent.post('/api/recovery-codes', { ticketId: erik.id, identityId: erik.identityId });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'VERIFICATION_REQUIRED');

    const strong = await agent.post(`/api/tickets/${erik.id}/verification`, {
      checks: [
        { check: 'knowledge-question', passed: true },
        { check: 'org-admin-confirmation', passed: true },
      ],
    });
    assert.equal(strong.body.verification.sufficient, true);
    assert.equal(strong.body.ticketStatus, 'verified');
    assert.ok((await agent.get(`/api/tickets/${erik.id}`)).body.allowedActions.includes('issue-code'));
  });

  it('a verification counts 30 minutes: after that no code can be issued until the caller is verified again', async () => {
    const erik = await ticket(1);
    await later(31 * 60);
    const view = await agent.get(`/api/tickets/${erik.id}`);
    assert.equal(view.body.verification.expired, true);
    assert.equal(view.body.verification.sufficient, false);
    assert.ok(!view.body.allowedActions.includes('issue-code'));
    await agent.stepUp();
    const refused = await agent.post('/api/recovery-codes', { ticketId: erik.id, identityId: erik.identityId });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'VERIFICATION_EXPIRED');
    assert.match(refused.body.message, /expired/);
    const again = await agent.post(`/api/tickets/${erik.id}/verification`, { checks: [{ check: 'id-document', passed: true }, { check: 'org-admin-confirmation', passed: true }] });
    assert.equal(again.body.verification.sufficient, true);
    const issued = await agent.post('/api/recovery-codes', { ticketId: erik.id, identityId: erik.identityId });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.equal((await ticket(1)).waitingForPerson, true, 'waiting for the person to use the code');
    const q = await agent.get('/api/tickets/queue');
    assert.ok(q.body.waiting.tickets.some((x: { number: number }) => x.number === 1));
  });

  it('a dual-control request waits 60 minutes for a second supervisor; then it is expired and a new one may be filed', async () => {
    // the org admin holds a console role: a code for them needs a second supervisor
    const target = await identity(ORG_ADMIN);
    const tk = await agent.post('/api/tickets', { identityId: target.id, channel: 'phone', description: 'Org admin lost the phone' });
    await agent.post(`/api/tickets/${tk.body.id}/verification`, { checks: [{ check: 'id-document', passed: true }, { check: 'knowledge-question', passed: true }] });
    await supervisor.stepUp();
    const req = await supervisor.post('/api/recovery-codes', { ticketId: tk.body.id, identityId: target.id });
    assert.equal(req.status, 202, JSON.stringify(req.body));
    await later(61 * 60);
    await lead.stepUp();
    const late = await lead.post(`/api/recovery-codes/${req.body.id}/approve`);
    assert.equal(late.status, 409);
    assert.equal((await supervisor.get(`/api/recovery-codes/${req.body.id}`)).body.status, 'expired');
    const pendingList = await supervisor.get(`/api/recovery-codes?filter=${encodeURIComponent(JSON.stringify({ status: 'pending-approval' }))}`);
    assert.ok(!pendingList.body.some((c: { id: string }) => c.id === req.body.id), 'an expired request leaves the approval queue');
  });

  it('invitations answer 202 alike for new and existing addresses; an existing account gets "you already have an account"; links are absolute', async () => {
    const fresh = await supervisor.post('/api/identities/invite', { email: 'new.colleague@northwind.test', name: 'New Colleague', organizationId: northwind });
    const existing = await supervisor.post('/api/identities/invite', { email: 'Anna.Virtanen@northwind.test', name: 'Anna', organizationId: northwind });
    assert.equal(fresh.status, 202);
    assert.equal(existing.status, 202);
    assert.deepEqual(Object.keys(fresh.body).sort(), Object.keys(existing.body).sort());
    assert.deepEqual({ ...fresh.body, email: null }, { ...existing.body, email: null }, 'nothing in the answer tells them apart');
    const out = t.ds.getRepository(OutboxMessage);
    const activation = await out.findOneByOrFail({ recipient: 'new.colleague@northwind.test', kind: 'identity.activation' });
    assert.ok(activation.body.includes(`${t.config.publicUrl}/connect/activate?token=`), 'the link is absolute');
    assert.match(t.config.publicUrl, /^http:\/\/localhost:\d+$/);
    const anna = await out.findOneByOrFail({ recipient: 'anna.virtanen@northwind.test', kind: 'identity.already-registered' });
    assert.match(anna.subject, /already have/);
    assert.ok(anna.body.includes(`${t.config.publicUrl}/connect/forgot`));
    assert.equal((await identity('anna.virtanen@northwind.test')).status, 'active', 'the account is untouched');
    assert.ok(await t.ds.getRepository(AuditEvent).findOneBy({ action: 'identity.invitation-existing' }));
  });

  it('org admins invite only into their own organization, and only its Severa users or owned domains', async () => {
    const foreign = await admin.post('/api/identities/invite', { email: 'someone@brightside.test', name: 'X', organizationId: brightside });
    assert.equal(foreign.status, 404, 'another organization is invisible');
    const otherCompany = await admin.post('/api/identities/invite', { email: 'bella.stone@brightside.test', name: 'Bella', organizationId: northwind });
    assert.equal(otherCompany.status, 403, "another company's person cannot be pulled into Northwind");
    assert.equal(otherCompany.body.code, 'INVITE_NOT_ALLOWED');
    assert.ok(otherCompany.body.errors.email);
    const gmail = await admin.post('/api/identities/invite', { email: 'anyone@gmail.test', name: 'X', organizationId: northwind });
    assert.equal(gmail.status, 403);
    assert.equal(await t.ds.getRepository(Identity).countBy({ emailNormalized: 'bella.stone@brightside.test' }), 0);
    const own = await admin.post('/api/identities/invite', { email: 'new.hire@northwind.test', name: 'New Hire', organizationId: northwind });
    assert.equal(own.status, 202);
    // the same 202 for an existing Northwind account: no oracle for the org admin either
    const existing = await admin.post('/api/identities/invite', { email: 'carla.berg@northwind.test', name: 'Carla', organizationId: northwind });
    assert.equal(existing.status, 202);
    assert.deepEqual({ ...own.body, email: null }, { ...existing.body, email: null });
    // supervisors may invite anyone into any organization
    assert.equal((await supervisor.post('/api/identities/invite', { email: 'partner@elsewhere.test', name: 'P', organizationId: brightside })).status, 202);
  });

  it('a caller without an identity: the agent asks, the org admin confirms, the invitation goes out; then the agent finds the person by name and links the ticket (audited)', async () => {
    const tk = await agent.post('/api/tickets', { callerEmail: 'dana.new@northwind.test', channel: 'phone', description: 'New employee cannot sign in' });
    assert.equal(tk.body.identityId, null);
    assert.ok((await agent.get(`/api/tickets/${tk.body.id}`)).body.allowedActions.includes('request-invitation'));
    const wrongOrg = await agent.post(`/api/tickets/${tk.body.id}/invitation-request`, { organizationId: brightside, name: 'Dana New' });
    assert.equal(wrongOrg.status, 400, 'the address is not of that organization');
    const req = await agent.post(`/api/tickets/${tk.body.id}/invitation-request`, { organizationId: northwind, name: 'Dana New' });
    assert.equal(req.status, 201, JSON.stringify(req.body));
    assert.equal(req.body.status, 'pending');
    assert.equal(await t.ds.getRepository(Identity).countBy({ emailNormalized: 'dana.new@northwind.test' }), 0, 'nothing is sent before the org admin confirms');
    assert.equal((await agent.post(`/api/invitation-requests/${req.body.id}/confirm`)).status, 403, 'the agent cannot confirm');
    assert.equal((await supervisor.post(`/api/invitation-requests/${req.body.id}/confirm`)).status, 403, 'only the organization’s admin confirms');
    const list = await admin.get('/api/invitation-requests?filter={"status":"pending"}');
    assert.deepEqual(list.body.map((r: { id: string }) => r.id), [req.body.id]);
    const ok = await admin.post(`/api/invitation-requests/${req.body.id}/confirm`);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'confirmed');
    assert.equal((await admin.post(`/api/invitation-requests/${req.body.id}/confirm`)).status, 409);
    const dana = await identity('dana.new@northwind.test');
    assert.equal(dana.status, 'invited');
    assert.ok(await t.ds.getRepository(OutboxMessage).findOneBy({ recipient: 'dana.new@northwind.test', kind: 'identity.activation' }));

    const found = await agent.get(`/api/identities?filter=${encodeURIComponent(JSON.stringify({ q: 'Dana N' }))}`);
    assert.deepEqual(found.body.map((i: { id: string }) => i.id), [dana.id], 'found by name');
    const linked = await agent.put(`/api/tickets/${tk.body.id}`, { identityId: dana.id });
    assert.equal(linked.status, 200);
    assert.equal(linked.body.identityId, dana.id);
    assert.equal(linked.body.organizationId, null, 'no Severa user yet: the organization stays unknown');
    const ev = await t.ds.getRepository(AuditEvent).findOneByOrFail({ ticketId: tk.body.id, action: 'ticket.updated' });
    assert.equal(ev.after?.identityId, dana.id);
  });

  it("every demo organization has its own admin: Brightside's confirms the invitation for Bella's e-mail ticket; Northwind's and Oldfield's never see it", async () => {
    const brita = await t.signIn('admin@brightside.test');
    const otto = await t.signIn('admin@oldfield.test');
    const oldfield = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Oldfield Oy' })).id;
    const orgsOf = async (c: StaffClient) => ((await c.get('/api/organizations')).body as { id: string }[]).map((o) => o.id);
    assert.deepEqual(await orgsOf(brita), [brightside]);
    assert.deepEqual(await orgsOf(otto), [oldfield]);
    assert.deepEqual(await orgsOf(admin), [northwind]);
    // Brita's dashboard reads Brightside's preflight (who cannot sign in now; the browser test sees Bella there while the
    // demo's connection failures are recent) and its latest failures, and nothing of another organization
    const pre = await brita.get(`/api/sign-in/preflight?portal=azets-work&organizationId=${brightside}`);
    assert.equal(pre.status, 200, JSON.stringify(pre.body));
    assert.ok(pre.body.accounts.some((a: { email: string }) => a.email === 'bella.stone@brightside.test'));
    assert.equal((await brita.get(`/api/sign-in/preflight?portal=myvisma&organizationId=${northwind}`)).status, 404, "another organization's people stay hidden");
    // Northwind has failed sign-ins (Ben, Carla); Brightside's broken connection leaves refused requests, never attempts
    assert.ok(((await admin.get('/api/login-attempts?filter={"result":"failure"}')).body as unknown[]).length > 0);
    const failures = await brita.get('/api/login-attempts?filter={"result":"failure"}');
    assert.equal(failures.status, 200);
    assert.ok(failures.body.every((a: { organizationId: string }) => a.organizationId === brightside), 'only Brightside\'s own failures');

    const bella = await ticket(2);
    assert.equal(bella.identityId, null);
    const req = await agent.post(`/api/tickets/${bella.id}/invitation-request`, { organizationId: brightside, name: 'Bella Stone' });
    assert.equal(req.status, 201, JSON.stringify(req.body));
    for (const other of [admin, otto]) {
      assert.deepEqual((await other.get('/api/invitation-requests?filter={"status":"pending"}')).body, [], 'not their organization');
      assert.equal((await other.post(`/api/invitation-requests/${req.body.id}/confirm`)).status, 404);
    }
    assert.deepEqual((await brita.get('/api/invitation-requests?filter={"status":"pending"}')).body.map((r: { id: string }) => r.id), [req.body.id]);
    const ok = await brita.post(`/api/invitation-requests/${req.body.id}/confirm`);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal((await identity('bella.stone@brightside.test')).status, 'invited');
    assert.ok(await t.ds.getRepository(OutboxMessage).findOneBy({ recipient: 'bella.stone@brightside.test', kind: 'identity.activation' }));
    // Linked to her (invited, no Severa user linked yet), the ticket stays Brightside's: Brita still sees it, Nora does not
    const linked = await agent.put(`/api/tickets/${bella.id}`, { identityId: (await identity('bella.stone@brightside.test')).id });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.organizationId, brightside);
    assert.equal((await brita.get(`/api/tickets/${bella.id}`)).status, 200);
    assert.equal((await admin.get(`/api/tickets/${bella.id}`)).status, 404);
  });
});

describe("the desk's timings are configurable: first-response targets per channel, how long a verification and an approval count", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { FIRST_RESPONSE_MINUTES: 'phone=120,e-mail=600,chat=5', VERIFICATION_VALID_MINUTES: '5', APPROVAL_VALID_MINUTES: '10' } });
  });
  after(async () => t.close());

  it('the queue measures each channel against its own target; a verification counts 5 minutes and an approval waits 10', async () => {
    const agent = await t.signIn(AGENT);
    const q = await agent.get('/api/tickets/queue');
    assert.deepEqual(q.body.firstResponseMinutes, { phone: 120, 'e-mail': 600, chat: 5 });
    const row = (n: number) => q.body.unassigned.tickets.find((x: { number: number }) => x.number === n);
    // Erik's phone call is 72 minutes old: within 120 minutes now; Bella's e-mail is 12 hours old: past 10 hours
    assert.equal(new Date(row(1).firstResponseDueAt).getTime() - new Date(row(1).createdAt).getTime(), 120 * 60_000);
    assert.equal(row(1).firstResponseMissed, false);
    assert.equal(new Date(row(2).firstResponseDueAt).getTime() - new Date(row(2).createdAt).getTime(), 600 * 60_000);
    assert.equal(row(2).firstResponseMissed, true);
    assert.equal(q.body.missedTargets, 1);

    const erik = await t.ds.getRepository(Ticket).findOneByOrFail({ number: 1 });
    const v = await agent.post(`/api/tickets/${erik.id}/verification`, { checks: [{ check: 'id-document', passed: true }, { check: 'org-admin-confirmation', passed: true }] });
    assert.equal(v.body.verification.sufficient, true);
    assert.equal(new Date(v.body.verification.expiresAt).getTime() - new Date(v.body.verification.at).getTime(), 5 * 60_000);
    t.clock.advanceSeconds(4 * 60);
    assert.ok((await agent.get(`/api/tickets/${erik.id}`)).body.allowedActions.includes('issue-code'), 'still counts after 4 minutes');
    t.clock.advanceSeconds(2 * 60);
    const stale = await agent.get(`/api/tickets/${erik.id}`);
    assert.equal(stale.body.verification.expired, true);
    assert.ok(!stale.body.allowedActions.includes('issue-code'));

    const target = await t.ds.getRepository(Identity).findOneByOrFail({ emailNormalized: ORG_ADMIN });
    const tk = await agent.post('/api/tickets', { identityId: target.id, channel: 'phone', description: 'Org admin lost the phone' });
    await agent.post(`/api/tickets/${tk.body.id}/verification`, { checks: [{ check: 'id-document', passed: true }, { check: 'knowledge-question', passed: true }] });
    const supervisor = await t.signIn(SUPERVISOR);
    await supervisor.stepUp();
    const req = await supervisor.post('/api/recovery-codes', { ticketId: tk.body.id, identityId: target.id });
    assert.equal(req.status, 202, JSON.stringify(req.body));
    t.clock.advanceSeconds(11 * 60);
    const lead = await t.signIn(LEAD);
    await lead.stepUp();
    assert.equal((await lead.post(`/api/recovery-codes/${req.body.id}/approve`)).status, 409);
    assert.equal((await supervisor.get(`/api/recovery-codes/${req.body.id}`)).body.status, 'expired');
  });
});
