import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { SecretBox, sealContext } from '../common/crypto.js';
import { Db, newId } from '../database/db.service.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { MailTransport } from './mail-transport.js';
import { redactOutboxBody, redactOutboxError } from './outbox-redaction.js';
import { serializeError } from '../common/error-serializer.js';

export interface EnqueueMessage {
  channel?: 'email' | 'sms';
  /** A short machine name, e.g. recovery-code.issued */
  kind: string;
  /** Always the identity's registered address, never one given on a call. */
  recipient: string;
  subject: string;
  body: string;
  organizationId?: string | null;
  identityId?: string | null;
  ticketId?: string | null;
}

interface ClaimedRow {
  id: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  bodyEnc: string | null;
  attempts: number;
}

const CLAIM_BATCH = 20;
/** One run never loops forever, even if messages keep arriving. */
const MAX_BATCHES_PER_RUN = 50;
const bodyContext = (id: string) => sealContext('outbox_messages', 'bodyEnc', id);

/** Wait before attempt n+1 after n failed ones: retrySeconds·2^(n-1), at most an hour. */
export function outboxBackoffSeconds(failedAttempts: number, retrySeconds: number): number {
  return Math.min(3600, retrySeconds * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * Messages are written to the outbox in the same transaction as the change that causes them, then delivered by the
 * transport after commit. Without a transport they stay in the outbox ("held").
 *
 * Delivery is safe with any number of server processes: a run first claims a batch in one atomic statement
 * (`UPDATE … RETURNING`, with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two processes never take the same row), and
 * only then sends. A failed send is tried again with exponential backoff up to OUTBOX_MAX_ATTEMPTS, then the message
 * is `failed` (supervisors see it in the Outbox with its last error). A claim left by a process that died mid-send is
 * taken over after OUTBOX_LEASE_SECONDS. Nothing here throws out of the timer: a database error is logged and the
 * next tick tries again.
 */
@Injectable()
export class OutboxService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.transport.delivers) {
      this.timer = setInterval(() => this.tick(), this.config.outbox.pollSeconds * 1000);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Fire-and-forget delivery that can never become an unhandled rejection. */
  private tick(): void {
    if (this.stopped) return;
    this.deliverPending().catch((e: unknown) => this.logger.error({ err: serializeError(e) }, 'Outbox run failed; the next tick tries again'));
  }

  async enqueue(m: EntityManager, msg: EnqueueMessage): Promise<OutboxMessage> {
    const id = newId();
    const row = m.getRepository(OutboxMessage).create({
      id,
      channel: msg.channel ?? 'email',
      kind: msg.kind,
      recipient: msg.recipient,
      subject: msg.subject,
      // Staff see this form; the deliverable text (codes, link tokens) only exists sealed until it is sent.
      body: redactOutboxBody(msg.body),
      bodyEnc: this.box.seal(msg.body, bodyContext(id)),
      status: this.transport.canDeliver(msg.channel ?? 'email') ? 'pending' : 'held',
      organizationId: msg.organizationId ?? null,
      identityId: msg.identityId ?? null,
      ticketId: msg.ticketId ?? null,
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
      claimedAt: null,
      createdAt: this.clock.now(),
      sentAt: null,
    });
    await m.getRepository(OutboxMessage).insert(row);
    // after the commit: the delivery run reads through another connection on PostgreSQL and would not see it before
    if (row.status === 'pending') this.db.afterCommit(m, () => this.tick());
    return row;
  }

  /**
   * Sends what is due, one run at a time per process. A call made while a run is going waits for a fresh run after
   * it, so a message written just before the call is always included. Rejects only when the database fails.
   */
  deliverPending(): Promise<void> {
    if (!this.running) {
      this.running = this.run().finally(() => (this.running = null));
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.deliverPending();
      });
    return this.next;
  }

  private async run(): Promise<void> {
    for (let i = 0; i < MAX_BATCHES_PER_RUN && !this.stopped; i++) {
      const batch = await this.claim(CLAIM_BATCH);
      for (const row of batch) await this.deliverOne(row);
      if (batch.length < CLAIM_BATCH) return;
    }
  }

  /** Atomically marks up to `limit` due messages as `sending` by this process and returns them. */
  private async claim(limit: number): Promise<ClaimedRow[]> {
    const now = this.clock.now();
    const staleClaim = new Date(now.getTime() - this.config.outbox.leaseSeconds * 1000);
    const due = `SELECT id FROM outbox_messages
      WHERE (status = 'pending' AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= $1)) OR (status = 'sending' AND "claimedAt" < $2)
      ORDER BY "createdAt" LIMIT $3`;
    const sql = `UPDATE outbox_messages SET status = 'sending', "claimedAt" = $1, attempts = attempts + 1
      WHERE id IN (${this.db.isPostgres ? due + ' FOR UPDATE SKIP LOCKED' : due})
      RETURNING id, channel, recipient, subject, body, "bodyEnc", attempts`;
    const res = await this.db.tx((m) => this.db.sql<ClaimedRow>(m, sql, [now, staleClaim, limit]));
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affected]
    const rows = (Array.isArray(res[0]) ? res[0] : res) as ClaimedRow[];
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
  }

  private async deliverOne(row: ClaimedRow): Promise<void> {
    let text: string;
    try {
      text = row.bodyEnc ? this.box.open(row.bodyEnc, bodyContext(row.id)) : row.body;
    } catch {
      await this.finish(row, { status: 'failed', lastError: 'The sealed body cannot be opened with the current data encryption key' });
      return;
    }
    try {
      await this.transport.send({ channel: row.channel as 'email' | 'sms', to: row.recipient, subject: row.subject, body: text }, this.config.mailFrom);
    } catch (e) {
      // Stored redacted: a transport may quote the message's text or a URL with credentials back.
      const lastError = redactOutboxError(String((e as Error)?.message ?? e));
      const giveUp = row.attempts >= this.config.outbox.maxAttempts;
      this.logger.warn({ outboxId: row.id, attempt: row.attempts, giveUp }, giveUp ? 'Outbox message failed for good' : 'Outbox delivery failed; will retry');
      const nextAttemptAt = giveUp ? null : new Date(this.clock.nowMs() + outboxBackoffSeconds(row.attempts, this.config.outbox.retrySeconds) * 1000);
      await this.finish(row, giveUp ? { status: 'failed', lastError } : { status: 'pending', lastError, nextAttemptAt });
      return;
    }
    await this.finish(row, { status: 'sent', sentAt: this.clock.now(), lastError: null });
  }

  /**
   * Records the outcome of a claimed message. Sent or failed messages lose their sealed body (the secret part).
   * If this write fails the message stays claimed and is taken over after the lease: at most one extra send.
   */
  private async finish(row: ClaimedRow, change: Partial<OutboxMessage>): Promise<void> {
    const done = change.status === 'sent' || change.status === 'failed';
    try {
      await this.db.tx((m) =>
        m
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({ ...change, claimedAt: null, ...(done ? { bodyEnc: null, nextAttemptAt: null } : {}) })
          .where('id = :id AND status = :sending', { id: row.id, sending: 'sending' })
          .execute(),
      );
    } catch (e) {
      this.logger.error({ outboxId: row.id, err: serializeError(e) }, 'Could not record an outbox outcome; the claim expires after the lease');
    }
  }

  /**
   * Rows written before bodies were sealed hold the deliverable text in `body`: seal it (when still to be sent) and
   * keep only the redacted form. Runs at start; idempotent.
   */
  async sealLegacyBodies(): Promise<number> {
    const repo = this.db.manager.getRepository(OutboxMessage);
    const rows = await repo.createQueryBuilder('o').select(['o.id', 'o.body', 'o.status']).where('o.bodyEnc IS NULL').getMany();
    let count = 0;
    for (const r of rows) {
      const redacted = redactOutboxBody(r.body);
      const stillToSend = ['pending', 'held', 'sending'].includes(r.status);
      if (redacted === r.body && !stillToSend) continue;
      await this.db.tx((m) => m.getRepository(OutboxMessage).update({ id: r.id }, { body: redacted, ...(stillToSend ? { bodyEnc: this.box.seal(r.body, bodyContext(r.id)) } : {}) }));
      count++;
    }
    return count;
  }
}
