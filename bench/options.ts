/** The benchmark's command line and the constants derived from it (shared by bench/run.ts and its phases). */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const { values: opt } = parseArgs({
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
    'skip-handoff': { type: 'boolean', default: false },
    'cold-starts': { type: 'string' },
    warmup: { type: 'string' },
    'jit-warmup': { type: 'string' },
    cold: { type: 'boolean', default: false },
    'no-settle': { type: 'boolean', default: false },
    'no-reset': { type: 'boolean', default: false },
  },
});
export const QUICK = opt.quick;
export const DURATION = Number(opt.duration ?? (QUICK ? 3 : 10));
export const CONNECTIONS = Number(opt.connections);
export const PG_URL = opt['database-url'];
export const SIZE = QUICK ? { organizations: 1000, users: 10_000, attempts: 50_000 } : { organizations: 100_000, users: 1_000_000, attempts: 5_000_000 };
export const DB_PATH = resolve(QUICK ? 'bench/data/quick.sqlite' : 'bench/data/scale.sqlite');
export const MANIFEST = PG_URL ? resolve('bench/data/scale-postgres.manifest.json') : DB_PATH + '.manifest.json';
export const LAT_N = QUICK ? 100 : 300;
/** Requests sent before each latency series and not measured (JIT, statement caches, the first collections after start). */
export const WARMUP = Math.max(0, Number(opt.warmup ?? (QUICK ? 3 : 50)));
/**
 * Unmeasured diagnoses between the diagnosis's first series and its steady-state series: after a start TurboFan keeps
 * compiling the diagnosis's functions for ~2,000 requests (bench/README.md, eleventh round).
 */
export const JIT_WARMUP = Math.max(0, Number(opt['jit-warmup'] ?? (QUICK ? 200 : 2000)));
export const BUDGET_MS = (QUICK ? 4 : 20) * 1000;
export const NODE_LOADER = ['--import', '@swc-node/register/esm-register'];
/** Extra starts of the server before the measured one (the cold start figure is then the median of them all). */
export const COLD_STARTS = Math.max(1, Number(opt['cold-starts'] ?? 1));
/** Hand-off phases alternate ours / baseline this many times; the ratio is the median of the rounds' ratios. */
export const ROUNDS = Number(opt.rounds ?? (QUICK ? 1 : 3));

/** The targets of issue 17, printed next to each figure. */
export const TARGETS = {
  ratio: 0.7,
  diagnosisServerP99: 5,
  searchP95: 20,
  listP95: 20,
  peakRssMb: 250,
  coldStartMs: 1500,
};

export const log = (s: string) => process.stderr.write(s + '\n');
