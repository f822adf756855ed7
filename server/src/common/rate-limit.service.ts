import { Injectable } from '@nestjs/common';
import { Clock } from './clock.js';
import { Db } from '../database/db.service.js';
import { RateLimitCounter } from '../staff-auth/session.entity.js';
import { DomainError } from './errors.js';

/**
 * Fixed-window counters in the database, so every server process on one database shares them.
 */
@Injectable()
export class RateLimitService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit; returns whether it is within `limit` per `windowSeconds` and when the window ends. */
  async hit(key: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; count: number; retryAfterSeconds: number }> {
    const now = this.clock.now();
    return this.db.tx(async (m) => {
      await this.db.lock(m, 'rl:' + key);
      const repo = m.getRepository(RateLimitCounter);
      let row = await repo.findOneBy({ key });
      if (!row || row.expiresAt.getTime() <= now.getTime()) {
        row = repo.create({ key, count: 0, windowStart: now, expiresAt: new Date(now.getTime() + windowSeconds * 1000) });
      }
      row.count += 1;
      await repo.save(row);
      return { allowed: row.count <= limit, count: row.count, retryAfterSeconds: Math.max(1, Math.ceil((row.expiresAt.getTime() - now.getTime()) / 1000)) };
    });
  }

  /** Current count without counting. */
  async peek(key: string): Promise<{ count: number; retryAfterSeconds: number }> {
    const now = this.clock.now();
    const [row] = await this.db.sql<{ count: number; expiresAt: unknown }>(this.db.manager, `SELECT count, "expiresAt" FROM rate_limits WHERE key = $1`, [key]);
    const expiresAt = row ? this.db.date(row.expiresAt)! : null;
    if (!row || !expiresAt || expiresAt.getTime() <= now.getTime()) return { count: 0, retryAfterSeconds: 0 };
    return { count: Number(row.count), retryAfterSeconds: Math.ceil((expiresAt.getTime() - now.getTime()) / 1000) };
  }

  async reset(key: string): Promise<void> {
    await this.db.tx((m) => m.getRepository(RateLimitCounter).delete({ key }));
  }

  /** Counts a hit and throws 429 with Retry-After when over the limit. */
  async consume(key: string, limit: number, windowSeconds: number, message: string): Promise<void> {
    const r = await this.hit(key, limit, windowSeconds);
    if (!r.allowed) throw DomainError.tooMany(message, r.retryAfterSeconds);
  }
}
