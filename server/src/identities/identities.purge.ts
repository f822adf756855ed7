import { Injectable, OnModuleInit } from '@nestjs/common';
import { PurgeService, type PurgeContext, type PurgeTask } from '../common/purge.service.js';

/**
 * Activation, password-reset and device-enrolment links (hashed tokens), once expired or used for longer than the
 * retention period. Until then an old link is answered "expired" or "already used"; after it, "not valid".
 */
@Injectable()
export class IdentitiesPurge implements PurgeTask, OnModuleInit {
  readonly name = 'identities';

  constructor(private readonly purges: PurgeService) {}

  onModuleInit(): void {
    this.purges.register(this);
  }

  async purge(ctx: PurgeContext): Promise<Record<string, number>> {
    const cutoff = ctx.cutoff('link-tokens');
    return { linkTokens: await ctx.deleteWhere('identity_tokens', 'id', '"expiresAt" < $1 OR "usedAt" < $1', [cutoff]) };
  }
}
