/**
 * Two server processes deliver one outbox through a real SMTP server: every message arrives exactly once (rows are
 * claimed atomically before sending), and a database error in the middle leaves both processes running.
 * Meant for PostgreSQL (`FOR UPDATE SKIP LOCKED`); on SQLite the claim is one atomic UPDATE … RETURNING as well.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { freshDatabaseEnv } from './create-test-app.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { loadConfig } from '../server/src/config/app-config.js';
import { buildDataSourceOptions } from '../server/src/database/data-source-options.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';

describe('outbox with two server processes', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let drop: () => Promise<void>;
  let ds: DataSource;
  let smtp: SMTPServer;
  const received: string[] = [];

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, done) {
        let raw = '';
        stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
        // A little latency per message, like a real relay: both processes have time to claim work.
        stream.on('end', () => setTimeout(() => (received.push(/^Subject: (.*)$/m.exec(raw)?.[1].trim() ?? '?'), done()), 5));
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const port = (smtp.server.address() as AddressInfo).port;
    const fresh = await freshDatabaseEnv();
    drop = fresh.drop;
    const env = { ...fresh.env, DEMO_DATA: 'false', SMTP_URL: `smtp://127.0.0.1:${port}`, OUTBOX_POLL_SECONDS: '1', OUTBOX_RETRY_SECONDS: '1' };
    a = await startServerProcess(env);
    b = await startServerProcess(env);
    ds = new DataSource(buildDataSourceOptions(loadConfig({ ...process.env, ...env })));
    await ds.initialize();
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await ds?.destroy();
    smtp?.close();
    await drop?.();
  });

  /** Writes n pending messages straight into the table, as a domain transaction would. */
  async function writeMessages(prefix: string, n: number): Promise<string[]> {
    const subjects = Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
    const now = new Date();
    await ds.getRepository(OutboxMessage).insert(
      subjects.map((subject, i) => ({
        id: `00000000-0000-4000-8000-${prefix === 'first' ? '0' : '1'}${String(i).padStart(11, '0')}`,
        channel: 'email',
        kind: 'test.multi-process',
        recipient: `r${i}@example.test`,
        subject,
        body: 'Hello',
        bodyEnc: null,
        status: 'pending',
        organizationId: null,
        identityId: null,
        ticketId: null,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
        claimedAt: null,
        createdAt: now,
        sentAt: null,
      })),
    );
    return subjects;
  }

  async function waitAllSent(kind = 'test.multi-process', timeoutMs = 90_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const open = await ds.getRepository(OutboxMessage).createQueryBuilder('o').where('o.kind = :kind AND o.status <> :sent', { kind, sent: 'sent' }).getCount();
      if (open === 0) return;
      if (Date.now() > until) throw new Error(`${open} messages still not sent`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('120 messages, both processes polling every second: each delivered exactly once', async () => {
    const subjects = await writeMessages('first', 120);
    await waitAllSent();
    const counts = new Map<string, number>();
    for (const s of received) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const s of subjects) assert.equal(counts.get(s), 1, `${s} arrived ${counts.get(s) ?? 0} times`);
    assert.equal(received.length, subjects.length);
    const rows = await ds.getRepository(OutboxMessage).findBy({ kind: 'test.multi-process' });
    assert.ok(rows.every((r) => r.attempts === 1 && r.bodyEnc === null && r.sentAt !== null));
  });

  it('the outbox table disappears for a few seconds: both processes log it, stay up, and deliver afterwards', async () => {
    await ds.query('ALTER TABLE outbox_messages RENAME TO outbox_messages_gone');
    await new Promise((r) => setTimeout(r, 3000)); // three ticks of each process hit the error
    await ds.query('ALTER TABLE outbox_messages_gone RENAME TO outbox_messages');
    assert.equal(a.child.exitCode, null, a.output());
    assert.equal(b.child.exitCode, null, b.output());
    const before = received.length;
    const subjects = await writeMessages('second', 30);
    await waitAllSent();
    const after = received.slice(before);
    assert.deepEqual([...after].sort(), subjects);
    const health = await fetch(`${a.url}/api/health`);
    assert.equal(health.status, 200);
  });
});
