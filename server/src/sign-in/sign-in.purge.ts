import { Injectable, OnModuleInit } from '@nestjs/common';
import { PurgeService, type PurgeContext, type PurgeTask } from '../common/purge.service.js';
import { nonceRetentionMs } from '../common/replay-guard.js';
import { HANDOFF_WINDOW } from './handoff-request.js';

/** Per-minute counts of refused hand-offs: health and "rejected in the last hour" read at most the last hour. */
const REJECTION_RETENTION_MS = 25 * 3600_000;

/**
 * The hand-off's leftovers: used nonces (never before a replay of them would be refused as stale anyway), expired
 * Severa sessions, and old per-minute counts of refused requests.
 */
@Injectable()
export class SignInPurge implements PurgeTask, OnModuleInit {
  readonly name = 'sign-in';

  constructor(private readonly purges: PurgeService) {}

  onModuleInit(): void {
    this.purges.register(this);
  }

  async purge(ctx: PurgeContext): Promise<Record<string, number>> {
    const nonceCutoff = Math.min(ctx.cutoff('nonces').getTime(), ctx.now.getTime() - nonceRetentionMs(HANDOFF_WINDOW));
    const nonces = await ctx.deleteWhere('handoff_nonces', 'key', '"createdAt" < $1', [new Date(nonceCutoff)]);
    const severaSessions = await ctx.deleteWhere('severa_sessions', 'id', '"expiresAt" < $1', [ctx.cutoff('sessions')]);
    const rejections = await ctx.deleteWhere('connection_rejections', ['connectionId', 'bucket', 'kind'], 'bucket < $1', [new Date(ctx.now.getTime() - REJECTION_RETENTION_MS)]);
    return { nonces, severaSessions, rejections };
  }
}
