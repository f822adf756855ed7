import type { DataSource } from 'typeorm';
import { OneTimeStepRecord } from './one-time-step.entity.js';

/**
 * A data pass a database needs once, after the migrations (re-sealing values written in an older format, re-keying
 * a chain): it runs at the first start that finds no record of it, and is recorded in `one_time_steps` when it
 * reports itself done. A step that is not done (say, a broken legacy chain it refuses to touch) runs again at the next
 * start. Steps must be idempotent: two processes starting at once on a new database may both run one.
 */
export interface OneTimeStep {
  /** Stable name; never reuse one for a different pass. */
  name: string;
  /** Does the work; `done: false` leaves it unrecorded, to run again at the next start. */
  run(): Promise<{ done: boolean; changed: number }>;
}

export interface OneTimeStepsResult {
  /** Steps that ran at this start, with what they changed. */
  ran: { name: string; done: boolean; changed: number }[];
  /** Steps recorded earlier, not run. */
  skipped: string[];
}

/** Runs, in order, the steps this database has no record of (its schema must be migrated). */
export async function runOneTimeSteps(ds: DataSource, steps: OneTimeStep[], now: () => Date): Promise<OneTimeStepsResult> {
  const repo = ds.getRepository(OneTimeStepRecord);
  const recorded = new Set((await repo.find({ select: { name: true } })).map((r) => r.name));
  const result: OneTimeStepsResult = { ran: [], skipped: [] };
  for (const step of steps) {
    if (recorded.has(step.name)) {
      result.skipped.push(step.name);
      continue;
    }
    const { done, changed } = await step.run();
    result.ran.push({ name: step.name, done, changed });
    if (done) await repo.createQueryBuilder().insert().values({ name: step.name, doneAt: now(), changed }).orIgnore().execute();
  }
  return result;
}
