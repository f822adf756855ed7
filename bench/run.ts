/**
 * The benchmark (issues 9 and 17): starts the REAL server on the generated database, drives it over loopback from
 * this process (autocannon for throughput, a sequential client for latency percentiles), runs the raw baseline
 * (bench/baseline-server.ts, bench/baseline-pg.ts) on the same database in the same run, prints a table and writes
 * bench/results.json.
 *
 *   npm run bench -- [--quick] [--duration 10] [--connections 10] [--rounds 3] [--database-url postgres://…]
 *                    [--regenerate] [--no-build] [--cpu-prof] [--handoff-only | --skip-handoff] [--cold-starts N]
 *                    [--warmup N] [--cold] [--no-settle] [--no-reset]
 *
 * --quick: about 10k users (bench/data/quick.sqlite), short phases; what CI runs. No pass/fail thresholds:
 * the numbers are reported, the targets are discussed in bench/README.md. The phases: phases/handoff.ts,
 * phases/staff.ts (the staff session), phases/console.ts; the table: report.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join, resolve } from 'node:path';
import type { ScaleManifest } from './seed-scale.js';
import { COLD_STARTS, DB_PATH, DURATION, CONNECTIONS, log, MANIFEST, NODE_LOADER, opt, PG_URL, QUICK, SIZE, WARMUP } from './options.js';
import { keepAlive } from './lib/http.js';
import { freePort, peakRssMb, serverEntry, startProcess, stop } from './lib/processes.js';
import { handoffPhase } from './phases/handoff.js';
import { settleWrites, warmPageCache } from './lib/page-cache.js';
import { resetBenchWrites } from './lib/reset.js';
import { signInStaff } from './phases/staff.js';
import { consolePhase, keyFloodPhase } from './phases/console.js';
import { roundTripPhase } from './phases/round-trips.js';
import { printTable, readPrevious, type BenchResults } from './report.js';

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

  const benchDb = { sqlitePath: PG_URL ? undefined : DB_PATH, pgUrl: PG_URL };
  // 0. Back to the generated data (lib/reset.ts), unless --no-reset; the database's files into the page cache
  //    (lib/page-cache.ts), unless --cold.
  results.reset = opt['no-reset'] ? 'not reset (--no-reset)' : await resetBenchWrites(benchDb);
  results.warmupRequests = WARMUP;
  results.pageCache = opt.cold ? 'not warmed (--cold)' : await warmPageCache(benchDb);

  // 1. Cold start of the real server to the first 200 on /api/health.
  log(`Starting the real server (${entry.join(' ')})…`);
  const port = await freePort();
  const nodeArgs = opt['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve('bench/data/profiles')] : [];
  // --cold-starts N: N − 1 starts and stops first (single starts on a VM vary by ±0.2 s); the figure is the median.
  const starts: number[] = [];
  for (let i = 1; i < COLD_STARTS; i++) {
    const p = await startProcess(entry, { ...env, PORT: String(port) }, port, 'server');
    starts.push(p.coldStartMs);
    await stop(p);
  }
  const srv = await startProcess([...nodeArgs, ...entry], { ...env, PORT: String(port) }, port, 'server');
  starts.push(srv.coldStartMs);
  starts.sort((a, b) => a - b);
  results.coldStartMs = Math.round(starts[Math.floor((starts.length - 1) / 2)]);
  if (starts.length > 1) results.coldStartsMs = starts.map(Math.round);
  results.serverEntry = entry.join(' ');
  results.rssAfterStartMb = peakRssMb(srv.child.pid!);
  log(`  cold start ${results.coldStartMs} ms${starts.length > 1 ? ` (median of ${starts.length}: ${starts.map(Math.round).join(', ')})` : ''}`);

  try {
    // 2. Hand-off throughput, real server and raw baseline in turn.
    if (!opt['skip-handoff']) {
      const h = await handoffPhase(srv, m, env);
      results.handoff = h.summary;
      results.baselinePeakRssMb = h.baselinePeakRssMb;
      // Its write-back is written before the latency phases (lib/page-cache.ts settleWrites), unless --no-settle.
      if (!opt['handoff-only']) results.afterHandoff = opt['no-settle'] ? 'not settled (--no-settle)' : await settleWrites(benchDb);
    }
    // 3. Diagnosis, preflight, lists and searches with a staff session.
    if (!opt['handoff-only']) {
      const auth = await signInStaff(port, m);
      results.staffSignIn = auth ? 'ok' : 'failed';
      if (auth) Object.assign(results, await consolePhase(port, m, auth, srv.child.pid!));
      // 3b. PostgreSQL: what the machine alone adds to a request that waits twice for the database.
      const rt = await roundTripPhase(env, [
        { name: 'first series', cpuMsPerRequest: results.diagnosis?.cpuMsPerRequest },
        { name: 'steady state', cpuMsPerRequest: results.diagnosisSteady?.cpuMsPerRequest },
      ]);
      if (rt) {
        results.roundTripFloor = rt.floor;
        results.roundTripFloorAtDiagnosisCpu = rt.atDiagnosisCpu;
      }
    }
    results.serverPeakRssMb = peakRssMb(srv.child.pid!);
    // 4. /api/health while other clients post bodies with 5,000 unknown keys.
    if (!opt['handoff-only']) results.healthUnderKeyFlood = await keyFloodPhase(port);
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

await main();
keepAlive.destroy();
