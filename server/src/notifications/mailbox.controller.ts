import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.service.js';
import { DomainError } from '../common/errors.js';
import { MailboxMessage } from './mailbox-message.entity.js';
import { linkify, mailboxPage } from './mailbox-page.js';
import { escapeHtml } from '../common/html-page.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The built-in mailbox (MAILBOX): without SMTP_URL, e-mail lands here; without SMS_WEBHOOK_URL, SMS too. It stands in
 * for people's own inboxes, so it shows what staff never see (activation links, codes). Who may open it:
 * - MAILBOX unset (on because demo data is loaded): only clients on this machine (loopback) — a demo or a developer;
 * - MAILBOX=true: anyone who can reach the server (a shared test installation; never with real people's mail);
 * - MAILBOX=false: nobody (404), and mail without SMTP_URL stays held in the outbox.
 */
@ApiTags('mailbox')
@Controller('mailbox')
export class MailboxController {
  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiProduces('text/html')
  @ApiQuery({ name: 'to', required: false, description: 'The recipient whose messages to show' })
  @ApiOperation({ summary: 'The built-in mailbox (HTML): recipients, and one recipient’s messages with working links' })
  async page(@Query('to') to: unknown, @Req() req: Request, @Res() res: Response) {
    this.assertOpen(req);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex');
    const repo = this.db.manager.getRepository(MailboxMessage);
    if (typeof to === 'string' && to.trim()) {
      const address = to.trim().toLowerCase().slice(0, 320);
      const rows = await repo.find({ where: { recipientNormalized: address }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
      const items = rows
        .map(
          (r) => `<article data-testid="mailbox-message">
<header><span class="chan">${r.channel === 'sms' ? 'SMS' : 'E-mail'}</span> <strong data-testid="mailbox-subject">${escapeHtml(r.subject)}</strong><time>${escapeHtml(r.createdAt.toISOString().replace('T', ' ').slice(0, 16))} UTC</time></header>
<pre data-testid="mailbox-body">${linkify(r.body)}</pre>
</article>`,
        )
        .join('\n');
      res.type('html').send(mailboxPage(`Mailbox of ${to.trim()}`, `<p><a href="/mailbox">All recipients</a></p><h1>${escapeHtml(to.trim())}</h1>${items || '<p>No messages.</p>'}`));
      return;
    }
    const rows = await repo
      .createQueryBuilder('b')
      .select('b.recipientNormalized', 'recipient')
      .addSelect('COUNT(*)', 'count')
      .addSelect('MAX(b.createdAt)', 'latest')
      .groupBy('b.recipientNormalized')
      .orderBy('latest', 'DESC')
      .limit(500)
      .getRawMany<{ recipient: string; count: string | number; latest: string | Date }>();
    const list = rows
      .map((r) => `<li><a data-testid="mailbox-recipient" href="/mailbox?to=${encodeURIComponent(r.recipient)}">${escapeHtml(r.recipient)}</a> <span class="count">(${Number(r.count)})</span></li>`)
      .join('\n');
    res.type('html').send(
      mailboxPage(
        'Mailbox',
        `<h1>Mailbox</h1><p class="note">Mail and SMS this installation sent, as the recipients received them (no SMTP server or SMS gateway is configured). Open a recipient to read their messages and follow their links.</p>
<form method="get" action="/mailbox"><label>Recipient <input name="to" type="text" autocomplete="off"></label> <button type="submit">Open</button></form>
${list ? `<ul>${list}</ul>` : '<p>No messages yet.</p>'}`,
      ),
    );
  }

  private assertOpen(req: Request): void {
    if (!this.config.mailbox) throw DomainError.notFound('Mailbox');
    if (!this.config.mailboxPublic && !LOOPBACK.test(req.ip ?? '')) throw DomainError.notFound('Mailbox');
  }
}
