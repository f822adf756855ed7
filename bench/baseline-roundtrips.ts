/**
 * BENCHMARK REFERENCE ONLY — never used by the product.
 *
 * The machine's floor for a request shaped like the diagnosis on PostgreSQL (bench/README.md, eleventh round):
 * node:http and one `pg` client, and per `GET /rt` the two round trips every staff read makes — a trivial statement
 * (where the product reads the staff session) and one that keeps PostgreSQL busy for about half a millisecond
 * (where it runs the diagnosis's one statement) — nothing else: no framework, no JSON, no data. Its latency spread
 * is what this machine adds to any request that waits twice for PostgreSQL (phases/round-trips.ts measures it
 * the way the diagnosis is measured, by Server-Timing).
 *
 * `--work-ms X` adds X ms of JavaScript on the main thread per request, busy-waited in two halves after each statement
 * (where a server runs its own code between the waits): what a framework-free server that spends as much CPU per
 * request as the diagnosis gets on this machine (the twelfth round; phases/round-trips.ts sets X from the diagnosis's
 * measured CPU per request).
 *
 *   node --import @swc-node/register/esm-register bench/baseline-roundtrips.ts --database-url postgres://… [--port 0] [--work-ms 0]
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, port: { type: 'string', default: '0' }, 'work-ms': { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
if (!values['database-url']) throw new Error('--database-url is required');
const client = new pg.Client({ connectionString: values['database-url'] });
await client.connect();

/** About half a millisecond of PostgreSQL CPU, reading no table (the diagnosis statement: 0.3–0.7 ms at 1M users). */
const BUSY_STATEMENT = 'SELECT count(*) FROM generate_series(1, 3000)';

/** Half the per-request JavaScript: a busy wait on the main thread (wall time; a preempted wait ends sooner in CPU). */
const halfWorkMs = Math.max(0, Number(values['work-ms'])) / 2;
const work = () => {
  if (halfWorkMs <= 0) return;
  const until = performance.now() + halfWorkMs;
  while (performance.now() < until);
};

const server = createServer((req, res) => {
  if (req.url !== '/rt') {
    res.writeHead(req.url === '/api/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
    return;
  }
  const started = process.hrtime.bigint();
  client
    .query({ name: 'rt_session', text: 'SELECT 1' })
    .then(() => {
      work();
      return client.query({ name: 'rt_busy', text: BUSY_STATEMENT });
    })
    .then(() => {
      work();
      res.writeHead(200, { 'content-type': 'application/json', 'server-timing': `app;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(2)}` }).end('{}');
    })
    .catch((e: unknown) => res.writeHead(500).end(String(e)));
});
server.listen(Number(values.port), values.host, () => {
  const a = server.address();
  process.stdout.write(`round-trip baseline listening on ${typeof a === 'object' && a ? a.port : values.port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void client.end().then(() => process.exit(0)));
});
