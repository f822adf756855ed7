import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, LEAD, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('lost-phone tickets', () => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;
  let admin: StaffClient;
  const ids: Record<string, string> = {};

  const identityId = async (email: string): Promise<string> => {
    const q = t.db.isPostgres ? 'SELECT id FROM identities WHERE "emailNormalized" = $1' : 'SELECT id FROM identities WHERE "emailNormalized" = ?';
    const rows = await t.ds.query(q, [email]);
    assert.equal(rows.length, 1, email);
    return rows[0].id;
  };
  const ticketByNumber = async (n: number) => {
    const r = await agent.get(`/api/tickets?filter=${encodeURIComponent(JSON.stringify({ number: n }))}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.length, 1);
    return r.body[0];
  };

  before(async () => {
    t = await createTestApp();
    agent = await t.signIn(AGENT);
    supervisor = await t.signIn(SUPERVISOR);
    admin = await t.signIn(ORG_ADMIN);
    for (const e of ['erik.nurmi@northwind.test', 'anna.virtanen@northwind.test', 'carla.berg@northwind.test', AGENT, LEAD, ORG_ADMIN]) ids[e] = await identityId(e);
  });
  after(async () => t.close());

  it("lists the demo tickets with names, Erik's lost-phone ticket #1 first among Northwind's", async () => {
    const r = await agent.get('/api/tickets?sort=["number","ASC"]&range=[0,9]');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-range'], /^tickets 0-1\/2$/);
    const erik = r.body[0];
    assert.equal(erik.number, 1);
    assert.equal(erik.status, 'open');
    assert.equal(erik.identityEmail, 'erik.nurmi@northwind.test');
    assert.equal(erik.verification, null);
    assert.deepEqual(erik.allowedStatuses, ['resolved', 'closed']);
    const bad = await agent.get('/api/tickets?filter={"status":"lost"}');
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors['filter.status']);
  });

  it('creates a ticket for an identity: next number, organization from the Severa user, audited', async () => {
    const r = await agent.post('/api/tickets', { identityId: ids['anna.virtanen@northwind.test'], channel: 'chat', description: 'Anna lost her phone on a trip.\nShe still has her password.' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.number, 3);
    assert.equal(r.body.status, 'open');
    assert.equal(r.body.subject, 'Anna lost her phone on a trip.');
    assert.equal(r.body.createdById, agent.user.id);
    assert.ok(r.body.organizationId, 'organization derived from the identity');
    assert.equal(r.body.organizationId, admin.user.organizationIds[0]);
    const audit = await supervisor.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ ticketId: r.body.id, action: 'ticket.created' }))}`);
    assert.equal(audit.body.length, 1);
    assert.equal(audit.body[0].actorEmail, AGENT);
    ids.anna = r.body.id;
  });

  it('creates a ticket from the e-mail a caller gives: linked when it names an identity, kept as given otherwise', async () => {
    const known = await agent.post('/api/tickets', { callerEmail: 'Carla.Berg@northwind.test', channel: 'phone', subject: 'Lost phone', description: 'Carla called.' });
    assert.equal(known.status, 201);
    assert.equal(known.body.identityId, ids['carla.berg@northwind.test']);
    assert.equal(known.body.callerEmail, 'Carla.Berg@northwind.test');
    const unknown = await agent.post('/api/tickets', { callerEmail: 'someone@elsewhere.test', channel: 'e-mail', description: 'Asks for a code.' });
    assert.equal(unknown.status, 201);
    assert.equal(unknown.body.identityId, null);
    assert.equal(unknown.body.organizationId, null);
    ids.unlinked = unknown.body.id;
  });

  it('refuses bad input with 400 naming every bad field', async () => {
    const neither = await agent.post('/api/tickets', { channel: 'phone', description: 'x' });
    assert.equal(neither.status, 400);
    assert.ok(neither.body.errors.identityId && neither.body.errors.callerEmail);
    const many = await agent.post('/api/tickets', { callerEmail: 'not-an-email', channel: 'fax', description: '   ', extra: 1 });
    assert.equal(many.status, 400);
    for (const f of ['callerEmail', 'channel', 'description', 'extra']) assert.ok(many.body.errors[f], `names ${f}: ${JSON.stringify(many.body)}`);
    const ghost = await agent.post('/api/tickets', { identityId: UNKNOWN_ID, channel: 'phone', description: 'x' });
    assert.equal(ghost.status, 400);
    assert.ok(ghost.body.errors.identityId);
    const long = await agent.post('/api/tickets', { callerEmail: 'a@b.test', channel: 'phone', description: 'x', subject: 'y'.repeat(201) });
    assert.equal(long.status, 400);
    assert.ok(long.body.errors.subject);
  });

  it('allocates unique consecutive numbers under concurrent creation', async () => {
    const before = (await agent.get('/api/tickets?sort=["number","DESC"]&range=[0,0]')).body[0].number;
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => agent.post('/api/tickets', { callerEmail: `burst${i}@elsewhere.test`, channel: 'chat', description: `burst ${i}` })));
    for (const r of rs) assert.equal(r.status, 201, JSON.stringify(r.body));
    const numbers = rs.map((r) => r.body.number).sort((a, b) => a - b);
    assert.deepEqual(numbers, Array.from({ length: 8 }, (_, i) => before + 1 + i));
  });

  it('assigns to desk staff only; supervisors and agents both can', async () => {
    const ok = await agent.put(`/api/tickets/${ids.anna}`, { assigneeId: agent.user.id });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.assigneeEmail, AGENT);
    const toAdmin = await agent.put(`/api/tickets/${ids.anna}`, { assigneeId: ids[ORG_ADMIN] });
    assert.equal(toAdmin.status, 400);
    assert.ok(toAdmin.body.errors.assigneeId);
    const toCustomer = await agent.put(`/api/tickets/${ids.anna}`, { assigneeId: ids['erik.nurmi@northwind.test'] });
    assert.equal(toCustomer.status, 400);
    const lead = await supervisor.put(`/api/tickets/${ids.anna}`, { assigneeId: ids[LEAD] });
    assert.equal(lead.status, 200);
    assert.equal(lead.body.assigneeEmail, LEAD);
    const un = await supervisor.put(`/api/tickets/${ids.anna}`, { assigneeId: null });
    assert.equal(un.status, 200);
    assert.equal(un.body.assigneeId, null);
    const bad = await agent.put(`/api/tickets/${ids.anna}`, { status: 'lost', number: 7 });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.status && bad.body.errors.number);
    const missing = await agent.put(`/api/tickets/${UNKNOWN_ID}`, { assigneeId: null });
    assert.equal(missing.status, 404);
  });

  it('refuses invalid status transitions with 409', async () => {
    const verified = await agent.put(`/api/tickets/${ids.anna}`, { status: 'verified' });
    assert.equal(verified.status, 409);
    assert.equal(verified.body.code, 'INVALID_TRANSITION');
    const issued = await agent.put(`/api/tickets/${ids.anna}`, { status: 'code-issued' });
    assert.equal(issued.status, 409);
    const resolved = await agent.put(`/api/tickets/${ids.anna}`, { status: 'resolved' });
    assert.equal(resolved.status, 400, 'resolving by hand needs a note saying what was done');
    assert.ok(resolved.body.errors.note);
    const closed = await agent.put(`/api/tickets/${ids.unlinked}`, { status: 'closed' });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, 'closed');
    assert.deepEqual(closed.body.allowedStatuses, []);
    const reopen = await agent.put(`/api/tickets/${ids.unlinked}`, { status: 'open' });
    assert.equal(reopen.status, 409);
    const resolveClosed = await agent.put(`/api/tickets/${ids.unlinked}`, { status: 'resolved', note: 'done' });
    assert.equal(resolveClosed.status, 409);
  });

  it('comments: added by the desk, listed in order, blank refused', async () => {
    const a = await agent.post(`/api/tickets/${ids.anna}/comments`, { body: 'Called Anna back on the number on record.' });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(a.body.authorEmail, AGENT);
    const b = await supervisor.post(`/api/tickets/${ids.anna}/comments`, { body: 'Looks fine.' });
    assert.equal(b.status, 201);
    const list = await agent.get(`/api/tickets/${ids.anna}/comments`);
    assert.deepEqual(
      list.body.map((c: { body: string }) => c.body),
      ['Called Anna back on the number on record.', 'Looks fine.'],
    );
    const blank = await agent.post(`/api/tickets/${ids.anna}/comments`, { body: ' \n ' });
    assert.equal(blank.status, 400);
    assert.ok(blank.body.errors.body);
    const missing = await agent.post(`/api/tickets/${UNKNOWN_ID}/comments`, { body: 'x' });
    assert.equal(missing.status, 404);
  });

  it('verification: needs a linked identity, validates the checks, and moves the ticket to verified when enough pass', async () => {
    const unlinked = await agent.post('/api/tickets', { callerEmail: 'nobody@elsewhere.test', channel: 'phone', description: 'x' });
    const noIdentity = await agent.post(`/api/tickets/${unlinked.body.id}/verification`, { checks: [{ check: 'call-back', passed: true }] });
    assert.equal(noIdentity.status, 409);

    const bad = await agent.post(`/api/tickets/${ids.anna}/verification`, { checks: [{ check: 'birthday', passed: 'yes' }] });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors['checks.0.check'] && bad.body.errors['checks.0.passed'], JSON.stringify(bad.body));
    const empty = await agent.post(`/api/tickets/${ids.anna}/verification`, { checks: [] });
    assert.equal(empty.status, 400);
    assert.ok(empty.body.errors.checks);
    const twice = await agent.post(`/api/tickets/${ids.anna}/verification`, { checks: [{ check: 'call-back', passed: true }, { check: 'call-back', passed: true }] });
    assert.equal(twice.status, 400);
    assert.ok(twice.body.errors.checks);

    const overview = await agent.get(`/api/tickets/${ids.anna}/verification`);
    assert.equal(overview.body.requiredCount, 2);
    assert.deepEqual(
      overview.body.checks.map((c: { id: string }) => c.id),
      ['call-back', 'sms-code', 'org-admin-confirmation', 'knowledge-question', 'id-document'],
    );

    const weak = await agent.post(`/api/tickets/${ids.anna}/verification`, {
      checks: [
        { check: 'call-back', passed: true, note: 'Answered on +358 number on record' },
        { check: 'knowledge-question', passed: false },
      ],
    });
    assert.equal(weak.status, 201, JSON.stringify(weak.body));
    assert.equal(weak.body.verification.sufficient, false);
    assert.equal(weak.body.verification.passedCount, 1);
    assert.equal(weak.body.ticketStatus, 'open');

    const strong = await agent.post(`/api/tickets/${ids.anna}/verification`, {
      checks: [
        { check: 'call-back', passed: true },
        { check: 'org-admin-confirmation', passed: true, note: 'Nora confirmed by phone' },
      ],
    });
    assert.equal(strong.status, 201);
    assert.equal(strong.body.verification.sufficient, true);
    assert.equal(strong.body.ticketStatus, 'verified');
    const ticket = await agent.get(`/api/tickets/${ids.anna}`);
    assert.equal(ticket.body.status, 'verified');
    assert.equal(ticket.body.verification.sufficient, true);
    assert.deepEqual(ticket.body.allowedStatuses, ['resolved', 'closed']);

    // Once verified, the ticket's identity is fixed.
    const relink = await agent.put(`/api/tickets/${ids.anna}`, { identityId: ids['carla.berg@northwind.test'] });
    assert.equal(relink.status, 409);

    // Notes stay out of the audit log.
    const audit = await supervisor.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ ticketId: ids.anna, action: 'ticket.verification-recorded' }))}`);
    assert.equal(audit.body.length, 2);
    assert.ok(!JSON.stringify(audit.body).includes('Nora confirmed'));
  });

  it('an agent cannot verify a ticket about themself', async () => {
    const own = await supervisor.post('/api/tickets', { identityId: agent.user.id, channel: 'chat', description: 'Aino lost her phone' });
    assert.equal(own.status, 201);
    const r = await agent.post(`/api/tickets/${own.body.id}/verification`, { checks: [{ check: 'call-back', passed: true }, { check: 'id-document', passed: true }] });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'SELF_RECOVERY_FORBIDDEN');
  });

  it('the timeline merges events, verifications and comments, oldest first', async () => {
    const r = await agent.get(`/api/tickets/${ids.anna}/timeline`);
    assert.equal(r.status, 200);
    const kinds = r.body.map((e: { kind: string; action: string }) => `${e.kind}:${e.action}`);
    assert.equal(kinds[0], 'event:ticket.created');
    assert.ok(kinds.includes('comment:ticket.commented'));
    assert.equal(kinds.filter((k: string) => k === 'verification:ticket.verification-recorded').length, 2);
    assert.ok(kinds.includes('event:ticket.updated'));
    // The clock stood still: the order is the order in which things were written.
    assert.ok(kinds.indexOf('comment:ticket.commented') < kinds.indexOf('verification:ticket.verification-recorded'));
    const verifications = r.body.filter((e: { kind: string }) => e.kind === 'verification');
    assert.deepEqual(
      verifications.map((v: { details: { sufficient: boolean } }) => v.details.sufficient),
      [false, true],
    );
    const times = r.body.map((e: { at: string }) => new Date(e.at).getTime());
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    // Codes and parameters for the catalogs, never sentences; people's words only in comments' bodies.
    const assigned = r.body.find((e: { action: string; messages: { code: string }[] }) => e.action === 'ticket.updated' && e.messages.some((x) => x.code === 'assigned'));
    assert.ok(assigned, JSON.stringify(r.body));
    assert.match(assigned.messages.find((x: { code: string }) => x.code === 'assigned').params.email, /@/);
    assert.deepEqual(r.body[0].messages, [{ code: 'ticketCreated', params: { channel: 'chat' } }]);
    assert.deepEqual(verifications.map((v: { messages: { code: string }[] }) => v.messages[0].code), ['verificationInsufficient', 'verificationSufficient']);
    for (const e of r.body) {
      assert.ok(!('summary' in e));
      assert.ok(e.messages.length >= 1);
      assert.equal(e.body === null, e.kind !== 'comment', `${e.action}: a body only on comments`);
    }
    const note = r.body.find((e: { kind: string }) => e.kind === 'comment');
    assert.deepEqual(note.messages, [{ code: 'note', params: {} }]);
  });

  it("org admins read their organization's tickets only, and cannot change them", async () => {
    const list = await admin.get('/api/tickets?range=[0,99]');
    assert.equal(list.status, 200);
    assert.ok(list.body.length >= 2);
    assert.ok(list.body.every((x: { organizationId: string }) => x.organizationId === admin.user.organizationIds[0]));
    const erik = await ticketByNumber(1);
    assert.equal((await admin.get(`/api/tickets/${erik.id}`)).status, 200);
    assert.equal((await admin.get(`/api/tickets/${erik.id}/timeline`)).status, 200);
    const bella = await ticketByNumber(2);
    assert.equal((await admin.get(`/api/tickets/${bella.id}`)).status, 404, 'another organization looks missing');
    assert.equal((await admin.get(`/api/tickets/${bella.id}/timeline`)).status, 404);
    assert.equal((await admin.get(`/api/tickets/${bella.id}/comments`)).status, 404);
    assert.equal((await admin.get(`/api/tickets/${ids.unlinked}`)).status, 404, 'tickets without an organization are desk-only');
    for (const r of [
      await admin.post('/api/tickets', { identityId: ids['erik.nurmi@northwind.test'], channel: 'phone', description: 'x' }),
      await admin.put(`/api/tickets/${erik.id}`, { status: 'closed' }),
      await admin.post(`/api/tickets/${erik.id}/comments`, { body: 'x' }),
      await admin.post(`/api/tickets/${erik.id}/verification`, { checks: [{ check: 'call-back', passed: true }] }),
    ]) {
      assert.equal(r.status, 403);
      assert.equal(r.body.code, 'FORBIDDEN');
    }
  });

  it('closing a ticket is final and audited', async () => {
    const r = await agent.put(`/api/tickets/${ids.anna}`, { status: 'closed' });
    assert.equal(r.status, 200);
    const v = await agent.post(`/api/tickets/${ids.anna}/verification`, { checks: [{ check: 'call-back', passed: true }] });
    assert.equal(v.status, 409);
    assert.equal(v.body.code, 'TICKET_CLOSED');
    const audit = await supervisor.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ ticketId: ids.anna, action: 'ticket.updated' }))}`);
    assert.ok(audit.body.some((e: { after: { status?: string } }) => e.after?.status === 'closed'));
  });
});

describe('outbox as staff see it', () => {
  it('hides link tokens and codes that belong to the recipient alone', async () => {
    const { redactOutboxBody } = await import('../server/src/notifications/outbox.controller.js');
    const body = 'Activate: https://x.test/connect/activate?token=abcDEF123_-xyz&x=1\nYour code is 123456.\nRecovery ABCD-EFGH-JKMN-PQRS-TVWX';
    const shown = redactOutboxBody(body);
    assert.ok(!shown.includes('abcDEF123_-xyz'));
    assert.ok(!shown.includes('123456'));
    assert.ok(!shown.includes('ABCD-EFGH-JKMN-PQRS-TVWX'));
    assert.match(shown, /token=\[hidden/);
  });
});
