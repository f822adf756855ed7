/**
 * Audited writes under concurrency (issue 18): how much the audit chain's lock costs.
 *
 * Boots the real app (real services, real Db, real AuditService) on a database of its own, then runs `--clients`
 * concurrent loops for `--seconds`, each doing one audited write after another:
 *   comment: TicketCommentsService.addComment (insert a comment, touch the ticket, audit it) — a staff action as the
 *            API runs it;
 *   early:   the same three statements in one transaction, but the audit event recorded FIRST (as many services
 *            do: record, then enqueue a mail, update a row, …), which is where an early lock hurts most.
 * Prints throughput, latency percentiles and, per transaction, the wait for the 'audit-chain' lock and how long it
 * was held (lock granted → transaction committed).
 *
 *   node --import @swc-node/register/esm-register bench/audit-chain.ts --database-url postgres://postgres@127.0.0.1:5432 \
 *     [--clients 20] [--seconds 8] [--workload comment|early] [--no-lock]
 *   (without --database-url: SQLite in a temporary directory)
 *
 * --no-lock skips the chain's lock — MEASUREMENT ONLY: the chain it writes does not verify.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { StaffRole } from '../shared/roles.js';
import type { Actor } from '../server/src/common/request-context.js';
import type { Ticket as TicketRow } from '../server/src/tickets/ticket.entity.js';

const { values: opt } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    clients: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '8' },
    workload: { type: 'string', default: 'comment' },
    'no-lock': { type: 'boolean', default: false },
  },
});
const CLIENTS = Number(opt.clients);
const SECONDS = Number(opt.seconds);

const dataDir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', AUDIT_HEAD_LOG_EVERY: '0' };
let dropDb: (() => Promise<void>) | null = null;
if (opt['database-url']) {
  const base = opt['database-url'];
  const name = `audit_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = '/' + name;
  env.DATABASE_URL = url.toString();
  dropDb = async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}

// The entities pick their column types from DATABASE_URL when they are loaded: import the app after setting it.
Object.assign(process.env, env);
const { createApp } = await import('../server/src/app.factory.js');
const { loadConfig } = await import('../server/src/config/app-config.js');
const { Db, newId } = await import('../server/src/database/db.service.js');
const { AuditService } = await import('../server/src/audit/audit.service.js');
const { TicketCommentsService } = await import('../server/src/tickets/ticket-comments.service.js');
const { Ticket, TicketComment } = await import('../server/src/tickets/ticket.entity.js');
const { Clock } = await import('../server/src/common/clock.js');

interface TxTimes {
  lockAsked?: number;
  lockGranted?: number;
}
const als = new AsyncLocalStorage<TxTimes>();
type DbInstance = InstanceType<typeof Db>;
const originalLock = (Object.getOwnPropertyDescriptor(Db.prototype, 'lock') as { value: DbInstance['lock'] }).value;
Db.prototype.lock = async function (this: DbInstance, m, name) {
  const t = als.getStore();
  if (name !== 'audit-chain' || !t) return originalLock.call(this, m, name);
  if (t.lockAsked === undefined) t.lockAsked = performance.now();
  if (!opt['no-lock']) await originalLock.call(this, m, name);
  if (t.lockGranted === undefined) t.lockGranted = performance.now();
};

const app = await createApp(loadConfig({ ...process.env, ...env }), { demoData: true });
await app.init();
const db = app.get(Db);
const audit = app.get(AuditService);
const comments = app.get(TicketCommentsService);
const clock = app.get(Clock);
const tickets = await db.manager.getRepository(Ticket).find({ take: 50 });
if (!tickets.length) throw new Error('the demo data has no tickets');
const actor: Actor = {
  id: newId(),
  email: 'bench@example.test',
  name: 'Bench',
  roles: [StaffRole.SUPERVISOR],
  organizationIds: [],
  allOrganizations: true,
  actingRole: 'supervisor',
  sessionId: 'bench',
  steppedUpAt: null,
  locale: null,
};

async function early(t: TicketRow): Promise<void> {
  await db.tx(async (m) => {
    const c = m.getRepository(TicketComment).create({ id: newId(), ticketId: t.id, authorId: actor.id, kind: 'note', fromAddress: null, body: 'bench', createdAt: clock.now() });
    await audit.record({ action: 'ticket.commented', targetType: 'ticket-comment', targetId: c.id, ticketId: t.id, organizationId: t.organizationId, after: { length: 5 }, actor: { id: actor.id, email: actor.email, role: 'supervisor' } }, m);
    await m.getRepository(TicketComment).insert(c);
    await m.getRepository(Ticket).update({ id: t.id }, { updatedAt: c.createdAt });
  });
}
const one = opt.workload === 'early' ? early : (t: TicketRow) => comments.addComment(t.id, 'bench', actor).then(() => undefined);

const latencies: number[] = [];
const waits: number[] = [];
const holds: number[] = [];
const deadline = performance.now() + SECONDS * 1000;
let i = 0;
const load0 = loadavg()[0];
const started = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < deadline) {
      const times: TxTimes = {};
      const t0 = performance.now();
      await als.run(times, () => one(tickets[i++ % tickets.length]));
      const t1 = performance.now();
      latencies.push(t1 - t0);
      if (times.lockAsked !== undefined && times.lockGranted !== undefined) {
        waits.push(times.lockGranted - times.lockAsked);
        holds.push(t1 - times.lockGranted);
      }
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
const pct = (a: number[], p: number) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const f = (n: number) => n.toFixed(1);
const verified = opt['no-lock'] ? 'skipped (--no-lock)' : JSON.stringify(await audit.verify());
console.log(
  JSON.stringify({
    db: env.DATABASE_URL ? 'postgres' : 'sqlite',
    workload: opt.workload,
    lock: !opt['no-lock'],
    clients: CLIENTS,
    writes: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    latencyMs: { p50: f(pct(latencies, 50)), p95: f(pct(latencies, 95)), p99: f(pct(latencies, 99)) },
    lockWaitMs: { p50: f(pct(waits, 50)), p95: f(pct(waits, 95)) },
    lockHeldMs: { p50: f(pct(holds, 50)), p95: f(pct(holds, 95)) },
    load1: [load0.toFixed(2), loadavg()[0].toFixed(2)].join('→'),
    verify: verified,
  }),
);
await app.close();
await dropDb?.();
rmSync(dataDir, { recursive: true, force: true });
