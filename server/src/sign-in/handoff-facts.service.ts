import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { connectionHealth, type ConnectionHealth, type RejectionBucket } from './connection-health.js';
import type { RejectionKind } from '../../../shared/connections.js';
import type { EntityManager } from 'typeorm';
import { Db, read, type Read } from '../database/db.service.js';
import { PortalConnection } from '../portals/portal.entity.js';
import { OrganizationAddon } from '../addons/addon.entity.js';
import { ADDON_FOR_PORTAL, PortalId } from '../../../shared/sign-in.js';
import { ConnectionFacts, HandoffFacts, OrganizationFacts, SeveraUserFacts } from './sign-in.rules.js';
import { nearMissFilterSql } from './near-miss-sql.js';

/** What the rules need to know about one organization and portal, loaded once. */
export interface OrganizationHandoffContext {
  portalId: PortalId;
  organization: OrganizationFacts | null;
  /** Judged from signed evidence (loaded for diagnoses and preflights; the live hand-off does not need it). */
  health: ConnectionHealth | null;
  /** For explanations only (the rules do not look at names). */
  organizationName: string | null;
  connection: PortalConnection | null;
  addonStatus: string | null;
  /** The organization's row for this portal's add-on (dates and actors, for explanations). */
  addon: OrganizationAddon | null;
}

/**
 * The connection columns the live hand-off reads: the allowed sources, the secrets (with a rotation's overlap) for
 * the signature, and `enabled` for the rules. The stamps it writes are conditional UPDATEs, so it reads no stamp.
 */
export type HandoffConnection = Pick<PortalConnection, 'id' | 'enabled' | 'secretEnc' | 'previousSecretEnc' | 'previousSecretUntil' | 'allowedSources'>;

/** What the live hand-off needs to know about one organization and portal (liveContext(): one narrow statement). */
export interface LiveHandoffContext {
  portalId: PortalId;
  organization: OrganizationFacts | null;
  connection: HandoffConnection | null;
  addonStatus: string | null;
}

/** The organization with this portal's connection and add-on ($1 organization, $2 portal, $3 add-on). */
const CONTEXT_FROM = `FROM organizations o
         LEFT JOIN portal_connections c ON c."organizationId" = o.id AND c."portalId" = $2
         LEFT JOIN organization_addons a ON a."organizationId" = o.id AND a."addonId" = $3
        WHERE o.id = $1`;

/**
 * The connection as the rules engine sees it: for a real hand-off what the request proved, otherwise the health
 * judged from signed evidence (connection-health.ts).
 */
export function connectionFacts(c: Pick<PortalConnection, 'enabled'> | null, request?: ConnectionFacts['request'], health?: ConnectionHealth): ConnectionFacts {
  if (!c) return { configured: false, enabled: false, request };
  const failing = !!health?.failing;
  return {
    configured: true,
    enabled: c.enabled,
    request,
    health: request ? undefined : { failing, cause: failing ? health.cause : null, since: failing ? health.since : null },
  };
}

/** A Severa user's columns the rules read, of one organization ($1). */
const USER_COLUMNS = `SELECT id, email, active, "activeChangedAt", "activeChangedBy", "activeChangeReason" FROM severa_users WHERE "organizationId" = $1`;

interface LiveRow {
  severaStatus: string;
  severaEndedAt: unknown;
  cId: string | null;
  cSecretEnc: string | null;
  cEnabled: unknown;
  cPrevEnc: string | null;
  cPrevUntil: unknown;
  cAllowedSources: string | null;
  aStatus: string | null;
}

/** Loads the facts for evaluateHandoff() from the database: the only place those facts are read. */
@Injectable()
export class HandoffFactsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Rejection buckets of the last hour per connection, in one query. */
  async rejections(connectionIds: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, RejectionBucket[]>> {
    const map = new Map<string, RejectionBucket[]>();
    if (connectionIds.length === 0) return map;
    const params = connectionIds.map((_, i) => `$${i + 2}`).join(', ');
    const rows = await this.db.sql<Record<string, unknown>>(
      m,
      `SELECT "connectionId", bucket, kind, count FROM connection_rejections WHERE bucket >= $1 AND "connectionId" IN (${params})`,
      [this.rejectionsSince(), ...connectionIds],
    );
    for (const r of rows) {
      const id = r.connectionId as string;
      const list = map.get(id) ?? [];
      list.push(this.bucketOf(r));
      map.set(id, list);
    }
    return map;
  }

  /** The rejection buckets of the last hour of this organization's connection for this portal (none without one). */
  rejectionsRead(portalId: PortalId, organizationId: string): Read<RejectionBucket[]> {
    return read(
      `SELECT bucket, kind, count FROM connection_rejections WHERE bucket >= $1 AND "connectionId" IN
         (SELECT id FROM portal_connections WHERE "organizationId" = $2 AND "portalId" = $3)`,
      [this.rejectionsSince(), organizationId, portalId],
      (rows) => rows.map((r) => this.bucketOf(r)),
    );
  }

  private rejectionsSince(): Date {
    return new Date(this.clock.nowMs() - 3600_000 - 60_000);
  }

  private bucketOf(r: Record<string, unknown>): RejectionBucket {
    return { bucket: this.db.date(r.bucket)!, kind: r.kind as RejectionKind, count: Number(r.count) };
  }

  /** A connection's health now, from its stored state and the rejections of the last hour. */
  healthOf(c: PortalConnection | null, rejections: readonly RejectionBucket[] = []): ConnectionHealth {
    return connectionHealth({
      configured: !!c,
      enabled: !!c?.enabled,
      createdAt: c?.createdAt ?? null,
      unverifiedSince: c?.unverifiedSince ?? null,
      lastSuccessAt: c?.lastSuccessAt ?? null,
      rejections,
      now: this.clock.now(),
      threshold: this.config.connectionFailingThreshold,
      windowMinutes: this.config.connectionFailingWindowMinutes,
    });
  }

  /** context() plus the connection's health (for the diagnosis and the preflights): both reads at once (Db.readAll). */
  async contextWithHealth(portalId: PortalId, organizationId: string, m: EntityManager = this.db.manager): Promise<OrganizationHandoffContext> {
    const [ctx, buckets] = await this.db.readAll(m, [this.contextRead(portalId, organizationId), this.rejectionsRead(portalId, organizationId)] as const);
    return this.withHealth(ctx, buckets);
  }

  /** The context with its connection's health judged from these rejection buckets (rejectionsRead()). */
  withHealth(ctx: OrganizationHandoffContext, buckets: readonly RejectionBucket[]): OrganizationHandoffContext {
    return { ...ctx, health: this.healthOf(ctx.connection, buckets) };
  }

  /** The organization, this portal's connection and add-on (contextRead()). */
  async context(portalId: PortalId, organizationId: string, m: EntityManager = this.db.manager): Promise<OrganizationHandoffContext> {
    return this.db.readOne(m, this.contextRead(portalId, organizationId));
  }

  /**
   * The organization, this portal's connection and this portal's add-on, in one statement: the live hand-off,
   * the diagnosis and the preflights all start here, so it stays cheap.
   */
  contextRead(portalId: PortalId, organizationId: string): Read<OrganizationHandoffContext> {
    return read(
      `SELECT o.name AS "orgName", o."severaStatus" AS "severaStatus", o."severaEndedAt" AS "severaEndedAt",
              c.id AS "cId", c."secretEnc" AS "cSecretEnc", c.enabled AS "cEnabled", c."lastSuccessAt" AS "cLastSuccessAt",
              c."lastFailureAt" AS "cLastFailureAt", c."lastFailureCause" AS "cLastFailureCause", c."secretRotatedAt" AS "cSecretRotatedAt",
              c."createdAt" AS "cCreatedAt", c."previousSecretEnc" AS "cPrevEnc", c."previousSecretUntil" AS "cPrevUntil",
              c."previousSecretLastUsedAt" AS "cPrevUsed", c."unverifiedSince" AS "cUnverifiedSince", c."allowedSources" AS "cAllowedSources",
              a.id AS "aId", a.status AS "aStatus", a."orderNumber" AS "aOrderNumber", a."orderedAt" AS "aOrderedAt", a."orderedBy" AS "aOrderedBy",
              a."activatedAt" AS "aActivatedAt", a."activatedBy" AS "aActivatedBy", a."deactivatedAt" AS "aDeactivatedAt",
              a."deactivatedBy" AS "aDeactivatedBy", a."deactivationReason" AS "aDeactivationReason", a."updatedAt" AS "aUpdatedAt"
         ${CONTEXT_FROM}`,
      [organizationId, portalId, ADDON_FOR_PORTAL[portalId]],
      ([r]) => this.contextOf(portalId, organizationId, r),
    );
  }

  private contextOf(portalId: PortalId, organizationId: string, r: Record<string, unknown> | undefined): OrganizationHandoffContext {
    if (!r) return { portalId, organization: null, organizationName: null, connection: null, addonStatus: null, addon: null, health: null };
    const d = (v: unknown) => this.db.date(v);
    const connection = r.cId
      ? Object.assign(new PortalConnection(), {
          id: r.cId as string,
          portalId,
          organizationId,
          secretEnc: r.cSecretEnc as string,
          enabled: this.db.bool(r.cEnabled),
          lastSuccessAt: d(r.cLastSuccessAt),
          lastFailureAt: d(r.cLastFailureAt),
          lastFailureCause: (r.cLastFailureCause as string | null) ?? null,
          secretRotatedAt: d(r.cSecretRotatedAt),
          createdAt: d(r.cCreatedAt)!,
          previousSecretEnc: (r.cPrevEnc as string | null) ?? null,
          previousSecretUntil: d(r.cPrevUntil),
          previousSecretLastUsedAt: d(r.cPrevUsed),
          unverifiedSince: d(r.cUnverifiedSince),
          allowedSources: (r.cAllowedSources as string | null) ?? null,
        })
      : null;
    const addon = r.aId
      ? Object.assign(new OrganizationAddon(), {
          id: r.aId as string,
          organizationId,
          addonId: ADDON_FOR_PORTAL[portalId],
          status: r.aStatus as string,
          orderNumber: (r.aOrderNumber as string | null) ?? null,
          orderedAt: d(r.aOrderedAt),
          orderedBy: (r.aOrderedBy as string | null) ?? null,
          activatedAt: d(r.aActivatedAt),
          activatedBy: (r.aActivatedBy as string | null) ?? null,
          deactivatedAt: d(r.aDeactivatedAt),
          deactivatedBy: (r.aDeactivatedBy as string | null) ?? null,
          deactivationReason: (r.aDeactivationReason as string | null) ?? null,
          updatedAt: d(r.aUpdatedAt)!,
        })
      : null;
    return {
      portalId,
      organization: { id: organizationId, severaStatus: r.severaStatus as string, severaEndedAt: d(r.severaEndedAt) },
      organizationName: r.orgName as string,
      connection,
      addonStatus: addon?.status ?? null,
      addon,
      health: null,
    };
  }

  /**
   * The live hand-off's part of context(): the same statement narrowed to the 9 columns it reads (the full row has
   * 30: names, stamps and the add-on's history are for explanations). A plain object, not a PortalConnection entity.
   */
  async liveContext(portalId: PortalId, organizationId: string): Promise<LiveHandoffContext> {
    const [r] = await this.db.sql<LiveRow>(
      this.db.manager,
      `SELECT o."severaStatus" AS "severaStatus", o."severaEndedAt" AS "severaEndedAt", c.id AS "cId", c."secretEnc" AS "cSecretEnc",
              c.enabled AS "cEnabled", c."previousSecretEnc" AS "cPrevEnc", c."previousSecretUntil" AS "cPrevUntil",
              c."allowedSources" AS "cAllowedSources", a.status AS "aStatus"
         ${CONTEXT_FROM}`,
      [organizationId, portalId, ADDON_FOR_PORTAL[portalId]],
    );
    if (!r) return { portalId, organization: null, connection: null, addonStatus: null };
    return {
      portalId,
      organization: { id: organizationId, severaStatus: r.severaStatus, severaEndedAt: this.db.date(r.severaEndedAt) },
      connection: r.cId
        ? {
            id: r.cId,
            enabled: this.db.bool(r.cEnabled),
            secretEnc: r.cSecretEnc!,
            previousSecretEnc: r.cPrevEnc ?? null,
            previousSecretUntil: this.db.date(r.cPrevUntil),
            allowedSources: r.cAllowedSources ?? null,
          }
        : null,
      addonStatus: r.aStatus ?? null,
    };
  }

  /** Severa users of the organization with exactly this e-mail (the database may compare case-insensitively; the rules re-check). */
  async exactMatches(organizationId: string, email: string, m: EntityManager = this.db.manager): Promise<SeveraUserFacts[]> {
    return this.db.readOne(m, this.exactMatchesRead(organizationId, email));
  }

  exactMatchesRead(organizationId: string, email: string): Read<SeveraUserFacts[]> {
    return read(`${USER_COLUMNS} AND email = $2`, [organizationId, email], (rows) => rows.map((u) => this.userFacts(u)));
  }

  /**
   * Severa users of the organization that may have this near-miss key, as the rules see them plus their names,
   * ordered by e-mail and id: a superset of the users with that key (near-miss-sql.ts), every user of the
   * organization when the key has no plain form. The diagnosis reads these instead of the whole organization.
   */
  nearMissCandidatesRead(organizationId: string, key: string): Read<(SeveraUserFacts & { name: string })[]> {
    // The key's lookup in the near-miss index bounds the organization too (near-miss-sql.ts).
    const filter = nearMissFilterSql(this.db.isPostgres, 'email', organizationId, [key], 1);
    return read(
      `SELECT id, email, name, active, "activeChangedAt", "activeChangedBy", "activeChangeReason" FROM severa_users WHERE ${filter ? filter.sql : '"organizationId" = $1'} ORDER BY email, id`,
      filter ? filter.params : [organizationId],
      (rows) => rows.map((u) => ({ ...this.userFacts(u), name: u.name as string })),
    );
  }

  /** Every Severa user of an organization as the rules see them. */
  private async userRows(m: EntityManager, organizationId: string): Promise<SeveraUserFacts[]> {
    const rows = await this.db.sql<Record<string, unknown>>(m, USER_COLUMNS, [organizationId]);
    return rows.map((u) => this.userFacts(u));
  }

  private userFacts(u: Record<string, unknown>): SeveraUserFacts {
    return {
      id: u.id as string,
      email: u.email as string,
      active: this.db.bool(u.active),
      activeChangedAt: this.db.date(u.activeChangedAt),
      activeChangedBy: (u.activeChangedBy as string | null) ?? null,
      activeChangeReason: (u.activeChangeReason as string | null) ?? null,
    };
  }


  facts(ctx: LiveHandoffContext & { health?: ConnectionHealth | null }, email: string, exactMatches: SeveraUserFacts[], request?: ConnectionFacts['request']): HandoffFacts {
    return {
      portalId: ctx.portalId,
      email,
      organization: ctx.organization,
      connection: connectionFacts(ctx.connection, request, ctx.health ?? undefined),
      addonStatus: ctx.addonStatus,
      exactMatches,
    };
  }

  /** All Severa users of an organization grouped by exact e-mail, for org-wide evaluations. */
  async usersByEmail(organizationId: string, m: EntityManager = this.db.manager): Promise<Map<string, SeveraUserFacts[]>> {
    const map = new Map<string, SeveraUserFacts[]>();
    for (const u of await this.userRows(m, organizationId)) {
      const list = map.get(u.email) ?? [];
      list.push(u);
      map.set(u.email, list);
    }
    return map;
  }
}
