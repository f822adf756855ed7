/**
 * Hand-off A/B: several builds of the server (each a copied `dist/`) and the raw baseline started side by side on
 * the quick SQLite data, loaded in turn (A, B, …, baseline) for `--cycles` cycles of `--duration` s each, printing
 * the CPU each process spent per decision (/proc) and decisions/s per phase, with the load average. Alternation in
 * one run is what makes two builds comparable on a shared machine (issue 17, sixth round).
 *   AB_BUILDS='before=/tmp/dist-a after=/tmp/dist-b' AB_CYCLES=8 node --import @swc-node/register/esm-register bench/ab-handoff.ts --quick --duration 4
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ScaleManifest } from './seed-scale.js';
import { DB_PATH, DURATION, log, MANIFEST, NODE_LOADER, opt } from './options.js';
import { cpuMs, freePort, startProcess, stop, type Proc } from './lib/processes.js';
import { handoffLoad } from './phases/handoff.js';

const cycles = Number(process.env.AB_CYCLES ?? 6);
const builds = (process.env.AB_BUILDS ?? '').split(/\s+/).filter(Boolean).map((a) => a.split('=') as [string, string]);
void opt;

async function main() {
  const m = JSON.parse(readFileSync(MANIFEST, 'utf8')) as ScaleManifest;
  const base = resolve('bench/data/ab-data');
  rmSync(base, { recursive: true, force: true });
  const env = (name: string): NodeJS.ProcessEnv => {
    const dataDir = join(base, name);
    mkdirSync(dataDir, { recursive: true });
    const e: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: m.encryptionKeyHex, DEMO_DATA: 'false', LOG_LEVEL: 'warn', STATIC_DIR: join(dataDir, 'no-spa'), DATABASE_PATH: DB_PATH };
    delete e.DATABASE_URL;
    return e;
  };
  const procs: [string, Proc][] = [];
  try {
    for (const [name, dir] of builds) {
      const port = await freePort();
      procs.push([name, await startProcess([join(dir, 'server/main.mjs')], { ...env(name), PORT: String(port) }, port, name)]);
    }
    const bport = await freePort();
    procs.push(['baseline', await startProcess([...NODE_LOADER, 'bench/baseline-server.ts', '--database', DB_PATH, '--port', String(bport)], env('baseline'), bport, 'baseline')]);
    const cpu: Record<string, number[]> = {};
    for (let c = 0; c < cycles; c++) {
      const order = c % 2 ? [...procs].reverse() : procs;
      const line: string[] = [];
      for (const [name, p] of order) {
        const c0 = cpuMs(p.child.pid!)!;
        const r = await handoffLoad(p.port, m, DURATION);
        const per = (cpuMs(p.child.pid!)! - c0) / r.requests;
        (cpu[name] ??= []).push(per);
        line.push(`${name} ${per.toFixed(3)} ms (${r.rps}/s)`);
      }
      log(`cycle ${c + 1}: ${line.join(' | ')} | load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    log('median CPU ms per decision, cycles 2..: ' + Object.entries(cpu).map(([k, xs]) => `${k} ${med(xs.slice(1)).toFixed(3)} (min ${Math.min(...xs.slice(1)).toFixed(3)})`).join(' | '));
  } finally {
    for (const [, p] of procs) await stop(p);
  }
}

await main();
