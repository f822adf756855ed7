import { Injectable, OnModuleInit } from '@nestjs/common';
import { PurgeService, type PurgeContext, type PurgeTask } from './purge.service.js';

/** Rate-limit and failure counters (and remembered addresses) whose window ended more than the retention period ago. */
@Injectable()
export class RateLimitPurge implements PurgeTask, OnModuleInit {
  readonly name = 'rate-limits';

  constructor(private readonly purges: PurgeService) {}

  onModuleInit(): void {
    this.purges.register(this);
  }

  async purge(ctx: PurgeContext): Promise<Record<string, number>> {
    return { counters: await ctx.deleteWhere('rate_limits', 'key', '"expiresAt" < $1', [ctx.cutoff('rate-limits')]) };
  }
}
