import type { AppConfig } from '../config/app-config.js';
import type { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { MailboxMessage } from './mailbox-message.entity.js';
import { HoldingMailTransport, MailTransport, SmtpMailTransport, type OutgoingMessage } from './mail-transport.js';

/** Delivers into the built-in mailbox (/mailbox): what the recipient would have received, links and codes included. */
export class MailboxTransport extends MailTransport {
  readonly delivers = true;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    super();
  }
  async send(message: OutgoingMessage): Promise<void> {
    await this.db.tx((m) =>
      m.getRepository(MailboxMessage).insert({
        id: newId(),
        channel: message.channel,
        recipient: message.to,
        recipientNormalized: message.to.trim().toLowerCase(),
        subject: message.subject,
        body: message.body,
        createdAt: this.clock.now(),
      }),
    );
  }
}

/** SMS through an HTTP gateway (SMS_WEBHOOK_URL): POST `{"to": "+358…", "text": "…"}` as JSON; any non-2xx answer is a failure (retried). */
export class SmsWebhookTransport extends MailTransport {
  readonly delivers = true;
  constructor(private readonly url: string) {
    super();
  }
  async send(message: OutgoingMessage): Promise<void> {
    if (message.channel !== 'sms') throw new Error('The SMS webhook only sends SMS');
    const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: message.to, text: message.body }), signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`SMS webhook answered ${res.status}`);
  }
}

/** One transport per channel: e-mail and SMS can go different ways (or stay held). */
export class ChannelRouter extends MailTransport {
  readonly delivers: boolean;
  constructor(private readonly routes: Partial<Record<OutgoingMessage['channel'], MailTransport>>) {
    super();
    this.delivers = Object.values(routes).some((t) => t?.delivers);
  }
  override canDeliver(channel: OutgoingMessage['channel']): boolean {
    return !!this.routes[channel]?.delivers;
  }
  async send(message: OutgoingMessage, from: string): Promise<void> {
    const t = this.routes[message.channel];
    if (!t?.delivers) throw new Error(`No transport for ${message.channel}`);
    await t.send(message, from);
  }
}

/**
 * E-mail: SMTP_URL, else the mailbox when enabled, else held. SMS: SMS_WEBHOOK_URL, else the mailbox when enabled,
 * else held (SMTP is never used for SMS).
 */
export function buildMailTransport(config: AppConfig, db: Db, clock: Clock): MailTransport {
  const mailbox = config.mailbox ? new MailboxTransport(db, clock) : null;
  const held = new HoldingMailTransport();
  return new ChannelRouter({
    email: config.smtpUrl ? new SmtpMailTransport(config.smtpUrl) : (mailbox ?? held),
    sms: config.smsWebhookUrl ? new SmsWebhookTransport(config.smsWebhookUrl) : (mailbox ?? held),
  });
}
