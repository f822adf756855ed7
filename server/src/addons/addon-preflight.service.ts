import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Db } from '../database/db.service.js';
import { DomainError } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { Organization } from '../organizations/organization.entity.js';
import { PortalAccount } from '../portals/portal.entity.js';
import { HandoffFactsService } from '../sign-in/handoff-facts.service.js';
import { evaluateHandoff } from '../sign-in/sign-in.rules.js';
import { AddonStatus, FailureReason, PortalId } from '../../../shared/sign-in.js';
import { AddonChange, type AddonPreflight, type AddonPreflightAccount } from '../../../shared/addons.js';
import { Addon } from './addon.entity.js';

export const DEFAULT_PREFLIGHT_RANGE: [number, number] = [0, 24];
export const MAX_PREFLIGHT_PAGE = 1000;

/**
 * What an add-on change would do to every portal account of the organization, decided by the one rules
 * engine: each account is evaluated on today's facts and again with only the add-on status changed.
 * Reads only; callers inside a transaction pass its manager.
 */
@Injectable()
export class AddonPreflightService {
  constructor(
    private readonly db: Db,
    private readonly facts: HandoffFactsService,
  ) {}

  /** The preflight for a staff member: other organizations than their own do not exist for an org admin. */
  forActor(actor: Actor, organizationId: string, addonId: string, change: AddonChange, range: [number, number]): Promise<AddonPreflight> {
    assertInScope(actor, organizationId, 'Organization');
    return this.run(organizationId, addonId, change, range);
  }

  async run(organizationId: string, addonId: string, change: AddonChange, range: [number, number] = DEFAULT_PREFLIGHT_RANGE, m: EntityManager = this.db.manager): Promise<AddonPreflight> {
    const addon = await m.getRepository(Addon).findOneBy({ id: addonId });
    if (!addon) throw DomainError.notFound('Add-on');
    const organization = await m.getRepository(Organization).findOneBy({ id: organizationId });
    if (!organization) throw DomainError.notFound('Organization');
    const portalId = addon.portalId as PortalId;

    const ctx = await this.facts.contextWithHealth(portalId, organizationId, m);
    const usersByEmail = await this.facts.usersByEmail(organizationId, m);
    const accounts = await m.getRepository(PortalAccount).find({ where: { organizationId, portalId }, order: { email: 'ASC', id: 'ASC' } });
    const assumedStatus = change === AddonChange.ACTIVATE ? AddonStatus.ACTIVE : AddonStatus.INACTIVE;
    const willCreate = change === AddonChange.ACTIVATE && !ctx.connection;

    const willSignIn: AddonPreflightAccount[] = [];
    const stillBlocked: AddonPreflightAccount[] = [];
    const willLoseAccess: AddonPreflightAccount[] = [];
    const stillBlockedReasons: Partial<Record<FailureReason, number>> = {};
    for (const a of accounts) {
      const today = this.facts.facts(ctx, a.email, usersByEmail.get(a.email) ?? []);
      const now = evaluateHandoff(today);
      // Activating creates a missing connection (new and enabled: nothing blocks it until evidence says otherwise).
      const then = evaluateHandoff({ ...today, addonStatus: assumedStatus, ...(willCreate ? { connection: { configured: true, enabled: true } } : {}) });
      const entry: AddonPreflightAccount = { portalAccountId: a.id, email: a.email, name: a.name, severaUserId: then.user?.id ?? null, failures: then.failures, currentFailures: now.failures };
      if (then.ok) willSignIn.push(entry);
      else if (now.ok) willLoseAccess.push(entry);
      else {
        stillBlocked.push(entry);
        for (const r of then.failures) stillBlockedReasons[r] = (stillBlockedReasons[r] ?? 0) + 1;
      }
    }

    const page = (list: AddonPreflightAccount[]) => list.slice(range[0], range[1] + 1);
    return {
      organizationId,
      organizationName: organization.name,
      severaStatus: organization.severaStatus,
      addonId: addon.id as AddonPreflight['addonId'],
      portalId,
      change,
      currentStatus: ctx.addonStatus,
      assumedStatus,
      counts: { accounts: accounts.length, willSignIn: willSignIn.length, stillBlocked: stillBlocked.length, willLoseAccess: willLoseAccess.length },
      stillBlockedReasons,
      connection: { exists: !!ctx.connection, willBeCreated: willCreate },
      range,
      willSignIn: page(willSignIn),
      stillBlocked: page(stillBlocked),
      willLoseAccess: page(willLoseAccess),
    };
  }
}

/** Checks a requested [first, last] page. */
export function preflightRange(range: number[] | undefined): [number, number] {
  if (!range) return DEFAULT_PREFLIGHT_RANGE;
  const [first, last] = range;
  if (last < first) throw DomainError.invalid('range', 'must be [first, last] with 0 ≤ first ≤ last');
  if (last - first + 1 > MAX_PREFLIGHT_PAGE) throw DomainError.invalid('range', `may span at most ${MAX_PREFLIGHT_PAGE} rows`);
  return [first, last];
}
