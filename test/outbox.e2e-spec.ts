/**
 * The outbox under faults: sealed bodies wiped once delivered, retries with backoff then `failed` (visible to
 * supervisors), a sealed body moved to another row does not open, a database error in a run never escapes the timer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, createTestApp, recordSecret, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { OutboxService, outboxBackoffSeconds } from '../server/src/notifications/outbox.service.js';
import { SecretBox, sealContext } from '../server/src/common/crypto.js';
import type { OutgoingMessage } from '../server/src/notifications/mail-transport.js';

describe('outbox', () => {
  let t: TestApp;
  let outbox: OutboxService;
  let supervisor: StaffClient;
  let seq = 0;
  const repo = () => t.ds.getRepository(OutboxMessage);
  /** Writes a message as a domain would, in its own transaction, and returns the row as stored. */
  const write = async (body: string, subject = `test message ${++seq}`) => {
    const row = await t.db.tx((m) => outbox.enqueue(m, { kind: 'test.message', recipient: `person${seq}@example.test`, subject, body }));
    return row;
  };
  const realSend = () => t.mail.send.bind(t.mail);

  before(async () => {
    t = await createTestApp({ env: { OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_RETRY_SECONDS: '60' } });
    outbox = t.app.get(OutboxService);
    supervisor = await t.signIn(SUPERVISOR);
  });
  after(() => t?.close());

  it('a body carrying a code is stored sealed and redacted, delivered in full, then the sealed copy is wiped', async () => {
    const code = recordSecret('48213977');
    const token = recordSecret('tok_' + 'Zx81'.repeat(8));
    const send = realSend();
    let resolveSend!: () => void;
    const held = new Promise<void>((r) => (resolveSend = r));
    // Hold delivery until the row has been inspected.
    t.mail.send = async (m: OutgoingMessage) => {
      await held;
      return send(m);
    };
    try {
      const row = await write(`Your code is ${code}. Or open https://desk.test/connect/reset?token=${token}`);
      const stored = await repo().findOneByOrFail({ id: row.id });
      assert.ok(!stored.body.includes(code) && !stored.body.includes(token), stored.body);
      assert.match(stored.body, /\[code hidden\]/);
      assert.ok(stored.bodyEnc && !stored.bodyEnc.includes(code));
      assert.ok(!JSON.stringify(await t.ds.query('SELECT * FROM outbox_messages')).includes(code), 'no column holds the code in clear');
      const staffView = await supervisor.get(`/api/outbox/${row.id}`);
      assert.equal(staffView.status, 200);
      assert.equal(staffView.body.bodyEnc, undefined);
      assert.ok(!JSON.stringify(staffView.body).includes(code));
    } finally {
      resolveSend();
      t.mail.send = send;
    }
    await outbox.deliverPending();
    const delivered = t.mail.sent.find((m) => m.subject === `test message ${seq}`);
    assert.ok(delivered?.body.includes(code) && delivered.body.includes(token), 'the recipient gets the real text');
    const after = await repo().findOneByOrFail({ subject: `test message ${seq}` });
    assert.equal(after.status, 'sent');
    assert.equal(after.bodyEnc, null, 'the secret part is gone once delivered');
    assert.equal(after.attempts, 1);
  });

  it('a failing transport: retried with backoff, then failed with its error, visible to supervisors; never sent twice', async () => {
    const send = realSend();
    let calls = 0;
    t.mail.send = () => {
      calls++;
      return Promise.reject(new Error('550 mailbox unavailable'));
    };
    try {
      const row = await write('Hello, nothing secret here');
      await outbox.deliverPending();
      let r = await repo().findOneByOrFail({ id: row.id });
      assert.equal(r.status, 'pending');
      assert.equal(r.attempts, 1);
      assert.equal(r.lastError, '550 mailbox unavailable');
      assert.equal(r.nextAttemptAt!.getTime(), t.clock.nowMs() + outboxBackoffSeconds(1, 60) * 1000);
      // Not due yet: nothing happens.
      await outbox.deliverPending();
      assert.equal(calls, 1);
      t.clock.advanceSeconds(60);
      await outbox.deliverPending();
      r = await repo().findOneByOrFail({ id: row.id });
      assert.equal(r.attempts, 2);
      assert.equal(r.nextAttemptAt!.getTime(), t.clock.nowMs() + 120_000, 'the wait doubles');
      t.clock.advanceSeconds(120);
      await outbox.deliverPending();
      r = await repo().findOneByOrFail({ id: row.id });
      assert.equal(r.status, 'failed');
      assert.equal(r.attempts, 3);
      assert.equal(r.bodyEnc, null);
      t.clock.advanceSeconds(3600);
      await outbox.deliverPending();
      assert.equal(calls, 3, 'a failed message is not tried again');
      supervisor = await t.signIn(SUPERVISOR); // the hour above outlived the session
      const list = await supervisor.get(`/api/outbox?filter=${encodeURIComponent(JSON.stringify({ status: 'failed' }))}`);
      assert.equal(list.status, 200);
      const shown = list.body.find((m: { id: string }) => m.id === row.id);
      assert.equal(shown.lastError, '550 mailbox unavailable');
      assert.equal(shown.attempts, 3);
    } finally {
      t.mail.send = send;
    }
  });

  it('the staff view: a message being sent shows `sending` since when; attempts, next attempt and the last error (redacted)', async () => {
    const send = realSend();
    const code = recordSecret('73019284');
    const password = recordSecret('smtp-Pa55word-x');
    t.mail.send = () => Promise.reject(new Error(`454 rejected "Your code is ${code}" via smtp://mailer:${password}@smtp.example.test:587/?key=${password} (try later)`));
    let row: OutboxMessage;
    try {
      row = await write(`Your code is ${code}`);
      await outbox.deliverPending();
    } finally {
      t.mail.send = send;
    }
    const stored = await repo().findOneByOrFail({ id: row.id });
    assert.equal(stored.status, 'pending');
    assert.ok(!stored.lastError!.includes(code) && !stored.lastError!.includes(password), stored.lastError!);
    assert.equal(stored.lastError, '454 rejected "Your code is [code hidden]" via smtp://[hidden]@smtp.example.test:587/?[hidden] (try later)');
    type StaffView = { status: string; attempts: number; nextAttemptAt: string | null; lastError: string | null; sendingSince: string | null; claimedAt?: string; bodyPurged: boolean };
    const staffView = async () => {
      const r = await supervisor.get(`/api/outbox/${row.id}`);
      assert.equal(r.status, 200);
      return { body: r.body as StaffView };
    };
    let view = await staffView();
    assert.equal(view.body.status, 'pending');
    assert.equal(view.body.attempts, 1);
    assert.equal(new Date(view.body.nextAttemptAt!).getTime(), stored.nextAttemptAt!.getTime());
    assert.equal(view.body.lastError, stored.lastError);
    assert.equal(view.body.sendingSince, null);
    assert.equal(view.body.claimedAt, undefined);
    assert.equal(view.body.bodyPurged, false);
    // An error stored before errors were redacted is redacted on the way out.
    await t.db.tx((m) => m.getRepository(OutboxMessage).update({ id: row.id }, { lastError: `bad code ${code}` }));
    view = await staffView();
    assert.equal(view.body.lastError, 'bad code [code hidden]');
    // Claimed by a process (as mid-send): `sending`, and since when.
    const claimedAt = t.clock.now();
    await t.db.tx((m) => m.getRepository(OutboxMessage).update({ id: row.id }, { status: 'sending', claimedAt }));
    view = await staffView();
    assert.equal(view.body.status, 'sending');
    assert.equal(new Date(view.body.sendingSince!).getTime(), claimedAt.getTime());
    const listed = await supervisor.get(`/api/outbox?filter=${encodeURIComponent(JSON.stringify({ status: 'sending' }))}`);
    assert.ok((listed.body as { id: string }[]).some((m) => m.id === row.id));
    // Leave it sent, for the tests after this one.
    await t.db.tx((m) => m.getRepository(OutboxMessage).update({ id: row.id }, { status: 'sent', claimedAt: null, bodyEnc: null, sentAt: t.clock.now() }));
    // Agents do not see the outbox.
    const agent = await t.signIn(AGENT);
    assert.equal((await agent.get(`/api/outbox/${row.id}`)).status, 403);
  });

  it('a sealed body copied into another row does not open there: that message fails instead of sending the other text', async () => {
    const code = recordSecret('55110923');
    // An attacker with database access swaps the seal before anything was delivered: in the same transaction as the
    // writes, so no delivery run (woken at the commit) can have read the rows before the swap.
    const { secretRow, victim } = await t.db.tx(async (m) => {
      const secretRow = await outbox.enqueue(m, { kind: 'test.message', recipient: `person${++seq}@example.test`, subject: `test message ${seq}`, body: `Your code is ${code}` });
      const victim = await outbox.enqueue(m, { kind: 'test.message', recipient: `person${++seq}@example.test`, subject: `test message ${seq}`, body: 'harmless' });
      await m.getRepository(OutboxMessage).update({ id: victim.id }, { bodyEnc: secretRow.bodyEnc });
      return { secretRow, victim };
    });
    assert.throws(() => t.app.get(SecretBox).open(secretRow.bodyEnc!, sealContext('outbox_messages', 'bodyEnc', victim.id)));
    await outbox.deliverPending();
    const v = await repo().findOneByOrFail({ id: victim.id });
    assert.equal(v.status, 'failed');
    assert.match(v.lastError!, /cannot be opened/);
    assert.equal(t.mail.sent.filter((m) => m.to === victim.recipient).length, 0);
    assert.equal(t.mail.sent.filter((m) => m.to === secretRow.recipient).length, 1);
  });

  it('a database error during a run is logged, never an unhandled rejection; the next run delivers', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await t.ds.query('ALTER TABLE outbox_messages RENAME TO outbox_messages_away');
      await assert.rejects(outbox.deliverPending());
      // The timer's path (as after enqueue and on every tick) swallows and logs the error.
      (outbox as unknown as { tick(): void }).tick();
      await new Promise((r) => setTimeout(r, 200));
      await t.ds.query('ALTER TABLE outbox_messages_away RENAME TO outbox_messages');
      const row = await write('after the blip');
      await outbox.deliverPending();
      assert.equal((await repo().findOneByOrFail({ id: row.id })).status, 'sent');
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('rows from before sealing: bodies still to send get sealed, sent ones keep only the redacted form', async () => {
    const code = recordSecret('90817263');
    const base = { channel: 'email', kind: 'legacy', recipient: 'legacy@example.test', organizationId: null, identityId: null, ticketId: null, attempts: 0, lastError: null, nextAttemptAt: null, claimedAt: null, createdAt: t.clock.now(), bodyEnc: null };
    await repo().insert({ ...base, id: '00000000-0000-4000-8000-00000000aa01', subject: 'legacy held', body: `code ${code}`, status: 'held', sentAt: null });
    await repo().insert({ ...base, id: '00000000-0000-4000-8000-00000000aa02', subject: 'legacy sent', body: `code ${code}`, status: 'sent', sentAt: t.clock.now() });
    assert.equal(await outbox.sealLegacyBodies(), 2);
    const held = await repo().findOneByOrFail({ id: '00000000-0000-4000-8000-00000000aa01' });
    assert.equal(held.body, 'code [code hidden]');
    assert.equal(t.app.get(SecretBox).open(held.bodyEnc!, sealContext('outbox_messages', 'bodyEnc', held.id)), `code ${code}`);
    const sent = await repo().findOneByOrFail({ id: '00000000-0000-4000-8000-00000000aa02' });
    assert.equal(sent.body, 'code [code hidden]');
    assert.equal(sent.bodyEnc, null);
    assert.equal(await outbox.sealLegacyBodies(), 0, 'idempotent');
  });
});

describe('outbox: delivery starts when the writing transaction commits', () => {
  let t: TestApp;
  let outbox: OutboxService;
  before(async () => {
    // an hour between polls: only the wake-up after the commit can deliver within the test
    t = await createTestApp({ env: { OUTBOX_POLL_SECONDS: '3600' } });
    outbox = t.app.get(OutboxService);
  });
  after(() => t?.close());

  const sentWithin = async (subject: string, ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; ) {
      if (t.mail.sent.some((m) => m.subject === subject)) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return t.mail.sent.some((m) => m.subject === subject);
  };

  it('a message written in a transaction is sent right after the commit, not at the next poll (on PostgreSQL the run reads through another connection)', async () => {
    await t.db.tx(async (m) => {
      await outbox.enqueue(m, { kind: 'test.message', recipient: 'after-commit@example.test', subject: 'after commit', body: 'hello' });
      // still inside the transaction: nothing may have gone out yet
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(t.mail.sent.some((s) => s.subject === 'after commit'), false);
    });
    assert.ok(await sentWithin('after commit', 10_000), 'the message waited for the next poll');
  });

  it('a rolled-back transaction sends nothing and wakes nothing', async () => {
    await assert.rejects(
      t.db.tx(async (m) => {
        await outbox.enqueue(m, { kind: 'test.message', recipient: 'rolled-back@example.test', subject: 'rolled back', body: 'never' });
        throw new Error('the domain refused');
      }),
      /the domain refused/,
    );
    await outbox.deliverPending();
    assert.equal(t.mail.sent.some((s) => s.subject === 'rolled back'), false);
    assert.equal(await t.ds.getRepository(OutboxMessage).countBy({ subject: 'rolled back' }), 0);
  });
});
