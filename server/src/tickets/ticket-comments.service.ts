import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import type { Actor } from '../common/request-context.js';
import { Ticket, TicketComment } from './ticket.entity.js';
import { TicketsService, type CommentView } from './tickets.service.js';

/** Staff's internal notes on a ticket (replies and inbound mail: TicketMailService). */
@Injectable()
export class TicketCommentsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly tickets: TicketsService,
  ) {}

  async comments(ticketId: string, actor: Actor): Promise<CommentView[]> {
    const t = await this.tickets.getEntity(ticketId, actor);
    const rows = await this.db.manager.getRepository(TicketComment).find({ where: { ticketId: t.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    // Comments made within the same millisecond keep the order in which they were written (the audit chain's order).
    const seq = await this.auditSequence(t.id, 'ticket.commented');
    rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (seq.get(a.id) ?? 0) - (seq.get(b.id) ?? 0));
    const people = await this.tickets.identitiesById(rows.map((r) => r.authorId));
    return rows.map((c) => ({ ...c, authorEmail: c.authorId ? (people.get(c.authorId)?.email ?? null) : null, authorName: c.authorId ? (people.get(c.authorId)?.displayName ?? null) : null }));
  }

  async addComment(ticketId: string, body: string, actor: Actor): Promise<CommentView> {
    const t = await this.tickets.getEntity(ticketId, actor);
    const row = await this.db.tx(async (m) => {
      const c = m.getRepository(TicketComment).create({ id: newId(), ticketId: t.id, authorId: actor.id, kind: 'note', fromAddress: null, body: body.trim(), createdAt: this.clock.now() });
      await m.getRepository(TicketComment).insert(c);
      await m.getRepository(Ticket).update({ id: t.id }, { updatedAt: c.createdAt });
      await this.audit.record({ action: 'ticket.commented', targetType: 'ticket-comment', targetId: c.id, ticketId: t.id, organizationId: t.organizationId, after: { length: c.body.length } }, m);
      return c;
    });
    return { ...row, authorEmail: actor.email, authorName: actor.name };
  }

  /** targetId → audit event id for one action on a ticket: the order in which things were written. */
  private async auditSequence(ticketId: string, action: string): Promise<Map<string, number>> {
    const events = await this.db.manager.getRepository(AuditEvent).find({ where: { ticketId, action }, select: { id: true, targetId: true } });
    return new Map(events.filter((e) => e.targetId).map((e) => [e.targetId!, e.id]));
  }
}
