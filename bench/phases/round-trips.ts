/**
 * PostgreSQL only: the machine's latency floor for a request that waits twice for PostgreSQL, as the diagnosis does
 * (bench/baseline-roundtrips.ts), measured like the diagnosis — sequential requests, Server-Timing — so that its
 * server p99 can be read next to the diagnosis's. On the VMs of this workplace a wait now and then takes 2–4 ms
 * longer, the woken process queued behind another's time slice (bench/README.md, eleventh round); this shows how
 * often, without our code.
 */
import { LAT_N, log, NODE_LOADER, PG_URL } from '../options.js';
import { latency, type LatencyResult } from '../lib/http.js';
import { freePort, startProcess, stop } from '../lib/processes.js';

export async function roundTripPhase(env: NodeJS.ProcessEnv): Promise<LatencyResult | undefined> {
  if (!PG_URL) return undefined;
  log('Round-trip floor: node:http + pg, two statements per request, no framework…');
  const port = await freePort();
  const p = await startProcess([...NODE_LOADER, 'bench/baseline-roundtrips.ts', '--database-url', PG_URL, '--port', String(port)], env, port, 'round-trip baseline');
  try {
    const r = await latency(port, LAT_N * 3, () => '/rt', {});
    log(`  server p50 ${r.serverP50} / p99 ${r.serverP99} ms`);
    return r;
  } finally {
    await stop(p);
  }
}
