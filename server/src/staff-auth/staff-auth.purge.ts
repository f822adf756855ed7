import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PurgeService, type PurgeContext, type PurgeTask } from '../common/purge.service.js';

/**
 * Sessions (staff and Connect) and half-finished sign-ins, once they can no longer be used and their retention
 * period has passed: a session ended when it was revoked (signed out), went idle for SESSION_IDLE_MINUTES or reached
 * its absolute lifetime; a challenge when it expired.
 */
@Injectable()
export class StaffAuthPurge implements PurgeTask, OnModuleInit {
  readonly name = 'staff-auth';

  constructor(
    private readonly purges: PurgeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.purges.register(this);
  }

  async purge(ctx: PurgeContext): Promise<Record<string, number>> {
    const ended = ctx.cutoff('sessions');
    // Idle since before (cutoff − idle) means it went idle before the cutoff.
    const idleSince = new Date(ended.getTime() - this.config.sessionIdleMinutes * 60_000);
    const sessions = await ctx.deleteWhere('sessions', 'id', '"revokedAt" < $1 OR "absoluteExpiresAt" < $1 OR "lastSeenAt" < $2', [ended, idleSince]);
    const challenges = await ctx.deleteWhere('auth_challenges', 'id', '"expiresAt" < $1', [ctx.cutoff('challenges')]);
    return { sessions, challenges };
  }
}
