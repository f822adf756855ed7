import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The one freshness-and-nonce check for signed requests that must not be replayed: portal hand-offs
 * (`handoff_nonces`) and Visma Authenticator device requests (`device_nonces`). A request is fresh when its
 * timestamp lies inside the window; only then does it spend its nonce, once — an INSERT that refuses a duplicate
 * key, so several server processes on one database agree. A nonce is kept as long as a replay of it could still be
 * fresh; older ones are pruned (at most once a minute per table and process).
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
  private readonly lastPrune = new Map<NonceTable, number>();

  /** Spends `key` in `table` inside the caller's transaction: true the first time, false for a replay. */
  async claimNonce(m: EntityManager, table: NonceTable, key: string, now: Date, w: FreshnessWindow): Promise<boolean> {
    await this.prune(m, table, now, w);
    const [sql, params] = m.connection.driver.escapeQueryWithParameters(`INSERT INTO "${table}" ("key", "createdAt") VALUES (:key, :now) ON CONFLICT ("key") DO NOTHING RETURNING "key"`, { key, now });
    const rows: unknown = await m.query(sql, params);
    return Array.isArray(rows) && rows.length === 1;
  }

  private async prune(m: EntityManager, table: NonceTable, now: Date, w: FreshnessWindow): Promise<void> {
    const nowMs = now.getTime();
    if (nowMs - (this.lastPrune.get(table) ?? 0) < 60_000) return;
    this.lastPrune.set(table, nowMs);
    const [sql, params] = m.connection.driver.escapeQueryWithParameters(`DELETE FROM "${table}" WHERE "createdAt" < :cutoff`, { cutoff: new Date(nowMs - nonceRetentionMs(w)) });
    await m.query(sql, params);
  }
}
