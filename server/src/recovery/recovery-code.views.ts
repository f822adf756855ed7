import { In, type EntityManager } from 'typeorm';
import { F, type ListSpec } from '../common/pagination.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { effectiveStatus } from './recovery-code.rules.js';
import { RecoveryCodeStatus } from '../../../shared/identity.js';
import { STAFF_ROLE_LABELS, STAFF_ROLES } from '../../../shared/roles.js';
import type { ApprovalBasis, IssuedCode as SharedIssuedCode, RecoveryCodeView as SharedRecoveryCodeView } from '../../../shared/tickets.js';
import { RECOVERY_CODE_STATUS_LABELS } from '../../../shared/tickets.js';

/** Reading recovery codes: the list's filters and sorting, and the rows as the API shows them. */

const STATUS_VALUES = Object.keys(RECOVERY_CODE_STATUS_LABELS);

export type RecoveryCodeView = SharedRecoveryCodeView<Date>;
export type IssuedCode = SharedIssuedCode<Date>;

export type { PendingRecoveryCode as PendingRequest } from '../../../shared/tickets.js';

/** The list spec depends on "now": `active` and `expired` are computed from expiresAt with the Clock. */
export function recoveryCodeList(now: Date): ListSpec {
  return {
    resource: 'recovery-codes',
    sortable: { createdAt: 'c.createdAt', expiresAt: 'c.expiresAt', issuedAt: 'c.issuedAt', status: 'c.status', id: 'c.id' },
    defaultSort: ['createdAt', 'DESC'],
    filters: {
      id: F.ids('c.id'),
      identityId: F.eq('c.identityId'),
      ticketId: F.eq('c.ticketId'),
      requestedById: F.eq('c.requestedById'),
      issuedById: F.eq('c.issuedById'),
      status: {
        type: 'stringOrArray',
        values: STATUS_VALUES,
        apply: (qb, v: string[], p) => {
          const parts: string[] = [];
          const params: Record<string, unknown> = { [`${p}_now`]: now, [`${p}_active`]: RecoveryCodeStatus.ACTIVE };
          params[`${p}_pending`] = RecoveryCodeStatus.PENDING_APPROVAL;
          const timed: string[] = [RecoveryCodeStatus.ACTIVE, RecoveryCodeStatus.EXPIRED, RecoveryCodeStatus.PENDING_APPROVAL];
          const plain = v.filter((s) => !timed.includes(s));
          if (v.includes(RecoveryCodeStatus.ACTIVE)) parts.push(`(c.status = :${p}_active AND c.expiresAt > :${p}_now)`);
          if (v.includes(RecoveryCodeStatus.PENDING_APPROVAL)) parts.push(`(c.status = :${p}_pending AND (c.expiresAt IS NULL OR c.expiresAt > :${p}_now))`);
          if (v.includes(RecoveryCodeStatus.EXPIRED)) parts.push(`(c.status IN (:${p}_active, :${p}_pending) AND c.expiresAt <= :${p}_now)`);
          if (plain.length) {
            parts.push(`c.status IN (:...${p}_plain)`);
            params[`${p}_plain`] = plain;
          }
          qb.andWhere(`(${parts.join(' OR ')})`, params);
        },
      },
      createdAt_gte: F.gte('c.createdAt'),
      createdAt_lte: F.lte('c.createdAt'),
    },
  };
}

/** Rows as the API shows them: the effective status, the people's e-mails, the ticket number and why approval is needed. */
export async function toRecoveryCodeViews(m: EntityManager, rows: RecoveryCode[], now: Date): Promise<RecoveryCodeView[]> {
  if (rows.length === 0) return [];
  const personIds = [...new Set(rows.flatMap((r) => [r.identityId, r.requestedById, r.issuedById, r.approvedById, r.revokedById]).filter((x): x is string => !!x))];
  const people = new Map((await m.getRepository(Identity).find({ where: { id: In(personIds) } })).map((i) => [i.id, i]));
  const ticketIds = [...new Set(rows.map((r) => r.ticketId))];
  const tickets = new Map((await m.getRepository(Ticket).find({ where: { id: In(ticketIds) }, select: { id: true, number: true } })).map((t) => [t.id, t.number]));
  const grants = await m.getRepository(StaffRoleGrant).findBy({ identityId: In([...new Set(rows.map((r) => r.identityId))]) });
  const email = (id: string | null) => (id ? (people.get(id)?.email ?? null) : null);
  return rows.map((r) => {
    const target = people.get(r.identityId);
    return {
      id: r.id,
      identityId: r.identityId,
      identityEmail: target?.email ?? null,
      identityName: target?.displayName ?? null,
      ticketId: r.ticketId,
      ticketNumber: tickets.get(r.ticketId) ?? null,
      status: effectiveStatus(r, now),
      lifetimeMinutes: r.lifetimeMinutes,
      expiresAt: r.expiresAt,
      requestedById: r.requestedById,
      requestedByEmail: email(r.requestedById),
      issuedById: r.issuedById,
      issuedByEmail: email(r.issuedById),
      approvedById: r.approvedById,
      approvedByEmail: email(r.approvedById),
      createdAt: r.createdAt,
      issuedAt: r.issuedAt,
      redeemedAt: r.redeemedAt,
      revokedAt: r.revokedAt,
      revokedById: r.revokedById,
      revokedByEmail: email(r.revokedById),
      approval: target ? approvalBasis(target, grants.filter((g) => g.identityId === r.identityId)) : null,
      approvalRefusal: null,
    };
  });
}

/** Why recovering this identity needs a second supervisor, or null: its console roles, or that it is marked privileged. */
export function approvalBasis(identity: Pick<Identity, 'privileged'>, grants: Pick<StaffRoleGrant, 'role'>[]): ApprovalBasis | null {
  const held = new Set(grants.map((g) => g.role));
  const roles = STAFF_ROLES.filter((r) => held.has(r));
  if (roles.length) return { reason: 'staff-roles', roles };
  if (identity.privileged) return { reason: 'privileged-identity', roles: [] };
  return null;
}

/** The same in English, for API error messages and logs (people read the console's words for the code). */
export function approvalInWords(basis: ApprovalBasis): string {
  return basis.reason === 'staff-roles' ? `The person holds a console role (${basis.roles.map((r) => STAFF_ROLE_LABELS[r]).join(', ')})` : 'The person is marked privileged';
}
