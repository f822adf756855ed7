import { Injectable, OnModuleInit } from '@nestjs/common';
import { PurgeService, type PurgeContext, type PurgeTask } from '../common/purge.service.js';
import { DEVICE_REQUEST_MAX_SKEW_SECONDS } from '../../../shared/two-factor.js';

/** Nonces of device-signed requests: kept at least twice the freshness window (a replay of an older one is refused by its timestamp). */
@Injectable()
export class ConnectPurge implements PurgeTask, OnModuleInit {
  readonly name = 'connect';

  constructor(private readonly purges: PurgeService) {}

  onModuleInit(): void {
    this.purges.register(this);
  }

  async purge(ctx: PurgeContext): Promise<Record<string, number>> {
    const cutoff = Math.min(ctx.cutoff('nonces').getTime(), ctx.now.getTime() - 2 * DEVICE_REQUEST_MAX_SKEW_SECONDS * 1000);
    return { deviceNonces: await ctx.deleteWhere('device_nonces', 'key', '"createdAt" < $1', [new Date(cutoff)]) };
  }
}
