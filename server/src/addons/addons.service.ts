import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Db } from '../database/db.service.js';
import { DomainError } from '../common/errors.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { Organization } from '../organizations/organization.entity.js';
import { AddonId, AddonStatus, PORTAL_IDS, PORTAL_NAMES, PortalId } from '../../../shared/sign-in.js';
import { AddonEventKind, type AddonCatalogEntry, type AddonHistoryEntry, type AddonOrderView, type AddonReceipt, type OrganizationAddonView } from '../../../shared/addons.js';
import { Addon, AddonEvent, AddonOrder, OrganizationAddon } from './addon.entity.js';

const ADDON_STATUSES = [AddonStatus.ACTIVE, AddonStatus.INACTIVE];
const EVENT_KINDS = Object.values(AddonEventKind);

export const ADDON_LIST: ListSpec = {
  resource: 'addons',
  sortable: { name: 'a.name', portalId: 'a.portalId', id: 'a.id' },
  defaultSort: ['name', 'ASC'],
  filters: { id: F.ids('a.id'), portalId: F.eq('a.portalId', PORTAL_IDS) },
};

export const ORGANIZATION_ADDON_LIST: ListSpec = {
  resource: 'organization-addons',
  sortable: { addonId: 'oa.addonId', status: 'oa.status', activatedAt: 'oa.activatedAt', deactivatedAt: 'oa.deactivatedAt', updatedAt: 'oa.updatedAt', id: 'oa.id' },
  defaultSort: ['addonId', 'ASC'],
  filters: {
    id: F.ids('oa.id'),
    organizationId: F.ids('oa.organizationId'),
    addonId: F.eq('oa.addonId', Object.values(AddonId)),
    status: F.eq('oa.status', ADDON_STATUSES),
  },
};

/** Sorting and filters of the history; the page comes from `range`. */
export const ADDON_HISTORY_LIST: ListSpec = {
  resource: 'addon-history',
  sortable: { createdAt: 'e.createdAt' },
  defaultSort: ['createdAt', 'DESC'],
  filters: { addonId: F.eq('e.addonId', Object.values(AddonId)), kind: F.eq('e.kind', EVENT_KINDS) },
};

export type { OrganizationAddonView };

export function toCatalogEntry(a: Addon): AddonCatalogEntry {
  return {
    id: a.id as AddonCatalogEntry['id'],
    portalId: a.portalId as AddonCatalogEntry['portalId'],
    portalName: PORTAL_NAMES[a.portalId as PortalId] ?? a.portalId,
    name: a.name,
    description: a.description,
    priceCents: a.priceCents,
    price: a.priceCents / 100,
    currency: a.currency,
  };
}

export function toOrganizationAddonView(oa: OrganizationAddon, addon: Addon | undefined): OrganizationAddonView {
  return {
    id: oa.id,
    organizationId: oa.organizationId,
    addonId: oa.addonId,
    addonName: addon?.name ?? oa.addonId,
    portalId: addon?.portalId ?? '',
    status: oa.status,
    orderNumber: oa.orderNumber,
    orderedAt: oa.orderedAt,
    orderedBy: oa.orderedBy,
    activatedAt: oa.activatedAt,
    activatedBy: oa.activatedBy,
    deactivatedAt: oa.deactivatedAt,
    deactivatedBy: oa.deactivatedBy,
    deactivationReason: oa.deactivationReason,
    updatedAt: oa.updatedAt,
  };
}

export function toOrderView(o: AddonOrder): AddonOrderView {
  return {
    id: o.id,
    orderNumber: o.orderNumber,
    organizationId: o.organizationId,
    addonId: o.addonId,
    receipt: o.receipt as unknown as AddonReceipt,
    orderedById: o.orderedById,
    createdAt: o.createdAt.toISOString(),
  };
}

/** Reads: the catalog, each organization's add-ons, and their history. */
@Injectable()
export class AddonsService {
  constructor(private readonly db: Db) {}

  async catalog(m: EntityManager = this.db.manager): Promise<Map<string, Addon>> {
    const rows = await m.getRepository(Addon).find();
    return new Map(rows.map((a) => [a.id, a]));
  }

  async listCatalog(q: ListQuery): Promise<Page<AddonCatalogEntry>> {
    const qb = this.db.manager.getRepository(Addon).createQueryBuilder('a');
    return (await runList(qb, q, { ...ADDON_LIST, tieBreaker: 'a.id' })).map(toCatalogEntry);
  }

  async list(q: ListQuery, actor: Actor): Promise<Page<OrganizationAddonView>> {
    const qb = this.db.manager.getRepository(OrganizationAddon).createQueryBuilder('oa');
    scopeToActor(qb, 'oa.organizationId', actor);
    const page = await runList(qb, q, ORGANIZATION_ADDON_LIST);
    const catalog = await this.catalog();
    return page.map((oa) => toOrganizationAddonView(oa, catalog.get(oa.addonId)));
  }

  async get(id: string, actor: Actor): Promise<OrganizationAddonView & { order: AddonOrderView | null }> {
    const oa = await this.db.manager.getRepository(OrganizationAddon).findOneBy({ id });
    if (!oa) throw DomainError.notFound('Organization add-on');
    assertInScope(actor, oa.organizationId, 'Organization add-on');
    const [addon, order] = await Promise.all([
      this.db.manager.getRepository(Addon).findOneBy({ id: oa.addonId }),
      oa.orderNumber ? this.db.manager.getRepository(AddonOrder).findOneBy({ orderNumber: oa.orderNumber }) : null,
    ]);
    return { ...toOrganizationAddonView(oa, addon ?? undefined), order: order ? toOrderView(order) : null };
  }

  /** Every order, activation and deactivation of the organization's add-ons, newest first by default. */
  async history(organizationId: string, q: ListQuery, actor: Actor): Promise<Page<AddonHistoryEntry>> {
    assertInScope(actor, organizationId, 'Organization');
    const org = await this.db.manager.getRepository(Organization).findOneBy({ id: organizationId });
    if (!org) throw DomainError.notFound('Organization');

    const qb = this.db.manager.getRepository(AddonEvent).createQueryBuilder('e').where('e.organizationId = :organizationId', { organizationId });
    let i = 0;
    for (const [k, v] of Object.entries(q.filter)) ADDON_HISTORY_LIST.filters[k].apply(qb, v, `f${i++}_${k}`);
    const total = await qb.clone().getCount();
    const dir = q.sort[1];
    // An order and its activation share a timestamp: "ordered" comes first in time, so kind sorts against the time order.
    qb.orderBy('e.createdAt', dir)
      .addOrderBy('e.kind', dir === 'ASC' ? 'DESC' : 'ASC')
      .addOrderBy('e.id', dir);
    const rows = total > q.offset ? await qb.offset(q.offset).limit(q.limit).getMany() : [];

    const catalog = await this.catalog();
    const orderNumbers = [...new Set(rows.filter((e) => e.kind === AddonEventKind.ORDERED && e.orderNumber).map((e) => e.orderNumber!))];
    const orders = orderNumbers.length ? await this.db.manager.getRepository(AddonOrder).findBy({ orderNumber: In(orderNumbers) }) : [];
    const receipts = new Map(orders.map((o) => [o.orderNumber, o.receipt as unknown as AddonReceipt]));
    return new Page(
      'addon-history',
      rows.map((e) => ({
        id: e.id,
        organizationId: e.organizationId,
        addonId: e.addonId,
        addonName: catalog.get(e.addonId)?.name ?? e.addonId,
        kind: e.kind,
        orderNumber: e.orderNumber,
        actorId: e.actorId,
        actorEmail: e.actorEmail,
        reason: e.reason,
        createdAt: e.createdAt.toISOString(),
        ...(e.kind === AddonEventKind.ORDERED ? { receipt: (e.orderNumber && receipts.get(e.orderNumber)) || null } : {}),
      })),
      q.offset,
      total,
    );
  }
}
