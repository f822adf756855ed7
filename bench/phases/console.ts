/** The console's reads with a staff session: diagnosis, preflight, list pages, searches; /api/health under a key flood. */
import autocannon from 'autocannon';
import type { ScaleManifest } from '../seed-scale.js';
import { JIT_WARMUP, LAT_N, log, QUICK } from '../options.js';
import { get, latency, listPath, type LatencyResult } from '../lib/http.js';
import { peakRssMb, withCpuPerRequest } from '../lib/processes.js';

export interface ConsoleResults {
  diagnosis: LatencyResult;
  /** The same read once the JIT has settled (JIT_WARMUP more requests first), on people the warm-up did not read. */
  diagnosisSteady?: LatencyResult & { afterRequests: number };
  preflight: LatencyResult & { organizationAccounts: number };
  lists: Record<string, LatencyResult>;
  searches: Record<string, LatencyResult>;
}

const rnd = (n: number) => Math.floor(Math.random() * n);
/** A shuffled copy (Fisher–Yates). */
function shuffled<T>(a: readonly T[]): T[] {
  const out = [...a];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** `pid`: the server's, for its peak RSS after each series (logged: which read raises it). */
export async function consolePhase(port: number, m: ScaleManifest, auth: Record<string, string>, pid: number): Promise<ConsoleResults> {
  const hwm = () => `peak RSS ${peakRssMb(pid)} MB`;
  // The server's CPU per request of a series (warm-up included).
  const cpu = (run: () => Promise<LatencyResult>) => withCpuPerRequest(pid, run);
  const diagnosisPath = (x: ScaleManifest['diagnosis'][number]) =>
    `/api/sign-in/diagnosis?portal=${x.portal}&organizationId=${x.organizationId}&email=${encodeURIComponent(x.email)}`;
  // The sampled people in three shuffled thirds: the first series reads the first, the JIT warm-up the second, the
  // steady-state series the third — each measured diagnosis is of a person no earlier diagnosis of the run has read
  // (while a third holds a series and its warm-up, 350: 604 people at 1M users).
  const third = Math.max(1, Math.floor(m.diagnosis.length / 3));
  const people = [0, 1, 2].map((k) => shuffled(m.diagnosis.slice(k * third, k === 2 ? undefined : (k + 1) * third)));
  const nextOf = (list: ScaleManifest['diagnosis']) => {
    let k = 0;
    return () => diagnosisPath(list[k++ % list.length]);
  };
  log(`Diagnosis: ${LAT_N} sequential requests…`);
  const diagnosis = await cpu(() => latency(port, LAT_N, nextOf(people[0]), auth));
  log(`  p99 ${diagnosis.p99} ms, CPU ${diagnosis.cpuMsPerRequest} ms/request, ${hwm()}`);
  // Steady state: JIT_WARMUP unmeasured diagnoses first (TurboFan's compile jobs occupy a vCPU 1–5 ms each, and this
  // VM's scheduler queues PostgreSQL behind them), then the series.
  let diagnosisSteady: ConsoleResults['diagnosisSteady'];
  if (JIT_WARMUP > 0 && people[1].length && people[2].length) {
    log(`Diagnosis after ${JIT_WARMUP} more requests (steady state)…`);
    const t0 = performance.now();
    const warm = nextOf(people[1]);
    let sent = 0;
    for (; sent < JIT_WARMUP && performance.now() - t0 < 60_000; sent++) await get(port, warm(), auth);
    diagnosisSteady = { ...(await cpu(() => latency(port, LAT_N, nextOf(people[2]), auth))), afterRequests: sent };
    log(`  p99 ${diagnosisSteady.p99} ms, CPU ${diagnosisSteady.cpuMsPerRequest} ms/request, ${hwm()}`);
  }

  log('Preflight of a 1,000-account organization…');
  const pf = m.preflight[0];
  const p = await latency(port, QUICK ? 10 : 30, () => `/api/sign-in/preflight?portal=${pf.portal}&organizationId=${pf.organizationId}`, auth);
  log(`  p95 ${p.p95} ms, ${hwm()}`);

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
    const r = await cpu(() => latency(port, QUICK ? 30 : 100, path, auth));
    listResults[name] = r;
    log(`  ${name}: p95 ${r.p95} ms (${r.total}), CPU ${r.cpuMsPerRequest} ms/request, ${hwm()}`);
  }

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
    const r = await cpu(() => latency(port, QUICK ? 30 : 100, path, auth));
    searchResults[name] = r;
    log(`  ${name}: p95 ${r.p95} ms (${r.total}), CPU ${r.cpuMsPerRequest} ms/request, ${hwm()}`);
  }
  return { diagnosis, diagnosisSteady, preflight: { ...p, organizationAccounts: pf.accounts }, lists: listResults, searches: searchResults };
}

/** /api/health while other clients post bodies with 5,000 unknown keys (refused before validation). */
export async function keyFloodPhase(port: number): Promise<LatencyResult & { floodRequestsPerSecond: number; floodStatuses: Record<string, number> }> {
  log('Health under a flood of 5,000-key bodies…');
  const flood = JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])));
  const floodDone = new Promise<autocannon.Result>((res, rej) =>
    autocannon({ url: `http://127.0.0.1:${port}`, connections: 4, duration: QUICK ? 3 : 6, requests: [{ method: 'POST', path: '/api/auth/sign-in', body: flood, headers: { 'content-type': 'application/json' } }] }, (e, r) => (e ? rej(e) : res(r))),
  );
  await new Promise((r) => setTimeout(r, 300));
  const hl = await latency(port, QUICK ? 50 : 200, () => '/api/health', {}, (QUICK ? 2 : 5) * 1000);
  const fr = await floodDone;
  return { ...hl, floodRequestsPerSecond: Math.round(fr.requests.average), floodStatuses: { '4xx': fr['4xx'], '5xx': fr['5xx'] } };
}
