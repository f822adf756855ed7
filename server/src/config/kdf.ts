import { int, type Env } from './config-values.js';

/**
 * The password KDF gate (common/kdf-gate.ts): argon2id at m=19 MiB needs 19 MiB per run (a legacy scrypt hash's check,
 * N=2^17, r=8: 128 MiB, until it is replaced at that sign-in), so the number of runs at once is bounded and the rest wait in a short FIFO queue; beyond it a sign-in is refused with 503 SERVER_BUSY.
 */
export interface KdfLimits {
  /** KDF runs at once (KDF_CONCURRENCY); each holds 19 MiB (argon2id; 128 MiB for a legacy scrypt hash) while it runs. */
  concurrency: number;
  /** Callers that may wait for a free run (KDF_QUEUE); 0: none wait. */
  queue: number;
  /** Longest a caller waits in the queue before it is refused (KDF_QUEUE_TIMEOUT_MS). */
  queueTimeoutMs: number;
}

export const KDF_DEFAULTS: KdfLimits = { concurrency: 2, queue: 32, queueTimeoutMs: 10_000 };

export function kdfLimits(env: Env): KdfLimits {
  return {
    concurrency: int(env, 'KDF_CONCURRENCY', KDF_DEFAULTS.concurrency, 1, 64),
    queue: int(env, 'KDF_QUEUE', KDF_DEFAULTS.queue, 0, 10_000),
    queueTimeoutMs: int(env, 'KDF_QUEUE_TIMEOUT_MS', KDF_DEFAULTS.queueTimeoutMs, 1, 600_000),
  };
}
