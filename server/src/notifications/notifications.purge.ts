import { Injectable, OnModuleInit } from '@nestjs/common';
import { PurgeService, type PurgeContext, type PurgeTask } from '../common/purge.service.js';

/** Marks a body the purge emptied; the console says so instead of showing nothing. */
export const PURGED_BODY = '';
const BATCH = 500;

/**
 * The text of sent messages, once older than the retention period: the row (who, what kind, when, status) stays
 * for the record, the body is emptied. Held, pending, sending and failed messages keep theirs.
 */
@Injectable()
export class NotificationsPurge implements PurgeTask, OnModuleInit {
  readonly name = 'notifications';

  constructor(private readonly purges: PurgeService) {}

  onModuleInit(): void {
    this.purges.register(this);
  }

  async purge(ctx: PurgeContext): Promise<Record<string, number>> {
    const cutoff = ctx.cutoff('outbox-bodies');
    // In batches, like the platform's deletes: a long backlog never holds SQLite's one writer for long.
    const sql = `UPDATE outbox_messages SET body = $1, "bodyEnc" = NULL
      WHERE id IN (SELECT id FROM outbox_messages WHERE status = 'sent' AND "sentAt" < $2 AND (body <> $1 OR "bodyEnc" IS NOT NULL) LIMIT $3)
      RETURNING id`;
    let total = 0;
    for (;;) {
      const rows = await ctx.tx((m) => ctx.db.sql(m, sql, [PURGED_BODY, cutoff, BATCH]));
      // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affected]
      const n = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
      total += n;
      if (n < BATCH) return { outboxBodies: total };
    }
  }
}
