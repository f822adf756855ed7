import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { Ticket, TicketAttachment, TicketComment } from './ticket.entity.js';
import { TicketsService, WORKABLE_STATUSES, type CommentView } from './tickets.service.js';
import { TicketChangesService } from './ticket-changes.service.js';
import { TicketChannel } from '../../../shared/identity.js';
import { ticketNumberInSubject, type InboundAttachment } from './inbound-mail.rules.js';
import { Identity } from '../identities/identity.entity.js';
import { localeOf, t as translate } from '../i18n/i18n.js';

/** A received e-mail, parsed and already checked against the limits (inbound-mail.rules). */
export interface InboundMessage {
  /** The From address: a claim only, anyone can write any From. */
  from: string;
  subject: string;
  text: string;
  attachments: InboundAttachment[];
}

const SYSTEM = { id: null, email: null, role: 'system' };

/** Tickets by e-mail: agents' replies go out through the outbox with [#n]; inbound mail opens or continues tickets. */
@Injectable()
export class TicketMailService {
  private readonly logger = new Logger('TicketMail');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly tickets: TicketsService,
    private readonly changes: TicketChangesService,
  ) {}

  /** The subject every message about a ticket carries, so a reply threads back to it. */
  static subjectFor(t: Pick<Ticket, 'number' | 'subject'>): string {
    const subject = t.subject.replace(/^(re|fw|fwd|aw|sv|vs):\s*/i, '').replace(/\s*\[#\d+\]\s*/g, ' ').trim();
    return `Re: ${subject ? `${subject} ` : ''}[#${t.number}]`.slice(0, 300);
  }

  async reply(ticketId: string, body: string, actor: Actor): Promise<CommentView> {
    const t = await this.tickets.getEntity(ticketId, actor);
    if (!WORKABLE_STATUSES.includes(t.status)) throw DomainError.conflict(ErrorCode.TICKET_CLOSED, `The ticket is ${t.status}; open a new ticket to continue.`);
    const view = await this.tickets.get(t.id, actor);
    const recipient = t.callerEmail ?? view.identityEmail;
    if (!recipient) throw DomainError.conflict(ErrorCode.CONFLICT, 'The ticket has no address to reply to.');
    const text = body.trim();
    // The person's language when the ticket names their identity; a claimed sender's is unknown (the default).
    const locale = localeOf(t.identityId ? await this.db.manager.getRepository(Identity).findOne({ where: { id: t.identityId }, select: { id: true, locale: true } }) : null);
    const row = await this.db.tx(async (m) => {
      const now = this.clock.now();
      const c = m.getRepository(TicketComment).create({ id: newId(), ticketId: t.id, authorId: actor.id, kind: 'reply', fromAddress: null, body: text, createdAt: now });
      await m.getRepository(TicketComment).insert(c);
      await m.getRepository(Ticket).update({ id: t.id }, { updatedAt: now, waitingForPerson: true, ...(t.firstResponseAt ? {} : { firstResponseAt: now }) });
      await this.outbox.enqueue(m, {
        kind: 'ticket.reply',
        recipient,
        subject: TicketMailService.subjectFor(t),
        body: `${text}\n\n—\n${translate(locale, 'ticket.replyFooter', { ticket: t.number })}`,
        organizationId: t.organizationId,
        identityId: t.identityId,
        ticketId: t.id,
      });
      await this.audit.record({ action: 'ticket.replied', targetType: 'ticket-comment', targetId: c.id, ticketId: t.id, organizationId: t.organizationId, after: { length: text.length, to: recipient } }, m);
      return c;
    });
    return { ...row, authorEmail: actor.email, authorName: actor.name };
  }

  /**
   * An e-mail to the support address: `[#n]` in the subject adds it to ticket n while that ticket is open; otherwise
   * (no number, unknown number, finished ticket) it opens a new ticket. Returns the ticket number and whether it is new.
   */
  async receive(msg: InboundMessage): Promise<{ ticketNumber: number; created: boolean }> {
    const n = ticketNumberInSubject(msg.subject);
    if (n !== null) {
      const t = await this.db.manager.getRepository(Ticket).findOneBy({ number: n });
      if (t && WORKABLE_STATUSES.includes(t.status)) {
        await this.db.tx(async (m) => {
          const now = this.clock.now();
          const c = await this.addInbound(m, t.id, msg, now);
          await m.getRepository(Ticket).update({ id: t.id }, { updatedAt: now, waitingForPerson: false });
          await this.audit.record({ action: 'ticket.mail-received', targetType: 'ticket-comment', targetId: c.id, ticketId: t.id, organizationId: t.organizationId, after: { claimedSender: msg.from, attachments: msg.attachments.length }, actor: SYSTEM }, m);
        });
        this.logger.log(`Inbound mail added to ticket #${t.number}`);
        return { ticketNumber: t.number, created: false };
      }
    }
    // The mail's own words only: no subject or no text stays empty, and a reference to a finished or unknown ticket is
    // recorded as its number; the console words all three in the reader's language.
    const subject = msg.subject.replace(/\s*\[#\d+\]\s*/g, ' ').trim();
    const description = msg.text.trim().slice(0, 5000);
    const id = await this.changes.open(
      { channel: TicketChannel.EMAIL, callerEmail: msg.from, claimedSender: true, subject: subject.slice(0, 200), description, ...(n !== null ? { followUpTo: n } : {}) },
      null,
      async (m, t) => {
        const c = await this.addInbound(m, t.id, msg, t.createdAt);
        await this.audit.record({ action: 'ticket.mail-received', targetType: 'ticket-comment', targetId: c.id, ticketId: t.id, organizationId: null, after: { claimedSender: msg.from, attachments: msg.attachments.length }, actor: SYSTEM }, m);
      },
    );
    const t = await this.db.manager.getRepository(Ticket).findOneByOrFail({ id });
    this.logger.log(`Inbound mail opened ticket #${t.number}`);
    return { ticketNumber: t.number, created: true };
  }

  /** The message as an inbound comment and its attachments (content kept only when the policy allows). */
  private async addInbound(m: EntityManager, ticketId: string, msg: InboundMessage, now: Date): Promise<TicketComment> {
    const c = m.getRepository(TicketComment).create({
      id: newId(),
      ticketId,
      authorId: null,
      kind: 'inbound',
      fromAddress: msg.from.slice(0, 320),
      // The person's words only (an empty message: empty); the timeline says what it is in the reader's language.
      body: msg.text.trim().slice(0, 20_000),
      createdAt: now,
    });
    await m.getRepository(TicketComment).insert(c);
    for (const a of msg.attachments) {
      await m.getRepository(TicketAttachment).insert({
        id: newId(),
        ticketId,
        commentId: c.id,
        filename: a.filename.slice(0, 255),
        contentType: a.contentType.slice(0, 100),
        size: a.size,
        content: a.stored ? a.content!.toString('base64') : null,
        refusedReason: a.refusedReason,
        createdAt: now,
      });
    }
    return c;
  }

  /** The attachments of a ticket, without content. */
  async attachments(ticketId: string, actor: Actor): Promise<Omit<TicketAttachment, 'content'>[]> {
    const t = await this.tickets.getEntity(ticketId, actor);
    const rows = await this.db.manager.getRepository(TicketAttachment).find({ where: { ticketId: t.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(({ content: _content, ...rest }) => rest);
  }
}
