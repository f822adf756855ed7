import { Inject, Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { Clock } from './clock.js';
import { Db } from '../database/db.service.js';
import { APP_CONFIG, type AppConfig, type RateLimit, type RateLimitName } from '../config/app-config.js';
import { RateLimitCounter } from './rate-limit-counter.entity.js';
import { DomainError } from './errors.js';

/**
 * The address a per-address limit counts against: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 network,
 * since one subscriber usually holds a whole /64 and could otherwise take a new address for every attempt.
 */
export function addressKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  try {
    let a = ipaddr.parse(ip);
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
    if (a.kind() === 'ipv4') return a.toString();
    const parts = (a as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
    return `${parts.join(':')}::/64`;
  } catch {
    return ip.slice(0, 64);
  }
}

export interface Hit {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in the database, so every server process on one database shares them. Limits are named
 * (config.rateLimits, set with RATE_LIMITS); a limit of 0 is switched off.
 */
@Injectable()
export class RateLimitService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The configured limit of that name. */
  limitOf(name: RateLimitName): RateLimit {
    return this.config.rateLimits[name];
  }

  /** Counts one hit; returns whether it is within `limit` per `windowSeconds` and when the window ends. */
  async hit(key: string, limit: number, windowSeconds: number): Promise<Hit> {
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
      return { allowed: limit === 0 || row.count <= limit, count: row.count, retryAfterSeconds: Math.max(1, Math.ceil((row.expiresAt.getTime() - now.getTime()) / 1000)) };
    });
  }

  /** Counts one hit against the named limit for `subject` (key `<name>:<subject>`). */
  async hitNamed(name: RateLimitName, subject: string): Promise<Hit> {
    const { limit, windowSeconds } = this.limitOf(name);
    if (limit === 0) return { allowed: true, count: 0, retryAfterSeconds: 0 };
    return this.hit(`${name}:${subject}`, limit, windowSeconds);
  }

  /** Whether the named limit for `subject` is already used up, without counting. */
  async exhausted(name: RateLimitName, subject: string): Promise<{ exhausted: boolean; retryAfterSeconds: number }> {
    const { limit } = this.limitOf(name);
    if (limit === 0) return { exhausted: false, retryAfterSeconds: 0 };
    const r = await this.peek(`${name}:${subject}`);
    return { exhausted: r.count >= limit, retryAfterSeconds: Math.max(1, r.retryAfterSeconds) };
  }

  /** Current count without counting. */
  async peek(key: string): Promise<{ count: number; retryAfterSeconds: number }> {
    const now = this.clock.now();
    const [row] = await this.db.sql<{ count: number; expiresAt: unknown }>(this.db.manager, `SELECT count, "expiresAt" FROM rate_limits WHERE key = $1`, [key]);
    const expiresAt = row ? this.db.date(row.expiresAt) : null;
    if (!row || !expiresAt || expiresAt.getTime() <= now.getTime()) return { count: 0, retryAfterSeconds: 0 };
    return { count: Number(row.count), retryAfterSeconds: Math.ceil((expiresAt.getTime() - now.getTime()) / 1000) };
  }

  /** Keeps a marker (count 1) that expires `seconds` from now, however often it is set. */
  async remember(key: string, seconds: number): Promise<void> {
    const now = this.clock.now();
    await this.db.tx(async (m) => {
      await this.db.lock(m, 'rl:' + key);
      await m.getRepository(RateLimitCounter).save({ key, count: 1, windowStart: now, expiresAt: new Date(now.getTime() + seconds * 1000) });
    });
  }

  async reset(key: string): Promise<void> {
    await this.db.tx((m) => m.getRepository(RateLimitCounter).delete({ key }));
  }

  /** Counts a hit and throws 429 with Retry-After when over the limit. */
  async consume(key: string, limit: number, windowSeconds: number, message: string): Promise<void> {
    const r = await this.hit(key, limit, windowSeconds);
    if (!r.allowed) throw DomainError.tooMany(message, r.retryAfterSeconds);
  }

  /** Counts a hit against the named limit for `subject` and throws 429 with Retry-After when over it. */
  async consumeNamed(name: RateLimitName, subject: string, message: string): Promise<void> {
    const r = await this.hitNamed(name, subject);
    if (!r.allowed) throw DomainError.tooMany(message, r.retryAfterSeconds);
  }
}
