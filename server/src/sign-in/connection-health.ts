/**
 * A connection's health, judged from signed evidence only (pure, no I/O). The rules engine's connection check reads
 * `failing` from here; the connections list, the diagnosis and the preflights show the rest.
 *
 * - `disabled` / `not-configured`: as stored.
 * - `failing`: at least `threshold` requests with a signature that does not match (or signed but stale or
 *   malformed) from the connection's allowed sources within the window, and no signed hand-off in that window.
 * - `unverified`: created, re-enabled or rotated, and no signed hand-off since (evidence from before that moment
 *   no longer counts).
 * - `ok`: otherwise.
 *
 * Requests from outside the allowed sources and replayed copies are counted but are never evidence: a stranger
 * can send them at will.
 */
import type { ConnectionHealthStatus, RejectionKind } from '../../../shared/connections.js';

/** Kinds that count towards `failing` (what a portal with a wrong secret or a wrong clock produces). */
export const EVIDENCE_KINDS: readonly RejectionKind[] = ['bad-signature', 'stale', 'malformed'];

export interface RejectionBucket {
  bucket: Date;
  kind: RejectionKind;
  count: number;
}

export interface HealthInput {
  configured: boolean;
  enabled: boolean;
  createdAt: Date | null;
  unverifiedSince: Date | null;
  lastSuccessAt: Date | null;
  /** Rejection buckets of (at least) the last hour. */
  rejections: readonly RejectionBucket[];
  now: Date;
  threshold: number;
  windowMinutes: number;
}

export interface ConnectionHealth {
  status: ConnectionHealthStatus;
  failing: boolean;
  /** For `failing`: the first evidence in the window, the dominant kind and the count. */
  since: Date | null;
  cause: RejectionKind | null;
  evidence: number;
  /** Every rejected request of the last hour (any kind, any source). */
  rejectedRequests: number;
  rejectedByKind: Partial<Record<RejectionKind, number>>;
  threshold: number;
  windowMinutes: number;
}

export function connectionHealth(i: HealthInput): ConnectionHealth {
  const hourAgo = i.now.getTime() - 3600_000;
  const windowStart = i.now.getTime() - i.windowMinutes * 60_000;
  let rejectedRequests = 0;
  const rejectedByKind: Partial<Record<RejectionKind, number>> = {};
  const inWindow: Partial<Record<RejectionKind, number>> = {};
  let evidence = 0;
  let since: Date | null = null;
  for (const r of i.rejections) {
    const t = r.bucket.getTime();
    // Minute buckets that started within the last hour (the current minute included).
    if (t > hourAgo && t <= i.now.getTime()) {
      rejectedRequests += r.count;
      rejectedByKind[r.kind] = (rejectedByKind[r.kind] ?? 0) + r.count;
    }
    // Evidence from before a rotation or re-enabling says nothing about the connection as it is now: only minutes
    // that started at or after it count.
    const fresh = !i.unverifiedSince || t >= i.unverifiedSince.getTime();
    if (fresh && EVIDENCE_KINDS.includes(r.kind) && t > windowStart - 60_000 && t <= i.now.getTime()) {
      evidence += r.count;
      inWindow[r.kind] = (inWindow[r.kind] ?? 0) + r.count;
      if (!since || t < since.getTime()) since = r.bucket;
    }
  }
  const base = { rejectedRequests, rejectedByKind, evidence, threshold: i.threshold, windowMinutes: i.windowMinutes };
  if (!i.configured) return { status: 'not-configured', failing: false, since: null, cause: null, ...base };
  if (!i.enabled) return { status: 'disabled', failing: false, since: null, cause: null, ...base };
  const signedInWindow = !!i.lastSuccessAt && i.lastSuccessAt.getTime() >= windowStart;
  if (evidence >= i.threshold && !signedInWindow) {
    const cause = (Object.entries(inWindow) as [RejectionKind, number][]).sort((a, b) => b[1] - a[1])[0][0];
    return { status: 'failing', failing: true, since, cause, ...base };
  }
  const verifiedFrom = i.unverifiedSince ?? i.createdAt;
  const unverified = !i.lastSuccessAt || (!!verifiedFrom && i.lastSuccessAt.getTime() < verifiedFrom.getTime());
  return { status: unverified ? 'unverified' : 'ok', failing: false, since: null, cause: null, ...base };
}

/** The start of the minute a request arrived in: the bucket it is counted under. */
export function rejectionBucket(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}
