/**
 * PostgreSQL only: the machine's latency floor for a request that waits twice for PostgreSQL, as the diagnosis does
 * (bench/baseline-roundtrips.ts), measured like the diagnosis — sequential requests, Server-Timing — so that its
 * server p99 can be read next to the diagnosis's. On the VMs of this workplace a wait now and then takes 2–4 ms
 * longer, the woken process queued behind another's time slice (bench/README.md, eleventh round); this shows how
 * often, without our code.
 *
 * Then the same floor spending as much CPU per request as each diagnosis series did (twelfth round): the bare floor's
 * own CPU plus busy-waited JavaScript for the difference. Its p99 is what any server doing that much work per
 * request, with no framework at all, gets on this machine.
 */
import { LAT_N, log, NODE_LOADER, PG_URL } from '../options.js';
import { latency, type LatencyResult } from '../lib/http.js';
import { freePort, startProcess, stop, withCpuPerRequest } from '../lib/processes.js';

export type FloorResult = LatencyResult & { cpuMsPerRequest: number | null; workMs: number };
export interface RoundTripResults {
  floor: FloorResult;
  /** The floor at each diagnosis series's CPU per request (absent where that series cost less than the floor). */
  atDiagnosisCpu: (FloorResult & { series: string; diagnosisCpuMsPerRequest: number })[];
}

async function floorRun(env: NodeJS.ProcessEnv, workMs: number): Promise<FloorResult> {
  const port = await freePort();
  const args = [...NODE_LOADER, 'bench/baseline-roundtrips.ts', '--database-url', PG_URL!, '--port', String(port), '--work-ms', String(workMs)];
  const p = await startProcess(args, env, port, 'round-trip baseline');
  try {
    const r = await withCpuPerRequest(p.child.pid!, () => latency(port, LAT_N * 3, () => '/rt', {}));
    log(`  server p50 ${r.serverP50} / p99 ${r.serverP99} ms, CPU ${r.cpuMsPerRequest} ms/request`);
    return { ...r, workMs };
  } finally {
    await stop(p);
  }
}

/** `series`: each diagnosis series's name and its measured server CPU per request. */
export async function roundTripPhase(env: NodeJS.ProcessEnv, series: { name: string; cpuMsPerRequest: number | null | undefined }[] = []): Promise<RoundTripResults | undefined> {
  if (!PG_URL) return undefined;
  log('Round-trip floor: node:http + pg, two statements per request, no framework…');
  const floor = await floorRun(env, 0);
  const atDiagnosisCpu: RoundTripResults['atDiagnosisCpu'] = [];
  for (const s of series) {
    if (s.cpuMsPerRequest == null || floor.cpuMsPerRequest == null || s.cpuMsPerRequest <= floor.cpuMsPerRequest) continue;
    const workMs = Math.round((s.cpuMsPerRequest - floor.cpuMsPerRequest) * 100) / 100;
    log(`Round-trip floor with ${workMs} ms of JavaScript per request (the diagnosis's ${s.name}: ${s.cpuMsPerRequest} ms of CPU per request)…`);
    atDiagnosisCpu.push({ ...(await floorRun(env, workMs)), series: s.name, diagnosisCpuMsPerRequest: s.cpuMsPerRequest });
  }
  return { floor, atDiagnosisCpu };
}
