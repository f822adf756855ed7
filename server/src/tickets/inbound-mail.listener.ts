import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RateLimitService } from '../common/rate-limit.service.js';
import { TicketMailService } from './ticket-mail.service.js';
import { attachmentPolicy, INBOUND_LIMITS, mimeBombCheck } from './inbound-mail.rules.js';

/** Messages one sending address (IP) may deliver per hour: a flood cannot fill the queue. */
const PER_ADDRESS_PER_HOUR = 120;

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The inbound SMTP listener (INBOUND_SMTP_PORT; off when unset): mail to SUPPORT_ADDRESS opens or continues tickets.
 * No AUTH and no relaying: only the support address is accepted as a recipient. Put it behind the organization's
 * MX (which does spam filtering and TLS) rather than on the open internet.
 */
@Injectable()
export class InboundMailListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('InboundMail');
  private server: SMTPServer | null = null;
  private parse: typeof import('mailparser').simpleParser | null = null;
  /** The port really listened on (INBOUND_SMTP_PORT=0 picks a free one). */
  port: number | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: TicketMailService,
    private readonly limits: RateLimitService,
  ) {}

  async onModuleInit(): Promise<void> {
    const cfg = this.config.inboundSmtp;
    if (!cfg) return;
    const support = cfg.address.toLowerCase();
    // smtp-server and mailparser load only when inbound mail is configured (issue 17: cold start).
    const [{ SMTPServer }, { simpleParser }] = await Promise.all([import('smtp-server'), import('mailparser')]);
    this.parse = simpleParser;
    this.server = new SMTPServer({
      name: new URL(this.config.publicUrl).hostname,
      banner: 'Access Desk support mail',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      size: cfg.maxBytes,
      maxClients: 20,
      socketTimeout: 60_000,
      logger: false,
      onConnect: (session, cb) => {
        this.limits.hit(`inbound-mail:${session.remoteAddress}`, PER_ADDRESS_PER_HOUR, 3600).then(
          (r) => cb(r.allowed ? undefined : smtpError(421, 'Too many messages from your address; try again later')),
          () => cb(smtpError(451, 'Temporary failure')),
        );
      },
      onRcptTo: (address, _session, cb) => {
        cb(address.address.trim().toLowerCase() === support ? undefined : smtpError(550, 'No such recipient here'));
      },
      onData: (stream, session, cb) => this.onData(stream, session, cb),
    });
    this.server.on('error', (e) => this.logger.warn(`Inbound SMTP: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(cfg.port, cfg.host, () => resolve());
    });
    const addr = this.server.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : cfg.port;
    this.logger.log(`Inbound mail for ${cfg.address} on port ${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb: (err?: Error | null, message?: string) => void): void {
    const max = this.config.inboundSmtp!.maxBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded || size > max) return cb(smtpError(552, `Message too large (the limit is ${max} bytes)`));
      this.accept(Buffer.concat(chunks), session).then(
        (r) => cb(null, `Queued as ticket #${r.ticketNumber}`),
        (e: Error & { responseCode?: number }) => {
          if (!e.responseCode) this.logger.warn(`Inbound mail refused: ${e.message}`);
          cb(e.responseCode ? e : smtpError(451, 'Temporary failure, try again later'));
        },
      );
    });
  }

  /** Checks, parses and files one message. */
  private async accept(raw: Buffer, session: SMTPServerSession) {
    const bomb = mimeBombCheck(raw);
    if (bomb) throw smtpError(554, `Message refused: ${bomb.replace(/-/g, ' ')}`);
    const parsed = await this.parse!(raw, { skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 1024 * 1024 });
    const fromHeader = parsed.from?.value?.[0]?.address?.trim();
    const envelope = session.envelope.mailFrom ? session.envelope.mailFrom.address.trim() : '';
    const from = fromHeader || envelope;
    if (!from || !/^[^\s@]+@[^\s@]+$/.test(from) || from.length > 320) throw smtpError(550, 'Message refused: no valid sender address');
    const text = (parsed.text ?? '').slice(0, INBOUND_LIMITS.maxTextChars);
    const subject = (parsed.subject ?? '').replace(/[\r\n]+/g, ' ').trim().slice(0, 300);
    if (!text.trim() && !subject && parsed.attachments.length === 0) throw smtpError(550, 'Message refused: empty');
    const attachments = attachmentPolicy(parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })));
    return this.mail.receive({ from, subject, text, attachments });
  }
}
