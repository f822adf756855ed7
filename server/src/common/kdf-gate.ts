import { Logger } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { KdfLimits } from '../config/kdf.js';
import { DomainError, ErrorCode } from './errors.js';

/** Too many password checks at once: 503 SERVER_BUSY with Retry-After. Never counted as a failed sign-in. */
export class KdfBusyError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(503, ErrorCode.SERVER_BUSY, 'The server is busy. Wait a moment and try again.', undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

const WARN_EVERY_MS = 10_000;

/**
 * The one door every password KDF run goes through (common/password-hash.ts): at most `concurrency` runs at once
 * (each holds 19 MiB for argon2id, 128 MiB for a legacy scrypt hash), the rest wait first-come first-served in a queue
 * of at most `queue` callers for at most `queueTimeoutMs`. A caller beyond that is refused at once with KdfBusyError. Known and unknown accounts pass the same way (one run
 * each), so neither the wait nor a refusal tells them apart. A run that started is never cut short.
 */
export class KdfGate {
  private readonly logger = new Logger('KdfGate');
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private refusedSinceWarn = 0;
  private lastWarnAt = 0;

  constructor(private readonly limits: KdfLimits) {
    if (!(limits.concurrency >= 1)) throw new Error('KdfGate needs a concurrency of at least 1');
  }

  /** Runs `task` when a slot is free; its slot is released however it ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Runs in progress and callers waiting (for tests and diagnostics). */
  stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  private acquire(): Promise<void> {
    if (this.active < this.limits.concurrency && this.waiting.length === 0) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.queue) return Promise.reject(this.refuse('queue full'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: resolve,
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(this.refuse('waited too long'));
        }, this.limits.queueTimeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** Hands the slot straight to the longest-waiting caller (FIFO), or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.start();
    } else {
      this.active--;
    }
  }

  private refuse(reason: string): KdfBusyError {
    this.refusedSinceWarn++;
    const now = Date.now();
    if (now - this.lastWarnAt >= WARN_EVERY_MS) {
      this.logger.warn({ refused: this.refusedSinceWarn, reason, ...this.stats(), ...this.limits }, 'Password checks refused: too many at once (KDF_CONCURRENCY, KDF_QUEUE)');
      this.lastWarnAt = now;
      this.refusedSinceWarn = 0;
    }
    return new KdfBusyError(this.limits.queueTimeoutMs / 1000);
  }
}

/** Marks a route that runs the password KDF: the OpenAPI document gets its 503 SERVER_BUSY answer (openapi.ts). */
export function UsesPasswordKdf() {
  return ApiExtension('x-password-kdf', true);
}
