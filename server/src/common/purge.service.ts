import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, type RetentionName } from '../config/app-config.js';
import { Clock } from './clock.js';
import { Db } from '../database/db.service.js';
import { serializeError } from './error-serializer.js';

/** What one purge task may use: the time of the run, the configured retention periods, and batched deletes. */
export interface PurgeContext {
  now: Date;
  /** now minus the retention period of that name: rows that stopped mattering before it may go. */
  cutoff(name: RetentionName): Date;
  /**
   * Deletes the rows of `table` that `where` selects (hand-written SQL with `$1…` placeholders, both databases), in
   * batches of `batch` rows per transaction, so a big backlog never holds SQLite's one writer for long. `key` is the
   * table's primary key column(s). Returns how many rows went.
   */
  deleteWhere(table: string, key: string | string[], where: string, params: unknown[]): Promise<number>;
  /** Runs one write transaction (for purges that update rather than delete). */
  tx<T>(fn: (m: EntityManager) => Promise<T>): Promise<T>;
  db: Db;
}

/** One domain's purge: removes its own rows that are past their retention and says how many (by kind). */
export interface PurgeTask {
  /** e.g. staff-auth, sign-in */
  readonly name: string;
  purge(ctx: PurgeContext): Promise<Record<string, number>>;
}

export interface PurgeRunResult {
  /** task name → kind → rows removed */
  removed: Record<string, Record<string, number>>;
  /** tasks that failed (their error is logged) */
  failed: string[];
}

const BATCH = 1000;
const INTERVAL_NAME = 'purge';

/**
 * The scheduled purge. The platform knows no domain: each domain registers its own task (`<domain>.purge.ts`) at
 * start, and every PURGE_INTERVAL_MINUTES this service runs them one after another with the retention periods of
 * RETENTION. A run never throws out of the timer: a failing task is logged and the others still run; the next run
 * tries again. Runs in one process never overlap; several processes may purge at once (deletes are idempotent).
 */
@Injectable()
export class PurgeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Purge');
  private readonly tasks: PurgeTask[] = [];
  private running: Promise<PurgeRunResult> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called by each domain's purge provider when its module starts. */
  register(task: PurgeTask): void {
    if (this.tasks.some((t) => t.name === task.name)) throw new Error(`Purge task "${task.name}" is registered twice`);
    this.tasks.push(task);
  }

  get taskNames(): string[] {
    return this.tasks.map((t) => t.name);
  }

  onApplicationBootstrap(): void {
    const timer = setInterval(() => this.tick(), this.config.purgeIntervalMinutes * 60_000);
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  /** The timer's callback: fire and forget, and nothing can escape it. */
  private tick(): void {
    if (this.stopped || this.running) return;
    this.runAll().catch((e: unknown) => this.logger.error({ err: serializeError(e) }, 'Purge run failed'));
  }

  /** Runs every task once (at the clock's time); a run already going is joined rather than doubled. Never rejects. */
  runAll(): Promise<PurgeRunResult> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<PurgeRunResult> {
    const now = this.clock.now();
    const ctx: PurgeContext = {
      now,
      cutoff: (name) => new Date(now.getTime() - this.config.retention[name] * 1000),
      deleteWhere: (table, key, where, params) => this.deleteWhere(table, key, where, params),
      tx: (fn) => this.db.tx(fn),
      db: this.db,
    };
    const result: PurgeRunResult = { removed: {}, failed: [] };
    for (const task of this.tasks) {
      if (this.stopped) break;
      try {
        result.removed[task.name] = await task.purge(ctx);
      } catch (e) {
        result.failed.push(task.name);
        this.logger.error({ task: task.name, err: serializeError(e) }, 'Purge task failed; the next run tries again');
      }
    }
    const total = Object.values(result.removed).flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.log({ removed: result.removed }, `Purged ${total} expired rows`);
    return result;
  }

  private async deleteWhere(table: string, key: string | string[], where: string, params: unknown[]): Promise<number> {
    const keys = (Array.isArray(key) ? key : [key]).map((k) => `"${k}"`).join(', ');
    const limit = `$${params.length + 1}`;
    // Row-value IN works on both databases; the batch is chosen and deleted in one statement.
    const sql = `DELETE FROM "${table}" WHERE (${keys}) IN (SELECT ${keys} FROM "${table}" WHERE ${where} LIMIT ${limit}) RETURNING 1 AS x`;
    let total = 0;
    for (;;) {
      if (this.stopped) return total;
      const rows = await this.db.tx((m) => this.db.sql(m, sql, [...params, BATCH]));
      // TypeORM answers a DELETE … RETURNING on PostgreSQL with [rows, affected]
      const n = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
      total += n;
      if (n < BATCH) return total;
    }
  }
}
