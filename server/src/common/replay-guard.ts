import { Injectable } from '@nestjs/common';
import { step, type SqlStep } from '../database/db.service.js';

/**
 * The one freshness-and-nonce check for signed requests that must not be replayed: portal hand-offs
 * (`handoff_nonces`) and Visma Authenticator device requests (`device_nonces`). A request is fresh when its
 * timestamp lies inside the window; only then does it spend its nonce, once — an INSERT that refuses a duplicate
 * key, so several server processes on one database agree. A nonce is kept as long as a replay of it could still be
 * fresh: the scheduled purges (sign-in.purge.ts, connect.purge.ts) never delete one younger than nonceRetentionMs().
 */
export interface FreshnessWindow {
  /** How old the timestamp may be. */
  maxAgeSeconds: number;
  /** How far ahead of our clock it may be (the sender's clock drifts). */
  maxFutureSeconds: number;
}

export type NonceTable = 'handoff_nonces' | 'device_nonces';

/** Pure: whether a request issued at `issuedAtMs` is fresh at `nowMs`. */
export function isFresh(issuedAtMs: number, nowMs: number, w: FreshnessWindow): boolean {
  if (!Number.isFinite(issuedAtMs)) return false;
  const age = nowMs - issuedAtMs;
  return age <= w.maxAgeSeconds * 1000 && age >= -w.maxFutureSeconds * 1000;
}

/** How long a nonce is kept: a replay older than this is refused as stale anyway (one minute of margin). */
export function nonceRetentionMs(w: FreshnessWindow): number {
  return (w.maxAgeSeconds + w.maxFutureSeconds + 60) * 1000;
}

@Injectable()
export class ReplayGuard {
  /**
   * Spends `key` in `table`, as one statement of a Db.atomic() body (`yield*` it): true the first time, false for a
   * replay (the insert refuses a duplicate key).
   */
  *claimNonce(table: NonceTable, key: string, now: Date): Generator<SqlStep, boolean, Record<string, unknown>[]> {
    const rows = yield step(`INSERT INTO "${table}" ("key", "createdAt") VALUES ($1, $2) ON CONFLICT ("key") DO NOTHING RETURNING "key"`, [key, now]);
    return rows.length === 1;
  }
}
