/**
 * Runs the whole recovery-code path with LOG_LEVEL=trace in its own process, so that the parent test
 * (test/recovery-log.e2e-spec.ts) can read every line the server logged and look for the codes in it.
 * Usage: node --import @swc-node/register/esm-register test/support/recovery-log-probe.ts <out.json>
 */
import { writeFileSync } from 'node:fs';
import { AGENT, createTestApp, LEAD, SUPERVISOR } from '../create-test-app.js';
import { RecoveryService } from '../../server/src/recovery/recovery.service.js';
import { OutboxService } from '../../server/src/notifications/outbox.service.js';
import { hashOneTimeCode } from '../../server/src/common/crypto.js';

const out = process.argv[2];
if (!out) throw new Error('usage: recovery-log-probe.ts <out.json>');

// LOG_FILE empty: this probe's logs go to standard output, which the parent test captures.
const t = await createTestApp({ env: { LOG_LEVEL: 'trace', LOG_FILE: '' } });
const codes: string[] = [];
try {
  const agent = await t.signIn(AGENT);
  const supervisor = await t.signIn(SUPERVISOR);
  const lead = await t.signIn(LEAD);
  const checks = [
    { check: 'org-admin-confirmation', passed: true },
    { check: 'id-document', passed: true },
  ];
  const expect = (r: { status: number; body: unknown }, status: number) => {
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  };

  // A plain issue for Erik (ticket #1), then a second that replaces it, and a redemption.
  const erikTicket = (await agent.get('/api/tickets?filter={"number":1}')).body[0];
  expect(await agent.post(`/api/tickets/${erikTicket.id}/verification`, { checks }), 201);
  await agent.stepUp();
  for (let i = 0; i < 2; i++) {
    const r = await agent.post('/api/recovery-codes', { ticketId: erikTicket.id, identityId: erikTicket.identityId });
    expect(r, 201);
    codes.push(r.body.code);
  }
  const svc = t.app.get(RecoveryService);
  const redeemed = await t.db.tx((m) => svc.redeem(m, erikTicket.identityId, codes[1].toLowerCase()));
  if (!redeemed) throw new Error('redeem failed');
  // A wrong code through the same path.
  await t.db.tx((m) => svc.redeem(m, erikTicket.identityId, codes[0]));

  // Dual control: the agent's own identity holds a console role; the supervisor requests, the lead approves.
  const own = await supervisor.post('/api/tickets', { identityId: agent.user.id, channel: 'chat', description: 'Aino lost her phone' });
  expect(own, 201);
  expect(await supervisor.post(`/api/tickets/${own.body.id}/verification`, { checks }), 201);
  await supervisor.stepUp();
  const pending = await supervisor.post('/api/recovery-codes', { ticketId: own.body.id, identityId: agent.user.id });
  expect(pending, 202);
  await lead.stepUp();
  const approved = await lead.post(`/api/recovery-codes/${pending.body.id}/approve`);
  expect(approved, 201);
  codes.push(approved.body.code);
  await agent.get(`/api/tickets/${own.body.id}/timeline`);
  await supervisor.get('/api/recovery-codes');
  await t.app.get(OutboxService).deliverPending();
} finally {
  await t.close();
}
writeFileSync(out, JSON.stringify({ codes, hashes: codes.map((c) => hashOneTimeCode(c)) }));
