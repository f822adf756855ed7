import type { SelectQueryBuilder } from 'typeorm';
import type { Actor } from './request-context.js';
import { DomainError } from './errors.js';

/** Limits a query to the organizations the actor may see (org admins: their own; staff: all). */
export function scopeToActor<T extends object>(qb: SelectQueryBuilder<T>, column: string, actor: Actor | undefined): SelectQueryBuilder<T> {
  if (!actor || actor.allOrganizations) return qb;
  if (actor.organizationIds.length === 0) return qb.andWhere('1 = 0');
  return qb.andWhere(`${column} IN (:...scopeOrgIds)`, { scopeOrgIds: actor.organizationIds });
}

export function canSeeOrganization(actor: Actor | undefined, organizationId: string | null | undefined): boolean {
  if (!actor || actor.allOrganizations) return true;
  return !!organizationId && actor.organizationIds.includes(organizationId);
}

/** Outside the actor's organizations a thing is indistinguishable from one that does not exist. */
export function assertInScope(actor: Actor | undefined, organizationId: string | null | undefined, what: string): void {
  if (!canSeeOrganization(actor, organizationId)) throw DomainError.notFound(what);
}
