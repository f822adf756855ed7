import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { InvitationRequest } from '../identities/invitation-request.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { TicketsService, WORKABLE_STATUSES } from '../tickets/tickets.service.js';
import { ActivationService } from './activation.service.js';

export const INVITATION_REQUEST_LIST: ListSpec = {
  resource: 'invitation-requests',
  sortable: { createdAt: 'r.createdAt', status: 'r.status', email: 'r.email', id: 'r.id' },
  defaultSort: ['createdAt', 'DESC'],
  filters: { id: F.ids('r.id'), status: F.eq('r.status', ['pending', 'confirmed', 'rejected']), organizationId: F.eq('r.organizationId'), ticketId: F.eq('r.ticketId') },
};

/**
 * A caller without an identity: the agent asks for an invitation from the ticket; an org admin of the person's
 * organization confirms it (they know whether this is their colleague), and only then is the invitation sent.
 */
@Injectable()
export class InvitationRequestsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly tickets: TicketsService,
    private readonly activation: ActivationService,
  ) {}

  async request(ticketId: string, dto: { organizationId: string; name: string; email?: string }, actor: Actor): Promise<InvitationRequest> {
    const t = await this.tickets.getEntity(ticketId, actor);
    if (!WORKABLE_STATUSES.includes(t.status)) throw DomainError.conflict(ErrorCode.TICKET_CLOSED, `The ticket is ${t.status}.`);
    if (t.identityId) throw DomainError.conflict(ErrorCode.CONFLICT, 'The ticket is already linked to an identity.');
    const email = (dto.email ?? t.callerEmail ?? '').trim();
    if (!email) throw DomainError.invalid('email', 'give the address to invite (the ticket has none)');
    const org = await this.db.manager.getRepository(Organization).findOneBy({ id: dto.organizationId });
    if (!org) throw DomainError.invalid('organizationId', 'no such organization');
    if (!(await this.activation.addressBelongsTo(org, email))) {
      throw DomainError.invalid('email', 'is not a Severa user of this organization, nor in a domain it owns');
    }
    const existing = await this.db.manager.getRepository(InvitationRequest).findOneBy({ ticketId: t.id, status: 'pending' });
    if (existing) throw DomainError.conflict(ErrorCode.CONFLICT, 'An invitation for this ticket is already waiting for the org admin.');
    return this.db.tx(async (m) => {
      const row = m.getRepository(InvitationRequest).create({
        id: newId(),
        organizationId: org.id,
        ticketId: t.id,
        email,
        displayName: dto.name.trim(),
        status: 'pending',
        requestedById: actor.id,
        decidedById: null,
        createdAt: this.clock.now(),
        decidedAt: null,
      });
      await m.getRepository(InvitationRequest).insert(row);
      await this.audit.record({ action: 'invitation.requested', targetType: 'invitation-request', targetId: row.id, ticketId: t.id, organizationId: org.id, after: { email, organizationId: org.id } }, m);
      return row;
    });
  }

  async list(q: ListQuery, actor: Actor): Promise<Page<InvitationRequest>> {
    const qb = this.db.manager.getRepository(InvitationRequest).createQueryBuilder('r');
    scopeToActor(qb, 'r.organizationId', actor);
    return runList(qb, q, INVITATION_REQUEST_LIST);
  }

  async get(id: string, actor: Actor): Promise<InvitationRequest> {
    const row = await this.db.manager.getRepository(InvitationRequest).findOneBy({ id });
    if (!row) throw DomainError.notFound('Invitation request');
    assertInScope(actor, row.organizationId, 'Invitation request');
    return row;
  }

  /** The org admin decides; confirming sends the invitation (the same 202 rules as any invitation). */
  async decide(id: string, confirm: boolean, actor: Actor): Promise<InvitationRequest> {
    const row = await this.get(id, actor);
    if (row.status !== 'pending') throw DomainError.conflict(ErrorCode.CONFLICT, `This request was already ${row.status}.`);
    const status = confirm ? 'confirmed' : 'rejected';
    await this.db.tx(async (m) => {
      const r = await m.getRepository(InvitationRequest).update({ id: row.id, status: 'pending' }, { status, decidedById: actor.id, decidedAt: this.clock.now() });
      if ((r.affected ?? 0) !== 1) throw DomainError.conflict(ErrorCode.CONFLICT, 'Someone else decided this request meanwhile.');
      await this.audit.record({ action: `invitation.${status}`, targetType: 'invitation-request', targetId: row.id, ticketId: row.ticketId, organizationId: row.organizationId, after: { email: row.email, status } }, m);
    });
    if (confirm) await this.activation.invite({ email: row.email, name: row.displayName, organizationId: row.organizationId }, actor, { requestId: row.id });
    return this.get(row.id, actor);
  }
}
