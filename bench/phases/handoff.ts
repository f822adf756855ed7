/**
 * Hand-off throughput: the real server and the raw baseline loaded in turn with autocannon, `ROUNDS` times; the
 * ratio is the median of the rounds' ratios, with the CPU each process spent per decision (/proc).
 */
import { createHmac, randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { ScaleManifest } from '../seed-scale.js';
import { CONNECTIONS, DB_PATH, DURATION, log, NODE_LOADER, PG_URL, ROUNDS } from '../options.js';
import { round, send } from '../lib/http.js';
import { cpuMs, freePort, peakRssMb, startProcess, stop, type Proc } from '../lib/processes.js';

export interface ThroughputResult {
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
export interface HandoffSummary {
  ours: ThroughputResult | null;
  baseline: ThroughputResult | null;
  ratio: number | null;
  ratios: number[];
  cpuRatios: (number | null)[];
  baselineKind: string;
  note?: string;
}

export function handoffLoad(port: number, m: ScaleManifest, seconds: number): Promise<ThroughputResult> {
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

/** The rounds against the running server `srv`, with the baseline started (and stopped) here. */
export async function handoffPhase(srv: Proc, m: ScaleManifest, env: NodeJS.ProcessEnv): Promise<{ summary: HandoffSummary; baselinePeakRssMb: number | null }> {
  const port = srv.port;
  const probe = m.handoff[0];
  const probeBody = JSON.stringify({ organizationId: probe.organizationId, email: probe.emails[0].email, issuedAt: Math.floor(Date.now() / 1000), nonce: randomBytes(12).toString('hex') });
  const pr = await send(port, 'POST', `/api/portals/${probe.portal}/handoff`, { 'x-portal-signature': createHmac('sha256', probe.secret).update(probeBody).digest('hex') }, probeBody);
  const handoffAvailable = pr.status !== 404 || !/Cannot POST|NOT_FOUND/.test(pr.body);
  // The raw baseline on the same database, started now and loaded in turn with ours (same conditions, one run).
  const bport = await freePort();
  const baseArgs = PG_URL ? ['bench/baseline-pg.ts', '--database-url', PG_URL] : ['bench/baseline-server.ts', '--database', DB_PATH];
  const base = await startProcess([...NODE_LOADER, ...baseArgs, '--port', String(bport)], env, bport, 'baseline');
  const rounds: { ours: ThroughputResult; baseline: ThroughputResult; ratio: number }[] = [];
  let baselinePeakRssMb: number | null = null;
  try {
    for (let r = 0; r < ROUNDS && handoffAvailable; r++) {
      log(`Hand-off round ${r + 1}/${ROUNDS}: real server, ${DURATION} s × ${CONNECTIONS} connections…`);
      const o = await measured(srv, () => handoffLoad(port, m, DURATION));
      log(`  ${o.rps} decisions/s (${o.cpuMsPerRequest} ms CPU each); raw baseline…`);
      const b = await measured(base, () => handoffLoad(bport, m, DURATION));
      log(`  ${b.rps} decisions/s (${b.cpuMsPerRequest} ms CPU each) (ratio ${round(o.rps / b.rps, 2)})`);
      rounds.push({ ours: o, baseline: b, ratio: round(o.rps / b.rps, 2)! });
    }
    baselinePeakRssMb = peakRssMb(base.child.pid!);
  } finally {
    await stop(base);
  }
  if (!handoffAvailable) log('Hand-off endpoint not available on the server (404): skipped.');
  const sortedRounds = [...rounds].sort((a, b) => a.ratio - b.ratio);
  const mid = sortedRounds[Math.floor(sortedRounds.length / 2)];
  return {
    baselinePeakRssMb,
    summary: {
      ours: mid?.ours ?? null,
      baseline: mid?.baseline ?? null,
      ratio: mid?.ratio ?? null,
      ratios: rounds.map((x) => x.ratio),
      /** Baseline CPU per decision ÷ ours (node process only): the ratio the pipeline alone would give on idle cores. */
      cpuRatios: rounds.map((x) => (x.ours.cpuMsPerRequest && x.baseline.cpuMsPerRequest ? round(x.baseline.cpuMsPerRequest / x.ours.cpuMsPerRequest, 2) : null)),
      baselineKind: PG_URL ? 'node:http + pg (one transaction, prepared statements)' : 'node:http + better-sqlite3 (one transaction, prepared statements)',
      ...(handoffAvailable ? {} : { note: 'POST /api/portals/:portal/handoff answered 404 (not implemented yet)' }),
    },
  };
}
