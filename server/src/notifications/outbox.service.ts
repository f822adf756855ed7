import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { MailTransport } from './mail-transport.js';

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

/**
 * Messages are written to the outbox in the same transaction as the change that causes them, then
 * delivered by the transport after commit. Without a transport they stay in the outbox ("held").
 */
@Injectable()
export class OutboxService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.transport.delivers) {
      this.timer = setInterval(() => void this.deliverPending(), 5000);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async enqueue(m: EntityManager, msg: EnqueueMessage): Promise<OutboxMessage> {
    const row = m.getRepository(OutboxMessage).create({
      id: newId(),
      channel: msg.channel ?? 'email',
      kind: msg.kind,
      recipient: msg.recipient,
      subject: msg.subject,
      body: msg.body,
      status: this.transport.canDeliver(msg.channel ?? 'email') ? 'pending' : 'held',
      organizationId: msg.organizationId ?? null,
      identityId: msg.identityId ?? null,
      ticketId: msg.ticketId ?? null,
      attempts: 0,
      lastError: null,
      createdAt: this.clock.now(),
      sentAt: null,
    });
    await m.getRepository(OutboxMessage).insert(row);
    if (row.status === 'pending') setImmediate(() => void this.deliverPending());
    return row;
  }

  /**
   * Sends what is pending, one run at a time. A call made while a run is going waits for a fresh run after it,
   * so a message written just before the call is always included.
   */
  deliverPending(): Promise<void> {
    if (!this.running) {
      this.running = this.run().finally(() => (this.running = null));
      return this.running;
    }
    this.next ??= this.running.then(() => {
      this.next = null;
      return this.deliverPending();
    });
    return this.next;
  }

  private async run(): Promise<void> {
    const pending = await this.db.manager.getRepository(OutboxMessage).find({ where: { status: 'pending' }, order: { createdAt: 'ASC' }, take: 50 });
    for (const msg of pending) {
      try {
        await this.transport.send({ channel: msg.channel as 'email' | 'sms', to: msg.recipient, subject: msg.subject, body: msg.body }, this.config.mailFrom);
        await this.db.tx((m) => m.getRepository(OutboxMessage).update({ id: msg.id }, { status: 'sent', sentAt: this.clock.now(), attempts: msg.attempts + 1, lastError: null }));
      } catch (e) {
        const attempts = msg.attempts + 1;
        this.logger.warn(`Delivery of outbox message ${msg.id} failed (attempt ${attempts})`);
        await this.db.tx((m) =>
          m.getRepository(OutboxMessage).update({ id: msg.id }, { attempts, lastError: String((e as Error)?.message ?? e).slice(0, 500), status: attempts >= 5 ? 'failed' : 'pending' }),
        );
      }
    }
  }
}
