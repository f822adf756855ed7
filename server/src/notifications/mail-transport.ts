import type { Transporter } from 'nodemailer';

export interface OutgoingMessage {
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  body: string;
}

/** Delivers outbox messages. Injectable so tests can read what would be sent. */
export abstract class MailTransport {
  /** False when nothing is configured: messages then stay in the outbox, visible to supervisors. */
  abstract readonly delivers: boolean;
  /** Whether messages of this channel can be delivered now (otherwise they are held in the outbox). */
  canDeliver(_channel: OutgoingMessage['channel']): boolean {
    return this.delivers;
  }
  abstract send(message: OutgoingMessage, from: string): Promise<void>;
}

/** SMTP through nodemailer (SMTP_URL). SMS go out as e-mail to an SMS gateway is not assumed: they stay held. */
export class SmtpMailTransport extends MailTransport {
  readonly delivers = true;
  /** nodemailer loads with the first message sent, not at start (issue 17: cold start). */
  private transporter: Promise<Transporter> | undefined;
  constructor(private readonly url: string) {
    super();
  }
  async send(message: OutgoingMessage, from: string): Promise<void> {
    if (message.channel !== 'email') throw new Error('No SMS gateway is configured');
    this.transporter ??= import('nodemailer').then((m) => m.default.createTransport(this.url));
    await (await this.transporter).sendMail({ from, to: message.to, subject: message.subject, text: message.body });
  }
}

/** No transport configured: nothing leaves the machine. */
export class HoldingMailTransport extends MailTransport {
  readonly delivers = false;
  send(): Promise<void> {
    return Promise.reject(new Error('No mail transport configured'));
  }
}

/** Test transport: records what was sent. */
export class MemoryMailTransport extends MailTransport {
  readonly delivers = true;
  readonly sent: OutgoingMessage[] = [];
  send(message: OutgoingMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}
