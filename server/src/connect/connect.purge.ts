import { Injectable, OnModuleInit } from '@nestjs/common';
import { PurgeService, type PurgeContext, type PurgeTask } from '../common/purge.service.js';
import { nonceRetentionMs } from '../common/replay-guard.js';
import { DEVICE_WINDOW } from './devices.service.js';

/** Nonces of device-signed requests: kept as long as a replay of them could still be fresh (older ones are refused by their timestamp). */
@Injectable()
export class ConnectPurge implements PurgeTask, OnModuleInit {
  readonly name = 'connect';

  constructor(private readonly purges: PurgeService) {}

  onModuleInit(): void {
    this.purges.register(this);
  }

  async purge(ctx: PurgeContext): Promise<Record<string, number>> {
    const cutoff = Math.min(ctx.cutoff('nonces').getTime(), ctx.now.getTime() - nonceRetentionMs(DEVICE_WINDOW));
    return { deviceNonces: await ctx.deleteWhere('device_nonces', 'key', '"createdAt" < $1', [new Date(cutoff)]) };
  }
}
