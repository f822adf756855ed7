import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { In, MoreThan, type EntityManager } from 'typeorm';
import { Clock, RandomSource } from '../common/clock.js';
import { formatOneTimeCode, hashOneTimeCode } from '../common/crypto.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { ListQuery, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { TicketChangesService } from '../tickets/ticket-changes.service.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { effectiveStatus, revokeUnusedCodes } from './recovery-code.rules.js';
import { RecoveryChecks } from './recovery-code.checks.js';
import { approvalBasis, recoveryCodeList, toRecoveryCodeViews, type IssuedCode, type PendingRequest, type RecoveryCodeView } from './recovery-code.views.js';
import type { IssueRecoveryCodeDto } from './recovery.dto.js';
import { RecoveryCodeStatus, TicketStatus } from '../../../shared/identity.js';
import { RECOVERY_CODE_LIFETIME } from '../../../shared/tickets.js';
import { formatInstant, localeOf, mail } from '../i18n/i18n.js';

/**
 * One-time sign-in codes issued by customer service (lost phone): shown once, stored hashed, single use,
 * expiring, throttled, and for people with console roles or marked privileged, approved by a second supervisor.
 */
@Injectable()
export class RecoveryService {
  private readonly logger = new Logger('Recovery');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly checks: RecoveryChecks,
    private readonly ticketChanges: TicketChangesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Redeems a one-time code customer service issued to `identityId`: one atomic conditional UPDATE
   * (status active, hash matches, not expired), so a code redeems exactly once even under concurrent requests.
   * Returns the redeemed row, or null when no such active, unexpired code exists (malformed input included).
   * Call it inside your own transaction (`db.tx((m) => recovery.redeem(m, identityId, code))`).
   */
  async redeem(m: EntityManager, identityId: string, code: string): Promise<RecoveryCode | null> {
    const hash = hashOneTimeCode(code);
    if (!hash) return null;
    const now = this.clock.now();
    const r = await m
      .createQueryBuilder()
      .update(RecoveryCode)
      .set({ status: RecoveryCodeStatus.REDEEMED, redeemedAt: now })
      .where('"identityId" = :identityId AND "codeHash" = :hash AND status = :active AND "expiresAt" > :now', { identityId, hash, active: RecoveryCodeStatus.ACTIVE, now })
      .execute();
    if ((r.affected ?? 0) !== 1) return null;
    return m.getRepository(RecoveryCode).findOneBy({ codeHash: hash });
  }

  // --- reading ---

  async list(query: ListQuery): Promise<Page<RecoveryCodeView>> {
    const now = this.clock.now();
    const spec = recoveryCodeList(now);
    const qb = this.db.manager.getRepository(RecoveryCode).createQueryBuilder('c');
    const page = await runList(qb, query, spec);
    return new Page(page.resource, await this.withApprovalRefusals(await toRecoveryCodeViews(this.db.manager, page.rows, now), now), page.offset, page.total);
  }

  async get(id: string): Promise<RecoveryCodeView> {
    const row = await this.db.manager.getRepository(RecoveryCode).findOneBy({ id });
    if (!row) throw DomainError.notFound('Recovery code');
    const now = this.clock.now();
    return (await this.withApprovalRefusals(await toRecoveryCodeViews(this.db.manager, [row], now), now))[0];
  }

  /** Requests waiting for approval say whether the ticket's verification would let them be approved now (the queue shows it). */
  private async withApprovalRefusals(views: RecoveryCodeView[], now: Date): Promise<RecoveryCodeView[]> {
    const pending = views.filter((v) => v.status === RecoveryCodeStatus.PENDING_APPROVAL);
    if (pending.length === 0) return views;
    const tickets = new Map((await this.db.manager.getRepository(Ticket).findBy({ id: In([...new Set(pending.map((v) => v.ticketId))]) })).map((t) => [t.id, t]));
    for (const v of pending) {
      const ticket = tickets.get(v.ticketId);
      const refusal = ticket ? await this.checks.verificationRefusal(this.db.manager, ticket, now) : 'ticket-changed';
      v.approvalRefusal = refusal === 'approval-expired' ? null : refusal;
    }
    return views;
  }

  // --- issuing ---

  /** Issues a code (201, shown once) or, for people with console roles or marked privileged, files a request for a second supervisor (202). */
  async issue(dto: IssueRecoveryCodeDto, actor: Actor): Promise<IssuedCode | PendingRequest> {
    const lifetimeMinutes = dto.expiresInMinutes ?? RECOVERY_CODE_LIFETIME.defaultMinutes;
    const ticket = await this.db.manager.getRepository(Ticket).findOneBy({ id: dto.ticketId });
    if (!ticket) throw DomainError.invalid('ticketId', 'no such ticket');
    if (!ticket.identityId || ticket.identityId !== dto.identityId) throw DomainError.invalid('identityId', 'is not the identity this ticket is about');
    await this.checks.refuseSelf(actor, ticket, 'self-issue');
    const identity = await this.checks.preconditions(ticket);
    const approval = approvalBasis(identity, await this.db.manager.getRepository(StaffRoleGrant).findBy({ identityId: identity.id }));
    const pending = await this.db.manager.getRepository(RecoveryCode).findOneBy({ identityId: identity.id, status: RecoveryCodeStatus.PENDING_APPROVAL, expiresAt: MoreThan(this.clock.now()) });
    if (pending) throw DomainError.conflict(ErrorCode.APPROVAL_PENDING, 'A code request for this person is already waiting for a supervisor’s approval (see the approval queue).');

    await this.checks.checkIdentityQuota(this.db.manager, identity.id);
    await this.checks.consumeAgentQuota(actor);

    if (approval) {
      const out = await this.db.tx(async (m) => {
        await this.db.lock(m, `recovery:${identity.id}`);
        await this.checks.checkIdentityQuota(m, identity.id);
        const now = this.clock.now();
        if (await m.getRepository(RecoveryCode).findOneBy({ identityId: identity.id, status: RecoveryCodeStatus.PENDING_APPROVAL, expiresAt: MoreThan(now) })) {
          throw DomainError.conflict(ErrorCode.APPROVAL_PENDING, 'A code request for this person is already waiting for a supervisor’s approval.');
        }
        // The verification is judged again at the instant of the write (the first check ran outside the transaction).
        const refusal = await this.checks.verificationRefusal(m, ticket, now);
        if (refusal) return { refusal };
        const req = m.getRepository(RecoveryCode).create({
          id: newId(),
          identityId: identity.id,
          ticketId: ticket.id,
          codeHash: null,
          status: RecoveryCodeStatus.PENDING_APPROVAL,
          lifetimeMinutes,
          // The request waits APPROVAL_VALID_MINUTES for a second supervisor; then it no longer counts.
          expiresAt: new Date(now.getTime() + this.config.approvalValidMinutes * 60_000),
          requestedById: actor.id,
          issuedById: null,
          approvedById: null,
          createdAt: now,
          issuedAt: null,
          redeemedAt: null,
          revokedAt: null,
          revokedById: null,
        });
        await m.getRepository(RecoveryCode).insert(req);
        await this.audit.record(
          { action: 'recovery-code.requested', targetType: 'recovery-code', targetId: req.id, ticketId: ticket.id, organizationId: ticket.organizationId, after: { identityId: identity.id, ticketNumber: ticket.number, lifetimeMinutes, status: req.status, approvalBasis: approval.reason, approvalRoles: approval.roles } },
          m,
        );
        return { row: req };
      });
      if (out.refusal) return this.checks.refuse(ticket, out.refusal);
      const row = out.row;
      this.logger.log(`Recovery code request ${row.id} for ticket #${ticket.number} waits for a second supervisor`);
      return { id: row.id, status: RecoveryCodeStatus.PENDING_APPROVAL, approval };
    }

    const issued = await this.db.tx(async (m) => {
      await this.db.lock(m, `recovery:${identity.id}`);
      await this.checks.checkIdentityQuota(m, identity.id);
      const now = this.clock.now();
      const refusal = await this.checks.verificationRefusal(m, ticket, now);
      if (refusal) return { refusal };
      const { code, codeHash } = this.newCode();
      const row = m.getRepository(RecoveryCode).create({
        id: newId(),
        identityId: identity.id,
        ticketId: ticket.id,
        codeHash,
        status: RecoveryCodeStatus.ACTIVE,
        lifetimeMinutes,
        expiresAt: new Date(now.getTime() + lifetimeMinutes * 60_000),
        requestedById: actor.id,
        issuedById: actor.id,
        approvedById: null,
        createdAt: now,
        issuedAt: now,
        redeemedAt: null,
        revokedAt: null,
        revokedById: null,
      });
      await this.supersede(m, identity.id, row.id, ticket, actor.id, now);
      await m.getRepository(RecoveryCode).insert(row);
      await this.afterIssue(m, row, identity, ticket, now);
      return { row, code };
    });
    if (issued.refusal) return this.checks.refuse(ticket, issued.refusal);
    this.logger.log(`Recovery code ${issued.row.id} issued for ticket #${ticket.number}`);
    return { id: issued.row.id, code: issued.code, expiresAt: issued.row.expiresAt!, status: RecoveryCodeStatus.ACTIVE };
  }

  /** A different supervisor approves a pending request (step-up): only now is the code generated, and shown to the approver once. */
  async approve(id: string, actor: Actor): Promise<IssuedCode> {
    const req = await this.db.manager.getRepository(RecoveryCode).findOneBy({ id });
    if (!req) throw DomainError.notFound('Recovery code');
    const ticket = await this.db.manager.getRepository(Ticket).findOneByOrFail({ id: req.ticketId });
    const status = effectiveStatus(req, this.clock.now());
    if (status === RecoveryCodeStatus.EXPIRED && req.status === RecoveryCodeStatus.PENDING_APPROVAL) return this.checks.refuse(ticket, 'approval-expired', req);
    if (status !== RecoveryCodeStatus.PENDING_APPROVAL) throw DomainError.conflict(ErrorCode.CONFLICT, `This request is not waiting for approval (it is ${status}).`);
    await this.checks.refuseSelf(actor, ticket, 'self-approval');
    if (req.requestedById === actor.id) {
      await this.audit.record({ action: 'recovery-code.refused', targetType: 'recovery-code', targetId: req.id, ticketId: ticket.id, organizationId: ticket.organizationId, after: { reason: 'approval by the requester', identityId: req.identityId } });
      throw new DomainError(403, ErrorCode.SECOND_PERSON_REQUIRED, 'You requested this code: a different supervisor must approve it.');
    }
    const identity = await this.checks.preconditions(ticket);
    await this.checks.consumeAgentQuota(actor);

    const issued = await this.db.tx(async (m) => {
      await this.db.lock(m, `recovery:${identity.id}`);
      const now = this.clock.now();
      // Both freshness rules at the instant of the write: the request has not waited too long, and the ticket's
      // verification still counts (an agent may verify the caller again while the request waits).
      const current = await m.getRepository(RecoveryCode).findOneBy({ id: req.id });
      if (current?.status === RecoveryCodeStatus.PENDING_APPROVAL && effectiveStatus(current, now) === RecoveryCodeStatus.EXPIRED) return { refusal: 'approval-expired' as const };
      const refusal = await this.checks.verificationRefusal(m, ticket, now);
      if (refusal) return { refusal };
      const { code, codeHash } = this.newCode();
      const expiresAt = new Date(now.getTime() + req.lifetimeMinutes * 60_000);
      await this.supersede(m, identity.id, req.id, ticket, actor.id, now);
      const r = await m
        .createQueryBuilder()
        .update(RecoveryCode)
        .set({ status: RecoveryCodeStatus.ACTIVE, codeHash, expiresAt, approvedById: actor.id, issuedById: actor.id, issuedAt: now })
        .where('id = :id AND status = :pending AND "expiresAt" > :now', { id: req.id, pending: RecoveryCodeStatus.PENDING_APPROVAL, now })
        .execute();
      if ((r.affected ?? 0) !== 1) throw DomainError.conflict(ErrorCode.CONFLICT, 'Someone else decided this request meanwhile, or it expired.');
      await this.audit.record(
        { action: 'recovery-code.approved', targetType: 'recovery-code', targetId: req.id, ticketId: ticket.id, organizationId: ticket.organizationId, after: { identityId: identity.id, requestedById: req.requestedById, approvedById: actor.id } },
        m,
      );
      const row = { ...req, status: RecoveryCodeStatus.ACTIVE, codeHash, expiresAt, approvedById: actor.id, issuedById: actor.id, issuedAt: now };
      await this.afterIssue(m, row, identity, ticket, now);
      return { row, code };
    });
    if (issued.refusal) return this.checks.refuse(ticket, issued.refusal, req);
    this.logger.log(`Recovery code ${issued.row.id} approved and issued for ticket #${ticket.number}`);
    return { id: issued.row.id, code: issued.code, expiresAt: issued.row.expiresAt, status: RecoveryCodeStatus.ACTIVE };
  }

  async reject(id: string, reason: string | undefined, actor: Actor): Promise<RecoveryCodeView> {
    const req = await this.db.manager.getRepository(RecoveryCode).findOneBy({ id });
    if (!req) throw DomainError.notFound('Recovery code');
    if (req.status === RecoveryCodeStatus.PENDING_APPROVAL && effectiveStatus(req, this.clock.now()) === RecoveryCodeStatus.EXPIRED) throw DomainError.conflict(ErrorCode.APPROVAL_EXPIRED, 'This request expired unapproved: there is nothing left to reject.');
    if (effectiveStatus(req, this.clock.now()) !== RecoveryCodeStatus.PENDING_APPROVAL) throw DomainError.conflict(ErrorCode.CONFLICT, `Only a request waiting for approval can be rejected (this one is ${effectiveStatus(req, this.clock.now())}).`);
    const ticket = await this.db.manager.getRepository(Ticket).findOneByOrFail({ id: req.ticketId });
    await this.db.tx(async (m) => {
      const now = this.clock.now();
      const r = await m
        .createQueryBuilder()
        .update(RecoveryCode)
        .set({ status: RecoveryCodeStatus.REJECTED, revokedAt: now, revokedById: actor.id })
        .where('id = :id AND status = :pending', { id: req.id, pending: RecoveryCodeStatus.PENDING_APPROVAL })
        .execute();
      if ((r.affected ?? 0) !== 1) throw DomainError.conflict(ErrorCode.CONFLICT, 'Someone else decided this request meanwhile.');
      await this.audit.record(
        { action: 'recovery-code.rejected', targetType: 'recovery-code', targetId: req.id, ticketId: ticket.id, organizationId: ticket.organizationId, after: { identityId: req.identityId, requestedById: req.requestedById, reason: reason?.trim() || null } },
        m,
      );
    });
    return this.get(req.id);
  }

  async revoke(id: string, actor: Actor): Promise<RecoveryCodeView> {
    const row = await this.db.manager.getRepository(RecoveryCode).findOneBy({ id });
    if (!row) throw DomainError.notFound('Recovery code');
    const now = this.clock.now();
    const status = effectiveStatus(row, now);
    if (status === RecoveryCodeStatus.PENDING_APPROVAL) throw DomainError.conflict(ErrorCode.CONFLICT, 'This request has no code yet: reject the request instead.');
    if (status !== RecoveryCodeStatus.ACTIVE) throw DomainError.conflict(ErrorCode.CONFLICT, `The code is already ${status}.`);
    const ticket = await this.db.manager.getRepository(Ticket).findOneByOrFail({ id: row.ticketId });
    await this.db.tx(async (m) => {
      const r = await m
        .createQueryBuilder()
        .update(RecoveryCode)
        .set({ status: RecoveryCodeStatus.REVOKED, revokedAt: now, revokedById: actor.id })
        .where('id = :id AND status = :active AND "expiresAt" > :now', { id: row.id, active: RecoveryCodeStatus.ACTIVE, now })
        .execute();
      if ((r.affected ?? 0) !== 1) throw DomainError.conflict(ErrorCode.CONFLICT, 'The code was used or ended meanwhile.');
      await this.audit.record({ action: 'recovery-code.revoked', targetType: 'recovery-code', targetId: row.id, ticketId: ticket.id, organizationId: ticket.organizationId, after: { identityId: row.identityId, status: RecoveryCodeStatus.REVOKED, reason: 'revoked by staff' } }, m);
    });
    this.logger.log(`Recovery code ${row.id} revoked`);
    return this.get(row.id);
  }

  // --- rules ---

  private newCode(): { code: string; codeHash: string } {
    const code = formatOneTimeCode(this.random.bytes(13));
    return { code, codeHash: hashOneTimeCode(code)! };
  }

  /** A new code replaces the identity's unused one. */
  private async supersede(m: EntityManager, identityId: string, exceptId: string, ticket: Ticket, actorId: string, now: Date): Promise<void> {
    for (const old of await revokeUnusedCodes(m, { identityId, exceptId }, now, actorId)) {
      await this.audit.record(
        { action: 'recovery-code.revoked', targetType: 'recovery-code', targetId: old.id, ticketId: old.ticketId, organizationId: ticket.organizationId, after: { identityId, status: RecoveryCodeStatus.REVOKED, reason: 'replaced by a new code' } },
        m,
      );
    }
  }

  /** Ticket → code-issued, the audit event, and the notice to the identity's registered address. */
  private async afterIssue(m: EntityManager, row: RecoveryCode, identity: Identity, ticket: Ticket, now: Date): Promise<void> {
    await this.ticketChanges.advance(m, ticket.id, TicketStatus.CODE_ISSUED);
    await this.audit.record(
      {
        action: 'recovery-code.issued',
        targetType: 'recovery-code',
        targetId: row.id,
        ticketId: ticket.id,
        organizationId: ticket.organizationId,
        after: { identityId: identity.id, ticketNumber: ticket.number, lifetimeMinutes: row.lifetimeMinutes, expiresAt: row.expiresAt, issuedById: row.issuedById, approvedById: row.approvedById, status: RecoveryCodeStatus.ACTIVE },
      },
      m,
    );
    await this.outbox.enqueue(m, {
      kind: 'recovery-code.issued',
      // Always the registered address, never one the caller gave.
      recipient: identity.email,
      ...mail(localeOf(identity), 'recoveryCodeIssued', {
        name: identity.displayName,
        ticket: ticket.number,
        at: formatInstant(now, localeOf(identity)),
        until: formatInstant(row.expiresAt!, localeOf(identity)),
      }),
      identityId: identity.id,
      organizationId: ticket.organizationId,
      ticketId: ticket.id,
    });
  }
}

