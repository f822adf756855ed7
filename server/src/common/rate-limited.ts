import { applyDecorators, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface.js';
import type { AppConfig, RateLimitName } from '../config/app-config.js';
import { addressKey, RateLimitService } from './rate-limit.service.js';

export const RATE_LIMIT_KEY = 'access-desk:rate-limit';

/** The route-level limits (calls per client address to one route). */
export type RouteLimitName = Extract<RateLimitName, 'sign-in' | 'step-up' | 'connect-sign-in' | 'one-time-code' | 'handoff' | 'invite'>;

/** Limits calls to this route per client address (limits from config.rateLimits; answered with 429 + Retry-After). */
export function RateLimited(name: RouteLimitName) {
  // The OpenAPI document gets the 429 answer and the X-RateLimit-* headers from the extension (openapi.ts).
  return applyDecorators(SetMetadata(RATE_LIMIT_KEY, name), ApiExtension('x-rate-limit', name));
}

/** @nestjs/throttler counters kept in the database, so every server process shares them. */
@Injectable()
export class DbThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly limits: RateLimitService) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const r = await this.limits.hit(`throttle:${key}`, limit, Math.max(1, Math.ceil(ttl / 1000)));
    return { totalHits: r.count, timeToExpire: r.retryAfterSeconds, isBlocked: !r.allowed, timeToBlockExpire: r.allowed ? 0 : r.retryAfterSeconds };
  }
}

function routeLimit(config: AppConfig, ctx: ExecutionContext) {
  const name = Reflect.getMetadata(RATE_LIMIT_KEY, ctx.getHandler()) as RateLimitName | undefined;
  return name ? { name, ...config.rateLimits[name] } : null;
}

/** One throttler whose limit and window come from the route's @RateLimited(name); routes without it are not limited. */
export function throttlerOptions(config: AppConfig, storage: DbThrottlerStorage): ThrottlerModuleOptions {
  return {
    storage,
    throttlers: [
      {
        name: 'default',
        limit: (ctx) => routeLimit(config, ctx)?.limit ?? Number.MAX_SAFE_INTEGER,
        ttl: (ctx) => (routeLimit(config, ctx)?.windowSeconds ?? 60) * 1000,
        skipIf: (ctx) => {
          const l = routeLimit(config, ctx);
          return !l || l.limit === 0;
        },
      },
    ],
    getTracker: (req) => addressKey(req.ip as string | undefined),
    errorMessage: 'Too many requests. Wait a moment and try again.',
  };
}
