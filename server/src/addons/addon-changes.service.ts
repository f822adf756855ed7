import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, canSeeOrganization } from '../common/scope.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import type { Locale } from '../../../shared/locales.js';
import { Identity, StaffRoleGrant } from '../identities/identity.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { AddonStatus, PORTAL_NAMES, PortalId, SeveraSubscriptionStatus } from '../../../shared/sign-in.js';
import { StaffRole } from '../../../shared/roles.js';
import { IdentityStatus } from '../../../shared/identity.js';
import { AddonChange, AddonEventKind, type AddonPreflight, type AddonReceipt, type CreatedConnectionReceipt, type PurchaseResult } from '../../../shared/addons.js';
import { PortalConnectionChangesService } from '../portals/portal-connection-changes.service.js';
import { PortalConnection } from '../portals/portal.entity.js';
import { Addon, AddonEvent, AddonOrder, OrganizationAddon } from './addon.entity.js';
import { AddonPreflightService } from './addon-preflight.service.js';
import { toOrderView, toOrganizationAddonView, type OrganizationAddonView } from './addons.service.js';

/** One writer of add-on state at a time (orders, activations, deactivations, order numbers). */
const LOCK = 'addon-changes';
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

export type { PurchaseResult };

function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const code = (e as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(e.message);
}

function stateOf(oa: OrganizationAddon | null): Record<string, unknown> {
  if (!oa) return { status: null };
  return { status: oa.status, orderNumber: oa.orderNumber, activatedAt: oa.activatedAt, activatedBy: oa.activatedBy, deactivatedAt: oa.deactivatedAt, deactivatedBy: oa.deactivatedBy, deactivationReason: oa.deactivationReason };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Purchase + activation and deactivation: each one transaction with its history, audit event and notifications. */
@Injectable()
export class AddonChangesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly preflight: AddonPreflightService,
    private readonly connections: PortalConnectionChangesService,
  ) {}

  /**
   * Orders the (free) add-on and activates it. The same Idempotency-Key (per staff member) returns the
   * same order; `created` tells the controller whether this call made it.
   */
  async purchase(organizationId: string, addonId: string, idempotencyKey: string | undefined, actor: Actor): Promise<{ created: boolean; result: PurchaseResult }> {
    if (idempotencyKey === undefined || idempotencyKey === '') {
      throw DomainError.invalid('Idempotency-Key', 'header is required: send a new unique value (e.g. a UUID) for each purchase, and the same value when retrying it');
    }
    if (!KEY_PATTERN.test(idempotencyKey)) throw DomainError.invalid('Idempotency-Key', 'must be 1–128 visible ASCII characters');
    assertInScope(actor, organizationId, 'Organization');
    const storedKey = `${actor.id}:${idempotencyKey}`;

    try {
      return await this.db.tx(async (m) => {
        await this.db.lock(m, LOCK);
        const prior = await m.getRepository(AddonOrder).findOneBy({ idempotencyKey: storedKey });
        if (prior) {
          if (prior.organizationId !== organizationId || prior.addonId !== addonId) {
            throw DomainError.conflict(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different purchase. Use a new key for a new purchase.');
          }
          const oa = await m.getRepository(OrganizationAddon).findOneByOrFail({ organizationId, addonId });
          const addon = await m.getRepository(Addon).findOneBy({ id: addonId });
          // The secret of a connection this purchase created was shown once, in the first answer.
          const conn = addon ? await m.getRepository(PortalConnection).findOneBy({ organizationId, portalId: addon.portalId }) : null;
          const connection = conn && conn.createdAt.getTime() === prior.createdAt.getTime() ? { id: conn.id, portalId: conn.portalId as PortalId, secret: null } : null;
          return { created: false, result: { ...toOrganizationAddonView(oa, addon ?? undefined), order: toOrderView(prior), receipt: prior.receipt as unknown as AddonReceipt, connection } };
        }

        const org = await m.getRepository(Organization).findOneBy({ id: organizationId });
        if (!org) throw DomainError.notFound('Organization');
        const addon = await m.getRepository(Addon).findOneBy({ id: addonId });
        if (!addon) throw DomainError.notFound('Add-on');
        if (org.severaStatus !== SeveraSubscriptionStatus.ACTIVE) {
          const since = org.severaEndedAt ? ` on ${day(org.severaEndedAt)}` : '';
          throw DomainError.conflict(
            ErrorCode.ORGANIZATION_LEFT_SEVERA,
            `${org.name} no longer uses Visma Severa (it left${since}). Add-ons can only be bought for an organization that uses Severa; nothing was ordered.`,
          );
        }
        const current = await m.getRepository(OrganizationAddon).findOneBy({ organizationId, addonId });
        if (current?.status === AddonStatus.ACTIVE) {
          throw DomainError.conflict(
            ErrorCode.ADDON_ALREADY_ACTIVE,
            `The ${addon.name} add-on is already active for ${org.name}${current.orderNumber ? ` (order ${current.orderNumber})` : ''}; nothing was ordered.`,
          );
        }

        const effect = await this.preflight.run(organizationId, addonId, AddonChange.ACTIVATE, [0, 0], m);
        const now = this.clock.now();
        const orderNumber = await this.nextOrderNumber(m, now);
        const receipt: AddonReceipt = {
          orderNumber,
          items: [{ addonId: addon.id, name: addon.name, quantity: 1, priceCents: addon.priceCents, currency: addon.currency }],
          totalCents: addon.priceCents,
          currency: addon.currency,
          organizationId: org.id,
          organizationName: org.name,
          orderedBy: actor.email,
          orderedAt: now.toISOString(),
        };
        const order = m.getRepository(AddonOrder).create({
          id: newId(),
          orderNumber,
          organizationId,
          addonId,
          idempotencyKey: storedKey,
          receipt: receipt as unknown as Record<string, unknown>,
          orderedById: actor.id,
          createdAt: now,
        });
        await m.getRepository(AddonOrder).save(order);

        const activeState = {
          status: AddonStatus.ACTIVE,
          orderNumber,
          orderedAt: now,
          orderedBy: actor.email,
          activatedAt: now,
          activatedBy: actor.email,
          deactivatedAt: null,
          deactivatedBy: null,
          deactivationReason: null,
          updatedAt: now,
        };
        let oa: OrganizationAddon;
        if (current) {
          const r = await m.getRepository(OrganizationAddon).update({ id: current.id, status: AddonStatus.INACTIVE }, activeState);
          if ((r.affected ?? 0) !== 1) throw DomainError.conflict(ErrorCode.ADDON_ALREADY_ACTIVE, `The ${addon.name} add-on was activated for ${org.name} at the same time; nothing was ordered.`);
          oa = { ...current, ...activeState };
        } else {
          oa = m.getRepository(OrganizationAddon).create({ id: newId(), organizationId, addonId, ...activeState });
          await m.getRepository(OrganizationAddon).insert(oa);
        }

        // The seeds: once activated, it works with no other settings. A portal without a connection gets one now.
        const portalId = addon.portalId as PortalId;
        const existing = await m.getRepository(PortalConnection).findOneBy({ organizationId, portalId });
        let connection: CreatedConnectionReceipt | null = null;
        if (!existing) {
          const made = await this.connections.insert(m, organizationId, portalId, `addon-activation:${orderNumber}`);
          connection = { id: made.connection.id, portalId, secret: made.secret };
        }

        for (const kind of [AddonEventKind.ORDERED, AddonEventKind.ACTIVATED]) {
          await m.getRepository(AddonEvent).insert({ id: newId(), organizationId, addonId, kind, orderNumber, actorId: actor.id, actorEmail: actor.email, reason: null, createdAt: now });
        }
        await this.audit.record(
          {
            action: 'addon.activated',
            targetType: 'organization-addon',
            targetId: oa.id,
            organizationId,
            before: stateOf(current),
            after: { ...stateOf(oa), addonId, orderNumber, priceCents: addon.priceCents, currency: addon.currency, willSignIn: effect.counts.willSignIn, stillBlocked: effect.counts.stillBlocked },
          },
          m,
        );
        const portal = PORTAL_NAMES[addon.portalId as PortalId] ?? addon.portalId;
        await this.notifyAdmins(m, org, 'addon.activated', (locale) => {
          const text = mail(locale, 'addonActivated', {
            addon: addon.name,
            organization: org.name,
            actor: actor.email,
            at: formatInstant(now, locale),
            order: orderNumber,
            price: '0.00',
            currency: addon.currency,
            portal,
          });
          const made = connection ? [t(locale, 'mail.addonActivated.connectionCreated', { portal: PORTAL_NAMES[portalId], actor: actor.email })] : [];
          return { subject: text.subject, body: [text.body, ...made, describeEffect(effect, locale)].join('\n\n') };
        });
        return { created: true, result: { ...toOrganizationAddonView(oa, addon), order: toOrderView(order), receipt, connection } };
      });
    } catch (e) {
      throw this.mapRace(e);
    }
  }

  /** Turns the add-on off; the audit event carries how many accounts lose access. */
  async deactivate(id: string, reason: string, actor: Actor): Promise<OrganizationAddonView> {
    try {
      return await this.db.tx(async (m) => {
        await this.db.lock(m, LOCK);
        const current = await m.getRepository(OrganizationAddon).findOneBy({ id });
        if (!current || !canSeeOrganization(actor, current.organizationId)) throw DomainError.notFound('Organization add-on');
        const [org, addon] = await Promise.all([
          m.getRepository(Organization).findOneByOrFail({ id: current.organizationId }),
          m.getRepository(Addon).findOneByOrFail({ id: current.addonId }),
        ]);
        if (current.status !== AddonStatus.ACTIVE) {
          throw DomainError.conflict(ErrorCode.ADDON_ALREADY_INACTIVE, `The ${addon.name} add-on is not active for ${org.name}; nothing was changed.`);
        }
        const effect = await this.preflight.run(current.organizationId, current.addonId, AddonChange.DEACTIVATE, [0, 0], m);
        const now = this.clock.now();
        const change = { status: AddonStatus.INACTIVE, deactivatedAt: now, deactivatedBy: actor.email, deactivationReason: reason, updatedAt: now };
        const r = await m.getRepository(OrganizationAddon).update({ id, status: AddonStatus.ACTIVE }, change);
        if ((r.affected ?? 0) !== 1) throw DomainError.conflict(ErrorCode.ADDON_ALREADY_INACTIVE, `The ${addon.name} add-on was turned off at the same time; nothing was changed.`);
        const oa: OrganizationAddon = { ...current, ...change };

        await m.getRepository(AddonEvent).insert({
          id: newId(),
          organizationId: oa.organizationId,
          addonId: oa.addonId,
          kind: AddonEventKind.DEACTIVATED,
          orderNumber: oa.orderNumber,
          actorId: actor.id,
          actorEmail: actor.email,
          reason,
          createdAt: now,
        });
        await this.audit.record(
          {
            action: 'addon.deactivated',
            targetType: 'organization-addon',
            targetId: oa.id,
            organizationId: oa.organizationId,
            before: stateOf(current),
            after: { ...stateOf(oa), addonId: oa.addonId, willLoseAccess: effect.counts.willLoseAccess, stillBlocked: effect.counts.stillBlocked },
          },
          m,
        );
        await this.notifyAdmins(m, org, 'addon.deactivated', (locale) => {
          const text = mail(locale, 'addonDeactivated', {
            addon: addon.name,
            organization: org.name,
            actor: actor.email,
            at: formatInstant(now, locale),
            reason,
            portal: PORTAL_NAMES[addon.portalId as PortalId] ?? addon.portalId,
          });
          return { subject: text.subject, body: [text.body, describeEffect(effect, locale)].join('\n\n') };
        });
        return toOrganizationAddonView(oa, addon);
      });
    } catch (e) {
      throw this.mapRace(e);
    }
  }

  /** AD-<year>-<6+ digits>, the next number of the year (callers hold the lock; the unique index backs it up). */
  private async nextOrderNumber(m: EntityManager, now: Date): Promise<string> {
    const prefix = `AD-${now.getUTCFullYear()}-`;
    const last = await m
      .getRepository(AddonOrder)
      .createQueryBuilder('o')
      .where('o.orderNumber LIKE :prefix', { prefix: `${prefix}%` })
      .orderBy('LENGTH(o.orderNumber)', 'DESC')
      .addOrderBy('o.orderNumber', 'DESC')
      .limit(1)
      .getOne();
    const n = last ? Number(last.orderNumber.slice(prefix.length)) + 1 : 1;
    return prefix + String(n).padStart(6, '0');
  }

  /** The organization's admins, at their registered addresses, each in their own language. */
  private async notifyAdmins(m: EntityManager, org: Organization, kind: string, write: (locale: Locale) => { subject: string; body: string }): Promise<void> {
    const grants = await m.getRepository(StaffRoleGrant).findBy({ role: StaffRole.ORG_ADMIN, organizationId: org.id });
    const ids = [...new Set(grants.map((g) => g.identityId))];
    if (!ids.length) return;
    const admins = await m.getRepository(Identity).find({ where: ids.map((id) => ({ id, status: IdentityStatus.ACTIVE })), order: { email: 'ASC' } });
    for (const admin of admins) {
      await this.outbox.enqueue(m, { kind, ...write(localeOf(admin)), recipient: admin.email, identityId: admin.id, organizationId: org.id });
    }
  }

  /** A unique index refused a write another transaction made first: the other change won. */
  private mapRace(e: unknown): unknown {
    if (!isUniqueViolation(e)) return e;
    const text = `${(e as Error).message} ${String((e as { driverError?: { constraint?: string } }).driverError?.constraint ?? '')}`;
    if (/organization_addons/i.test(text)) return DomainError.conflict(ErrorCode.ADDON_ALREADY_ACTIVE, 'The add-on was activated by another request at the same time; nothing was ordered.');
    return DomainError.conflict(ErrorCode.CONFLICT, 'Another change to this add-on happened at the same time. Reload and try again.');
  }
}

/** How many portal accounts the change affects, in the admin's language. */
function describeEffect(p: AddonPreflight, locale: Locale): string {
  const common = { portal: PORTAL_NAMES[p.portalId], accounts: p.counts.accounts, stillBlocked: p.counts.stillBlocked };
  return p.change === 'activate'
    ? t(locale, 'mail.addonActivated.effect', { ...common, willSignIn: p.counts.willSignIn })
    : t(locale, 'mail.addonDeactivated.effect', { ...common, willLoseAccess: p.counts.willLoseAccess });
}
