/**
 * The benchmark (issue 9): starts the REAL server on the generated database, drives it over loopback from this
 * process (autocannon for throughput, a sequential client for latency percentiles), runs the raw baseline
 * (bench/baseline-server.ts) on the same database in the same run, prints a table and writes bench/results.json.
 *
 *   npm run bench -- [--quick] [--duration 10] [--connections 10] [--database-url postgres://…] [--regenerate] [--no-build]
 *
 * --quick: about 10k users (bench/data/quick.sqlite), short phases; what CI runs. No pass/fail thresholds:
 * the numbers are reported, the targets are discussed in bench/README.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateSync } from 'otplib';
import type { ScaleManifest } from './seed-scale.js';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string', default: '10' },
    'database-url': { type: 'string' },
    regenerate: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results.json' },
    rounds: { type: 'string' },
    'handoff-only': { type: 'boolean', default: false },
  },
});
const QUICK = opt.quick;
const DURATION = Number(opt.duration ?? (QUICK ? 3 : 10));
const CONNECTIONS = Number(opt.connections);
const PG_URL = opt['database-url'];
const SIZE = QUICK ? { organizations: 1000, users: 10_000, attempts: 50_000 } : { organizations: 100_000, users: 1_000_000, attempts: 5_000_000 };
const DB_PATH = resolve(QUICK ? 'bench/data/quick.sqlite' : 'bench/data/scale.sqlite');
const MANIFEST = PG_URL ? resolve('bench/data/scale-postgres.manifest.json') : DB_PATH + '.manifest.json';
const LAT_N = QUICK ? 100 : 300;
const BUDGET_MS = (QUICK ? 4 : 20) * 1000;
const NODE_LOADER = ['--import', '@swc-node/register/esm-register'];
/** Hand-off phases alternate ours / baseline this many times; the ratio is the median of the rounds' ratios. */
const ROUNDS = Number(opt.rounds ?? (QUICK ? 1 : 3));

/** The targets of issue 17, printed next to each figure. */
const TARGETS = {
  ratio: 0.7,
  diagnosisServerP99: 5,
  searchP95: 20,
  listP95: 20,
  peakRssMb: 250,
  coldStartMs: 1500,
};

const log = (s: string) => process.stderr.write(s + '\n');

// ---------------------------------------------------------------- data
function ensureData(): ScaleManifest {
  let m: ScaleManifest | null = existsSync(MANIFEST) ? (JSON.parse(readFileSync(MANIFEST, 'utf8')) as ScaleManifest) : null;
  const sizeMatches = m && m.counts.severaUsers === SIZE.users && m.counts.organizations === SIZE.organizations && m.counts.loginAttempts === SIZE.attempts;
  if (!m || !sizeMatches || opt.regenerate || (!PG_URL && !existsSync(DB_PATH))) {
    log(`Generating ${SIZE.users.toLocaleString('en-US')} users / ${SIZE.organizations.toLocaleString('en-US')} organizations / ${SIZE.attempts.toLocaleString('en-US')} attempts…`);
    const args = ['bench/seed-scale.ts', '--organizations', String(SIZE.organizations), '--users', String(SIZE.users), '--attempts', String(SIZE.attempts), '--out', DB_PATH];
    if (PG_URL) args.push('--database-url', PG_URL);
    const r = spawnSync(process.execPath, [...NODE_LOADER, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('the generator failed');
    m = JSON.parse(readFileSync(MANIFEST, 'utf8')) as ScaleManifest;
  }
  return m;
}

/** The compiled server when it is up to date (cold start without transpiling); built when it is not. */
function serverEntry(): string[] {
  const main = resolve('dist/server/src/main.js');
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((t, e) => Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  const stale = !existsSync(main) || Math.max(newest('server/src'), newest('shared')) > statSync(main).mtimeMs;
  if (stale && !opt['no-build']) {
    log('Building the server (npm run build:server)…');
    const r = spawnSync('npm', ['run', 'build:server', '--silent'], { stdio: 'inherit' });
    if (r.status === 0 && existsSync(main)) return [main];
    log('Build failed: running the server through the SWC loader instead (cold start includes transpiling).');
    return [...NODE_LOADER, 'server/src/main.ts'];
  }
  return existsSync(main) ? [main] : [...NODE_LOADER, 'server/src/main.ts'];
}

// ---------------------------------------------------------------- processes
interface Proc {
  child: ChildProcess;
  port: number;
  coldStartMs: number;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

async function startProcess(args: string[], env: NodeJS.ProcessEnv, port: number, label: string): Promise<Proc> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${label} exited during start:\n${stderr}`);
    // Generous: the first start on a freshly generated database also runs pending migrations (index builds).
    if (performance.now() - t0 > 900_000) {
      child.kill('SIGKILL');
      throw new Error(`${label} did not answer /api/health within 900 s`);
    }
    const r = await get(port, '/api/health').catch(() => null);
    if (r?.status === 200) return { child, port, coldStartMs: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 10));
  }
}

function stop(p: Proc): Promise<void> {
  return new Promise((res) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return res();
    p.child.once('exit', () => res());
    p.child.kill('SIGTERM');
    const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
    p.child.once('exit', () => clearTimeout(t));
  });
}

/** CPU time (user + system) a process has used, in ms (/proc, clock ticks of 10 ms). */
function cpuMs(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- http
interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Res> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) }, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    if (body !== undefined) req.write(body);
    req.end();
  });
}
const { Agent } = await import('node:http');
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
const get = (port: number, path: string, headers?: Record<string, string>) => send(port, 'GET', path, headers);

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (n: number, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);

/** Server-side time from a Server-Timing header (`app;dur=1.23` or any `dur=`), when the server sends one. */
function serverTiming(h: Res['headers']): number | null {
  const v = h['server-timing'];
  const m = typeof v === 'string' ? /dur=([\d.]+)/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

interface LatencyResult {
  requests: number;
  statuses: Record<string, number>;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  serverP50: number | null;
  serverP99: number | null;
  total?: string | null;
  note?: string;
}

/** n sequential requests, stopped early after `budgetMs` (slow endpoints on big data stay bounded). */
async function latency(port: number, n: number, path: (i: number) => string, headers: Record<string, string>, budgetMs = BUDGET_MS): Promise<LatencyResult & { last?: Res }> {
  const t0 = performance.now();
  const times: number[] = [];
  const server: number[] = [];
  const statuses: Record<string, number> = {};
  let last: Res | undefined;
  // Warm-up (JIT, statement caches) is not measured.
  for (let i = 0; i < Math.min(3, n) && performance.now() - t0 < budgetMs / 4; i++) await get(port, path(i), headers);
  for (let i = 0; i < n && (i < 5 || performance.now() - t0 < budgetMs); i++) {
    const r = await get(port, path(i), headers);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    times.push(r.ms);
    const s = serverTiming(r.headers);
    if (s !== null) server.push(s);
    last = r;
  }
  times.sort((a, b) => a - b);
  server.sort((a, b) => a - b);
  const all404 = Object.keys(statuses).length === 1 && statuses['404'] !== undefined;
  return {
    requests: times.length,
    statuses,
    ...(times.length < n ? { note: `stopped after ${times.length} of ${n} requests (time budget ${budgetMs / 1000} s)` } : {}),
    ...(all404 ? { note: 'endpoint answered 404: not implemented yet' } : {}),
    p50: round(pct(times, 50), 2),
    p95: round(pct(times, 95), 2),
    p99: round(pct(times, 99), 2),
    max: round(times[times.length - 1], 2),
    serverP50: server.length ? round(pct(server, 50), 2) : null,
    serverP99: server.length ? round(pct(server, 99), 2) : null,
    total: last ? ((last.headers['content-range'] as string | undefined) ?? null) : null,
    last,
  };
}

// ---------------------------------------------------------------- hand-off load
interface ThroughputResult {
  rps: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
  latencyP50: number;
  latencyP99: number;
  okShare: number | null;
  cpuMsPerRequest?: number | null;
}

/** The hand-off figures of a run: the median round, every round's ratio. */
interface HandoffSummary {
  ours: ThroughputResult | null;
  baseline: ThroughputResult | null;
  ratio: number | null;
  ratios: number[];
  cpuRatios: (number | null)[];
  baselineKind: string;
  note?: string;
}

/** One run as kept in the results file (the figures a step could not take are absent). */
interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; os: string; node: string; loadAverage?: string };
  database: string;
  size: ScaleManifest['counts'];
  quick: boolean;
  durationSeconds: number;
  connections: number;
  serverLogLevel: string;
  coldStartMs?: number;
  serverEntry?: string;
  rssAfterStartMb?: number | null;
  baselinePeakRssMb?: number | null;
  handoff?: HandoffSummary;
  staffSignIn?: string;
  diagnosis?: LatencyResult;
  preflight?: LatencyResult & { organizationAccounts: number };
  lists?: Record<string, LatencyResult>;
  searches?: Record<string, LatencyResult>;
  serverPeakRssMb?: number | null;
  healthUnderKeyFlood?: LatencyResult & { floodRequestsPerSecond: number; floodStatuses: Record<string, number> };
  benchSeconds?: number;
}

function handoffLoad(port: number, m: ScaleManifest, seconds: number): Promise<ThroughputResult> {
  // A mix of passing and failing users: the manifest's samples hold both (the rules engine decided which is which).
  const targets = m.handoff.flatMap((h) => h.emails.map((e) => ({ portal: h.portal, organizationId: h.organizationId, secret: h.secret, email: e.email, ok: e.ok })));
  if (!targets.length) throw new Error('the manifest has no hand-off samples');
  let i = 0;
  let expectedOk = 0;
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            setupRequest: (req: Record<string, unknown>) => {
              const t = targets[i++ % targets.length];
              if (t.ok) expectedOk++;
              const body = JSON.stringify({ organizationId: t.organizationId, email: t.email, issuedAt: Math.floor(Date.now() / 1000), nonce: randomBytes(12).toString('hex') });
              return { ...req, method: 'POST', path: `/api/portals/${t.portal}/handoff`, body, headers: { 'content-type': 'application/json', 'x-portal-signature': createHmac('sha256', t.secret).update(body).digest('hex') } };
            },
          },
        ],
      },
      (err: Error | null, r: autocannon.Result) => {
        if (err) return reject(err);
        const statuses: Record<string, number> = { '1xx': r['1xx'], '2xx': r['2xx'], '3xx': r['3xx'], '4xx': r['4xx'], '5xx': r['5xx'] };
        const sent = i || 1;
        resolve({
          rps: Math.round(r.requests.average),
          requests: r.requests.total,
          statuses,
          errors: r.errors + r.timeouts,
          latencyP50: r.latency.p50,
          latencyP99: r.latency.p99,
          okShare: round(expectedOk / sent, 2),
        });
      },
    );
    inst.on('error', reject);
  });
}

/** A load phase plus the CPU the server process spent per request (robust on a shared machine, unlike req/s). */
async function measured(p: Proc, run: () => Promise<ThroughputResult>): Promise<ThroughputResult & { cpuMsPerRequest: number | null }> {
  const c0 = cpuMs(p.child.pid!);
  const r = await run();
  const c1 = cpuMs(p.child.pid!);
  return { ...r, cpuMsPerRequest: c0 !== null && c1 !== null && r.requests ? round((c1 - c0) / r.requests, 3) : null };
}

// ---------------------------------------------------------------- staff session
async function signInStaff(port: number, m: ScaleManifest): Promise<Record<string, string> | null> {
  const a = await send(port, 'POST', '/api/auth/sign-in', {}, JSON.stringify({ email: m.staff.email, password: m.staff.password }));
  if (a.status !== 200) {
    log(`staff sign-in answered ${a.status}: ${a.body.slice(0, 200)}`);
    return null;
  }
  const { challenge } = JSON.parse(a.body) as { challenge: string };
  const code = generateSync({ secret: m.staff.totpSecret });
  const b = await send(port, 'POST', '/api/auth/sign-in/totp', {}, JSON.stringify({ challenge, code }));
  if (b.status !== 200) {
    log(`staff TOTP answered ${b.status}: ${b.body.slice(0, 200)}`);
    return null;
  }
  const cookie = ([] as string[]).concat(b.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, 'x-csrf-token': (JSON.parse(b.body) as { csrfToken: string }).csrfToken };
}

const listPath = (resource: string, filter: Record<string, unknown>, sort: [string, string], range: [number, number]) =>
  `/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent(JSON.stringify(sort))}&range=${encodeURIComponent(JSON.stringify(range))}`;

// ---------------------------------------------------------------- main
/** The results file keeps the last run of each database and size (sqlite, sqlite-quick, postgres, postgres-quick). */
function readPrevious(): Record<string, unknown> {
  try {
    const j: unknown = JSON.parse(readFileSync(resolve(opt.out), 'utf8'));
    // An older file held one run (with its `date` at the top): keep it under its key.
    if (j && typeof j === 'object' && 'date' in j) {
      const run = j as { date: unknown; database?: string; quick?: boolean };
      return { [`${run.database}${run.quick ? '-quick' : ''}`]: j };
    }
    return (j ?? {}) as Record<string, unknown>;
  } catch {
    return {};
  }
}

async function main() {
  const started = Date.now();
  const m = ensureData();
  const entry = serverEntry();
  const dataDir = resolve('bench/data/run-data');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATA_ENCRYPTION_KEY: m.encryptionKeyHex,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    STATIC_DIR: join(dataDir, 'no-spa'),
  };
  if (PG_URL) env.DATABASE_URL = PG_URL;
  else {
    delete env.DATABASE_URL;
    env.DATABASE_PATH = DB_PATH;
  }
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), os: `${osType()} ${release()}`, node: process.version },
    database: PG_URL ? 'postgres' : 'sqlite',
    size: m.counts,
    quick: QUICK,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    serverLogLevel: 'warn',
  };

  // 1. Cold start of the real server to the first 200 on /api/health.
  log(`Starting the real server (${entry.join(' ')})…`);
  const port = await freePort();
  const nodeArgs = opt['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve('bench/data/profiles')] : [];
  const srv = await startProcess([...nodeArgs, ...entry], { ...env, PORT: String(port) }, port, 'server');
  results.coldStartMs = Math.round(srv.coldStartMs);
  results.serverEntry = entry.join(' ');
  results.rssAfterStartMb = peakRssMb(srv.child.pid!);
  log(`  cold start ${results.coldStartMs} ms`);

  try {
    // 2. Hand-off throughput, real server.
    const probe = m.handoff[0];
    const probeBody = JSON.stringify({ organizationId: probe.organizationId, email: probe.emails[0].email, issuedAt: Math.floor(Date.now() / 1000), nonce: randomBytes(12).toString('hex') });
    const pr = await send(port, 'POST', `/api/portals/${probe.portal}/handoff`, { 'x-portal-signature': createHmac('sha256', probe.secret).update(probeBody).digest('hex') }, probeBody);
    const handoffAvailable = pr.status !== 404 || !/Cannot POST|NOT_FOUND/.test(pr.body);
    // The raw baseline on the same database, started now and loaded in turn with ours (same conditions, one run).
    const bport = await freePort();
    const baseArgs = PG_URL ? ['bench/baseline-pg.ts', '--database-url', PG_URL] : ['bench/baseline-server.ts', '--database', DB_PATH];
    const base = await startProcess([...NODE_LOADER, ...baseArgs, '--port', String(bport)], env, bport, 'baseline');
    const rounds: { ours: ThroughputResult; baseline: ThroughputResult; ratio: number }[] = [];
    try {
      for (let r = 0; r < ROUNDS && handoffAvailable; r++) {
        log(`Hand-off round ${r + 1}/${ROUNDS}: real server, ${DURATION} s × ${CONNECTIONS} connections…`);
        const o = await measured(srv, () => handoffLoad(port, m, DURATION));
        log(`  ${o.rps} decisions/s (${o.cpuMsPerRequest} ms CPU each); raw baseline…`);
        const b = await measured(base, () => handoffLoad(bport, m, DURATION));
        log(`  ${b.rps} decisions/s (${b.cpuMsPerRequest} ms CPU each) (ratio ${round(o.rps / b.rps, 2)})`);
        rounds.push({ ours: o, baseline: b, ratio: round(o.rps / b.rps, 2)! });
      }
      results.baselinePeakRssMb = peakRssMb(base.child.pid!);
    } finally {
      await stop(base);
    }
    if (!handoffAvailable) log('Hand-off endpoint not available on the server (404): skipped.');
    const sortedRounds = [...rounds].sort((a, b) => a.ratio - b.ratio);
    const mid = sortedRounds[Math.floor(sortedRounds.length / 2)];
    results.handoff = {
      ours: mid?.ours ?? null,
      baseline: mid?.baseline ?? null,
      ratio: mid?.ratio ?? null,
      ratios: rounds.map((x) => x.ratio),
      /** Baseline CPU per decision ÷ ours (node process only): the ratio the pipeline alone would give on idle cores. */
      cpuRatios: rounds.map((x) => (x.ours.cpuMsPerRequest && x.baseline.cpuMsPerRequest ? round(x.baseline.cpuMsPerRequest / x.ours.cpuMsPerRequest, 2) : null)),
      baselineKind: PG_URL ? 'node:http + pg (one transaction, prepared statements)' : 'node:http + better-sqlite3 (one transaction, prepared statements)',
      ...(handoffAvailable ? {} : { note: 'POST /api/portals/:portal/handoff answered 404 (not implemented yet)' }),
    };

    // 3. Diagnosis latency for random users.
    const auth = opt['handoff-only'] ? null : await signInStaff(port, m);
    results.staffSignIn = auth ? 'ok' : 'failed';
    const rnd = (n: number) => Math.floor(Math.random() * n);
    if (auth) {
      log(`Diagnosis: ${LAT_N} sequential requests…`);
      const d = await latency(port, LAT_N, () => {
        const x = m.diagnosis[rnd(m.diagnosis.length)];
        return `/api/sign-in/diagnosis?portal=${x.portal}&organizationId=${x.organizationId}&email=${encodeURIComponent(x.email)}`;
      }, auth);
      delete d.last;
      results.diagnosis = d;

      log('Preflight of a 1,000-account organization…');
      const pf = m.preflight[0];
      const p = await latency(port, QUICK ? 10 : 30, () => `/api/sign-in/preflight?portal=${pf.portal}&organizationId=${pf.organizationId}`, auth);
      delete p.last;
      results.preflight = { ...p, organizationAccounts: pf.accounts };

      log('List endpoints…');
      const org = () => m.listOrganizations[rnd(m.listOrganizations.length)];
      const reasons = ['EMAIL_NOT_FOUND', 'SEVERA_USER_INACTIVE', 'ADDON_NOT_ACTIVE', 'ORGANIZATION_LEFT_SEVERA', 'PORTAL_CONNECTION_FAILED'];
      const deep = QUICK ? 2000 : 100_000;
      const lists: Record<string, (i: number) => string> = {
        'severa-users by organization (sort email, page 1)': () => listPath('severa-users', { organizationId: org() }, ['email', 'ASC'], [0, 24]),
        'portal-accounts by organization (sort email, page 1)': () => listPath('portal-accounts', { organizationId: org() }, ['email', 'ASC'], [0, 24]),
        'organizations by name (page 1)': () => listPath('organizations', {}, ['name', 'ASC'], [0, 24]),
        'login-attempts by reason, newest first (page 1)': (i) => listPath('login-attempts', { reason: reasons[i % reasons.length] }, ['createdAt', 'DESC'], [0, 24]),
        [`login-attempts by reason, newest first (deep page @${deep})`]: (i) => listPath('login-attempts', { reason: reasons[i % reasons.length] }, ['createdAt', 'DESC'], [deep, deep + 24]),
      };
      const listResults: Record<string, LatencyResult> = {};
      for (const [name, path] of Object.entries(lists)) {
        const r = await latency(port, QUICK ? 30 : 100, path, auth);
        delete r.last;
        listResults[name] = r;
        log(`  ${name}: p95 ${r.p95} ms (${r.total})`);
      }
      results.lists = listResults;

      log('Name / e-mail search (q)…');
      const searches: Record<string, (i: number) => string> = {
        'severa-users search (q, page 1)': (i) => listPath('severa-users', { q: m.searchTerms[i % m.searchTerms.length] }, ['email', 'ASC'], [0, 24]),
        'portal-accounts search (q, page 1)': (i) => listPath('portal-accounts', { q: m.searchTerms[i % m.searchTerms.length] }, ['email', 'ASC'], [0, 24]),
        'identities search (q, page 1)': (i) => listPath('identities', { q: m.searchTerms[i % m.searchTerms.length] }, ['email', 'ASC'], [0, 24]),
        'organizations search (q, page 1)': (i) => listPath('organizations', { q: ['org42', 'oy', 'consult', 'nurmi', 'ltd'][i % 5] }, ['name', 'ASC'], [0, 24]),
        // the person search is scoped to one organization (the diagnosis page picks it first)
        'diagnosis person search (GET /api/sign-in/people?q=)': (i) =>
          `/api/sign-in/people?organizationId=${encodeURIComponent(m.listOrganizations[i % m.listOrganizations.length])}&q=${encodeURIComponent(m.searchTerms[i % m.searchTerms.length])}`,
      };
      const searchResults: Record<string, LatencyResult> = {};
      for (const [name, path] of Object.entries(searches)) {
        const r = await latency(port, QUICK ? 30 : 100, path, auth);
        delete r.last;
        searchResults[name] = r;
        log(`  ${name}: p95 ${r.p95} ms (${r.total})`);
      }
      results.searches = searchResults;
    }
    results.serverPeakRssMb = peakRssMb(srv.child.pid!);

    // 5. /api/health while other clients post bodies with 5,000 unknown keys (refused before validation).
    if (!opt['handoff-only']) {
    log('Health under a flood of 5,000-key bodies…');
    const flood = JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])));
    const floodDone = new Promise<autocannon.Result>((res, rej) =>
      autocannon({ url: `http://127.0.0.1:${port}`, connections: 4, duration: QUICK ? 3 : 6, requests: [{ method: 'POST', path: '/api/auth/sign-in', body: flood, headers: { 'content-type': 'application/json' } }] }, (e, r) => (e ? rej(e) : res(r))),
    );
    await new Promise((r) => setTimeout(r, 300));
    const hl = await latency(port, QUICK ? 50 : 200, () => '/api/health', {}, (QUICK ? 2 : 5) * 1000);
    delete hl.last;
    const fr = await floodDone;
    results.healthUnderKeyFlood = { ...hl, floodRequestsPerSecond: Math.round(fr.requests.average), floodStatuses: { '4xx': fr['4xx'], '5xx': fr['5xx'] } };
    }

  } finally {
    await stop(srv);
  }
  results.benchSeconds = Math.round((Date.now() - started) / 1000);
  results.machine = { ...results.machine, loadAverage: loadavg().map((x) => Math.round(x * 10) / 10).join(' ') };
  const prevAll = readPrevious();
  if (opt['handoff-only']) {
    printTable(results, null);
    return;
  }
  const key = `${results.database}${QUICK ? '-quick' : ''}`;
  writeFileSync(resolve(opt.out), JSON.stringify({ ...prevAll, latest: key, [key]: results }, null, 2) + '\n');
  printTable(results, (prevAll[key] as BenchResults | undefined) ?? null);
}

type Row = [label: string, figure: string, target: string, delta: string];

/** One row per figure: the figure, its target (issue 17) and whether it is met, and the change since the previous run. */
function printTable(r: BenchResults, prev: BenchResults | null) {
  const rows: Row[] = [];
  const same = prev && prev.database === r.database && prev.quick === r.quick;
  const delta = (now: number | null | undefined, before: number | null | undefined, unit = '') => {
    if (!same || now == null || before == null) return '';
    const d = now - before;
    return `${d >= 0 ? '+' : ''}${Math.round(d * 100) / 100}${unit} vs ${before}${unit}`;
  };
  const goal = (value: number | null | undefined, target: number, higherIsBetter = false, unit = '') => {
    if (value == null) return `${higherIsBetter ? '≥' : '≤'} ${target}${unit}`;
    const ok = higherIsBetter ? value >= target : value <= target;
    return `${higherIsBetter ? '≥' : '≤'} ${target}${unit} ${ok ? 'met' : 'MISSED'}`;
  };
  const h = r.handoff;
  const ph = prev?.handoff;
  rows.push(['hand-off decisions/s (ours)', h?.ours ? `${h.ours.rps} (p50 ${h.ours.latencyP50} ms, p99 ${h.ours.latencyP99} ms, ${JSON.stringify(h.ours.statuses)})` : (h?.note ?? 'n/a'), '', delta(h?.ours?.rps, ph?.ours?.rps)]);
  rows.push([`hand-off decisions/s (raw baseline: ${h?.baselineKind ?? 'n/a'})`, h?.baseline ? `${h.baseline.rps} (p50 ${h.baseline.latencyP50} ms, p99 ${h.baseline.latencyP99} ms)` : 'n/a', '', delta(h?.baseline?.rps, ph?.baseline?.rps)]);
  rows.push(['ratio ours / baseline (median of rounds)', h?.ratio != null ? `${h.ratio} (rounds: ${(h.ratios ?? []).join(', ')})` : 'n/a', goal(h?.ratio, TARGETS.ratio, true), delta(h?.ratio, ph?.ratio)]);
  rows.push(['CPU ms per decision, ours / baseline (node process)', h?.ours ? `${h.ours.cpuMsPerRequest} / ${h.baseline?.cpuMsPerRequest} (baseline ÷ ours per round: ${(h.cpuRatios ?? []).join(', ')})` : 'n/a', '', '']);
  const lat = (x: LatencyResult | undefined) =>
    x?.note?.includes('404') ? 'not implemented yet (404)' : x ? `p50 ${x.p50} / p95 ${x.p95} / p99 ${x.p99} ms${x.serverP99 != null ? ` (server p99 ${x.serverP99} ms)` : ''} ${JSON.stringify(x.statuses)}${x.total ? ` total: ${x.total}` : ''}${x.note ? ` — ${x.note}` : ''}` : 'n/a';
  const implemented = (x: LatencyResult | undefined) => (x && !x.note?.includes('404') ? x : undefined);
  rows.push(['diagnosis latency', lat(r.diagnosis), `server p99 ${goal(implemented(r.diagnosis)?.serverP99, TARGETS.diagnosisServerP99, false, ' ms')}`, delta(r.diagnosis?.serverP99, prev?.diagnosis?.serverP99, ' ms')]);
  rows.push([`preflight (${r.preflight?.organizationAccounts ?? '?'} accounts)`, lat(r.preflight), '', delta(r.preflight?.p95, prev?.preflight?.p95, ' ms')]);
  for (const [k, v] of Object.entries(r.lists ?? {})) rows.push([k, lat(v), `p95 ${goal(v.p95, TARGETS.listP95, false, ' ms')}`, delta(v.p95, prev?.lists?.[k]?.p95, ' ms')]);
  for (const [k, v] of Object.entries(r.searches ?? {})) rows.push([k, lat(v), implemented(v) ? `p95 ${goal(v.p95, TARGETS.searchP95, false, ' ms')}` : '', implemented(v) ? delta(v.p95, prev?.searches?.[k]?.p95, ' ms') : '']);
  const hf = r.healthUnderKeyFlood;
  if (hf) rows.push(['/api/health during a 5,000-key body flood', `${lat(hf)}; flood ${hf.floodRequestsPerSecond}/s ${JSON.stringify(hf.floodStatuses)}`, '', delta(hf.p99, prev?.healthUnderKeyFlood?.p99, ' ms')]);
  rows.push(['cold start to first 200 /api/health', `${r.coldStartMs} ms (${String(r.serverEntry).includes('swc') ? 'SWC loader: includes transpiling' : 'compiled dist'})`, goal(r.coldStartMs, TARGETS.coldStartMs, false, ' ms'), delta(r.coldStartMs, prev?.coldStartMs, ' ms')]);
  rows.push(['server peak RSS (VmHWM)', `${r.serverPeakRssMb} MB`, goal(r.serverPeakRssMb, TARGETS.peakRssMb, false, ' MB'), delta(r.serverPeakRssMb, prev?.serverPeakRssMb, ' MB')]);
  const w = Math.max(...rows.map((x) => x[0].length));
  const size = r.size;
  process.stdout.write(
    `\nAccess Desk benchmark — ${r.database}, ${size.organizations.toLocaleString('en-US')} orgs / ${size.severaUsers.toLocaleString('en-US')} users / ${size.loginAttempts.toLocaleString('en-US')} attempts — ${r.machine.cpus} × ${r.machine.cpuModel}, node ${r.machine.node}, load average ${r.machine.loadAverage ?? '?'}, ${r.date}\n` +
      rows.map(([k, v, t, d]) => `${k.padEnd(w)}  ${v}${t ? `  [target ${t}]` : ''}${d ? `  (${d})` : ''}`).join('\n') +
      `\n${same ? `(deltas against the previous ${r.database}${r.quick ? ' --quick' : ''} run of ${prev.date})` : '(no previous run of this database and size in the results file: no deltas)'}` +
      `\n(${r.benchSeconds} s; results in ${opt.out})\n`,
  );
}

await main();
keepAlive.destroy();
