/** The benchmark's HTTP client: one keep-alive socket, sequential latency series with server-side timings. */
import { Agent, request as httpRequest } from 'node:http';
import { BUDGET_MS, WARMUP } from '../options.js';

export interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

export const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

export function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Res> {
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
export const get = (port: number, path: string, headers?: Record<string, string>) => send(port, 'GET', path, headers);

export function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
export const round = (n: number, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);

/** Server-side time from a Server-Timing header (`app;dur=1.23` or any `dur=`), when the server sends one. */
function serverTiming(h: Res['headers']): number | null {
  const v = h['server-timing'];
  const m = typeof v === 'string' ? /dur=([\d.]+)/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

export interface LatencyResult {
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
  /** Requests sent first and not measured (options.ts WARMUP, fewer when the time budget ran out). */
  warmups?: number;
  /** The server's CPU per request over the series (bench/phases/console.ts), when measured. */
  cpuMsPerRequest?: number | null;
}

/** n sequential requests, stopped early after `budgetMs` (slow endpoints on big data stay bounded). */
export async function latency(port: number, n: number, path: (i: number) => string, headers: Record<string, string>, budgetMs = BUDGET_MS): Promise<LatencyResult> {
  const t0 = performance.now();
  const times: number[] = [];
  const server: number[] = [];
  const statuses: Record<string, number> = {};
  let last: Res | undefined;
  // Warm-up (JIT, statement caches, the first collections after start) is not measured.
  let warmups = 0;
  for (; warmups < Math.min(WARMUP, n) && performance.now() - t0 < budgetMs / 4; warmups++) await get(port, path(warmups), headers);
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
    warmups,
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
  };
}

export const listPath = (resource: string, filter: Record<string, unknown>, sort: [string, string], range: [number, number]) =>
  `/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent(JSON.stringify(sort))}&range=${encodeURIComponent(JSON.stringify(range))}`;
