/** Child processes of the benchmark: the server (built or through the SWC loader), the baseline; CPU and RSS from /proc. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { log, NODE_LOADER, opt } from '../options.js';
import { get, type LatencyResult } from './http.js';

export interface Proc {
  child: ChildProcess;
  port: number;
  coldStartMs: number;
}

/** The bundled server (npm run build:server: tsc, then server/bundle.mjs) when it is up to date; built when it is not. */
export function serverEntry(): string[] {
  const main = resolve('dist/server/main.mjs');
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

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

export async function startProcess(args: string[], env: NodeJS.ProcessEnv, port: number, label: string): Promise<Proc> {
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

export function stop(p: Proc): Promise<void> {
  return new Promise((res) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return res();
    p.child.once('exit', () => res());
    p.child.kill('SIGTERM');
    const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
    p.child.once('exit', () => clearTimeout(t));
  });
}

/** CPU time (user + system) a process has used, in ms (/proc, clock ticks of 10 ms). */
export function cpuMs(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * A latency series with the process's CPU per request over it (warm-up included): less disturbed by a shared machine
 * than latency. Null when /proc cannot be read.
 */
export async function withCpuPerRequest<R extends LatencyResult>(pid: number, run: () => Promise<R>): Promise<R & { cpuMsPerRequest: number | null }> {
  const c0 = cpuMs(pid);
  const r = await run();
  const c1 = cpuMs(pid);
  const n = r.requests + (r.warmups ?? 0);
  return { ...r, cpuMsPerRequest: c0 !== null && c1 !== null && n ? Math.round(((c1 - c0) / n) * 100) / 100 : null };
}
