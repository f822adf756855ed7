/** The results file (bench/results.json: the last run of each database and size) and the printed table. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ScaleManifest } from './seed-scale.js';
import { opt, TARGETS } from './options.js';
import type { LatencyResult } from './lib/http.js';
import type { HandoffSummary } from './phases/handoff.js';
import type { FloorResult, RoundTripResults } from './phases/round-trips.js';

/** One run as kept in the results file (the figures a step could not take are absent). */
export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; os: string; node: string; loadAverage?: string };
  database: string;
  size: ScaleManifest['counts'];
  quick: boolean;
  durationSeconds: number;
  connections: number;
  serverLogLevel: string;
  /** Requests sent before each latency series, not measured (--warmup). */
  warmupRequests?: number;
  /** What was read into the page cache before the server started (--cold: nothing). */
  pageCache?: string;
  /** What was done with the hand-off phase's write-back before the latency phases (lib/page-cache.ts settleWrites). */
  afterHandoff?: string;
  /** The rows of earlier runs deleted first (lib/reset.ts). */
  reset?: string;
  coldStartMs?: number;
  /** Every start of a --cold-starts run, sorted (coldStartMs is their median). */
  coldStartsMs?: number[];
  serverEntry?: string;
  rssAfterStartMb?: number | null;
  baselinePeakRssMb?: number | null;
  handoff?: HandoffSummary;
  staffSignIn?: string;
  diagnosis?: LatencyResult;
  /** The diagnosis once the JIT has settled (phases/console.ts). */
  diagnosisSteady?: LatencyResult & { afterRequests: number };
  /** PostgreSQL: node:http + pg, two statements per request, no framework (bench/baseline-roundtrips.ts). */
  roundTripFloor?: FloorResult;
  /** The same floor spending as much CPU per request as each diagnosis series (phases/round-trips.ts). */
  roundTripFloorAtDiagnosisCpu?: RoundTripResults['atDiagnosisCpu'];
  preflight?: LatencyResult & { organizationAccounts: number };
  lists?: Record<string, LatencyResult>;
  searches?: Record<string, LatencyResult>;
  serverPeakRssMb?: number | null;
  healthUnderKeyFlood?: LatencyResult & { floodRequestsPerSecond: number; floodStatuses: Record<string, number> };
  benchSeconds?: number;
}

/** The results file keeps the last run of each database and size (sqlite, sqlite-quick, postgres, postgres-quick). */
export function readPrevious(): Record<string, unknown> {
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

type Row = [label: string, figure: string, target: string, delta: string];

/** One row per figure: the figure, its target (issue 17) and whether it is met, and the change since the previous run. */
export function printTable(r: BenchResults, prev: BenchResults | null) {
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
    x?.note?.includes('404') ? 'not implemented yet (404)' : x ? `p50 ${x.p50} / p95 ${x.p95} / p99 ${x.p99} ms${x.serverP99 != null ? ` (server p99 ${x.serverP99} ms)` : ''}${x.cpuMsPerRequest != null ? ` CPU ${x.cpuMsPerRequest} ms/req` : ''} ${JSON.stringify(x.statuses)}${x.total ? ` total: ${x.total}` : ''}${x.note ? ` — ${x.note}` : ''}` : 'n/a';
  const implemented = (x: LatencyResult | undefined) => (x && !x.note?.includes('404') ? x : undefined);
  rows.push(['diagnosis latency (first series after a start)', lat(r.diagnosis), `server p99 ${goal(implemented(r.diagnosis)?.serverP99, TARGETS.diagnosisServerP99, false, ' ms')}`, delta(r.diagnosis?.serverP99, prev?.diagnosis?.serverP99, ' ms')]);
  const ds = r.diagnosisSteady;
  if (ds) rows.push([`diagnosis latency, steady state (after ${ds.afterRequests} more)`, lat(ds), `server p99 ${goal(ds.serverP99, TARGETS.diagnosisServerP99, false, ' ms')}`, delta(ds.serverP99, prev?.diagnosisSteady?.serverP99, ' ms')]);
  if (r.roundTripFloor) rows.push(['floor: node:http + pg, two statements (the same two waits)', lat(r.roundTripFloor), '', delta(r.roundTripFloor.serverP99, prev?.roundTripFloor?.serverP99, ' ms')]);
  for (const f of r.roundTripFloorAtDiagnosisCpu ?? []) {
    const before = prev?.roundTripFloorAtDiagnosisCpu?.find((x) => x.series === f.series);
    rows.push([`floor + ${f.workMs} ms of JavaScript (the diagnosis's ${f.series} CPU)`, lat(f), '', delta(f.serverP99, before?.serverP99, ' ms')]);
  }
  rows.push([`preflight (${r.preflight?.organizationAccounts ?? '?'} accounts)`, lat(r.preflight), '', delta(r.preflight?.p95, prev?.preflight?.p95, ' ms')]);
  for (const [k, v] of Object.entries(r.lists ?? {})) rows.push([k, lat(v), `p95 ${goal(v.p95, TARGETS.listP95, false, ' ms')}`, delta(v.p95, prev?.lists?.[k]?.p95, ' ms')]);
  for (const [k, v] of Object.entries(r.searches ?? {})) rows.push([k, lat(v), implemented(v) ? `p95 ${goal(v.p95, TARGETS.searchP95, false, ' ms')}` : '', implemented(v) ? delta(v.p95, prev?.searches?.[k]?.p95, ' ms') : '']);
  const hf = r.healthUnderKeyFlood;
  if (hf) rows.push(['/api/health during a 5,000-key body flood', `${lat(hf)}; flood ${hf.floodRequestsPerSecond}/s ${JSON.stringify(hf.floodStatuses)}`, '', delta(hf.p99, prev?.healthUnderKeyFlood?.p99, ' ms')]);
  rows.push(['cold start to first 200 /api/health', `${r.coldStartMs} ms${r.coldStartsMs ? ` (median of ${r.coldStartsMs.length})` : ''} (${String(r.serverEntry).includes('swc') ? 'SWC loader: includes transpiling' : 'compiled dist'})`, goal(r.coldStartMs, TARGETS.coldStartMs, false, ' ms'), delta(r.coldStartMs, prev?.coldStartMs, ' ms')]);
  rows.push(['server peak RSS (VmHWM)', `${r.serverPeakRssMb} MB`, goal(r.serverPeakRssMb, TARGETS.peakRssMb, false, ' MB'), delta(r.serverPeakRssMb, prev?.serverPeakRssMb, ' MB')]);
  const w = Math.max(...rows.map((x) => x[0].length));
  const size = r.size;
  process.stdout.write(
    `\nAccess Desk benchmark — ${r.database}, ${size.organizations.toLocaleString('en-US')} orgs / ${size.severaUsers.toLocaleString('en-US')} users / ${size.loginAttempts.toLocaleString('en-US')} attempts — ${r.machine.cpus} × ${r.machine.cpuModel}, node ${r.machine.node}, load average ${r.machine.loadAverage ?? '?'}, ${r.date}\n` +
      `${r.reset ? `reset: ${r.reset}; ` : ''}page cache: ${r.pageCache ?? '?'}; ${r.afterHandoff ? `after the hand-off: ${r.afterHandoff}; ` : ''}${r.warmupRequests ?? 3} unmeasured requests before each latency series\n` +
      rows.map(([k, v, t, d]) => `${k.padEnd(w)}  ${v}${t ? `  [target ${t}]` : ''}${d ? `  (${d})` : ''}`).join('\n') +
      `\n${same ? `(deltas against the previous ${r.database}${r.quick ? ' --quick' : ''} run of ${prev.date})` : '(no previous run of this database and size in the results file: no deltas)'}` +
      `\n(${r.benchSeconds} s; results in ${opt.out})\n`,
  );
}
