import { Inject, Injectable } from '@nestjs/common';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, sealContext } from '../common/crypto.js';
import { DomainError } from '../common/errors.js';
import { F, ListQuery, ListSpec, Page, runList } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope, scopeToActor } from '../common/scope.js';
import { AuditService } from '../audit/audit.service.js';
import { Db } from '../database/db.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { OrganizationAddon } from '../addons/addon.entity.js';
import { LoginAttempt } from '../sign-in/login-attempt.entity.js';
import { HandoffFactsService } from '../sign-in/handoff-facts.service.js';
import type { ConnectionHealth } from '../sign-in/connection-health.js';
import { signatureMatches, signHandoff, splitSources } from '../sign-in/handoff-request.js';
import { recordedCause } from '../sign-in/recorded-cause.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ADDON_FOR_PORTAL, AddonStatus, FailureReason, PORTAL_IDS, PORTAL_NAMES, PortalId, SeveraSubscriptionStatus } from '../../../shared/sign-in.js';
import type { ConnectionCheckItem, ConnectionCheckResult } from '../../../shared/diagnosis.js';
import type { ConnectionHealthView, PortalConnectionView } from '../../../shared/connections.js';
import { PortalConnection } from './portal.entity.js';

export const PORTAL_CONNECTION_LIST: ListSpec = {
  resource: 'portal-connections',
  sortable: {
    portalId: 'c.portalId',
    organizationId: 'c.organizationId',
    lastSuccessAt: 'c.lastSuccessAt',
    lastFailureAt: 'c.lastFailureAt',
    secretRotatedAt: 'c.secretRotatedAt',
    createdAt: 'c.createdAt',
    id: 'c.id',
  },
  defaultSort: ['lastFailureAt', 'DESC'],
  filters: {
    id: F.ids('c.id'),
    portalId: F.eq('c.portalId', PORTAL_IDS),
    organizationId: F.eq('c.organizationId'),
    enabled: F.bool('c.enabled'),
  },
};

export type { PortalConnectionView };

const DAY_MS = 86_400_000;

/** What the admin can do about a connection in this health (codes the console words). */
function advice(c: PortalConnection, h: ConnectionHealth): ConnectionHealthView['advice'] {
  switch (h.status) {
    case 'failing':
      return h.cause === 'stale' ? ['check-portal-clock', 'check-portal-configuration'] : ['rotate-secret', 'check-portal-configuration'];
    case 'disabled':
      return ['enable-connection'];
    case 'unverified':
      return ['send-test-hand-off'];
    case 'not-configured':
      return ['create-connection'];
    default:
      return (h.rejectedByKind.source ?? 0) > 0 || splitSources(c.allowedSources).length ? ['check-allowed-sources'] : [];
  }
}

export function healthView(c: PortalConnection, h: ConnectionHealth, config: AppConfig): ConnectionHealthView {
  return {
    status: h.status,
    since: h.since?.toISOString() ?? null,
    cause: h.cause,
    evidence: h.evidence,
    threshold: config.connectionFailingThreshold,
    windowMinutes: config.connectionFailingWindowMinutes,
    rejectedRequests: h.rejectedRequests,
    rejectedByKind: h.rejectedByKind,
    advice: advice(c, h),
  };
}

@Injectable()
export class PortalConnectionsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly facts: HandoffFactsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: ListQuery, actor: Actor): Promise<Page<PortalConnectionView>> {
    const qb = this.db.manager.getRepository(PortalConnection).createQueryBuilder('c');
    scopeToActor(qb, 'c.organizationId', actor);
    const page = await runList(qb, q, PORTAL_CONNECTION_LIST);
    const views = new Map((await this.views(page.rows)).map((v) => [v.id, v]));
    return page.map((c) => views.get(c.id)!);
  }

  async get(id: string, actor: Actor): Promise<PortalConnectionView> {
    return (await this.views([await this.find(id, actor)]))[0];
  }

  /** Views of connections with health and counts (three queries for a whole page). */
  async views(rows: PortalConnection[]): Promise<PortalConnectionView[]> {
    const [counts, rejections] = await Promise.all([this.failureCounts(rows), this.facts.rejections(rows.map((r) => r.id))]);
    return rows.map((c) => this.view(c, this.facts.healthOf(c, rejections.get(c.id) ?? []), counts.get(`${c.portalId}:${c.organizationId}`)));
  }

  async find(id: string, actor: Actor): Promise<PortalConnection> {
    const c = await this.db.manager.getRepository(PortalConnection).findOneBy({ id });
    if (!c) throw DomainError.notFound('Portal connection');
    assertInScope(actor, c.organizationId, 'Portal connection');
    return c;
  }

  private view(c: PortalConnection, h: ConnectionHealth, counts?: { failures: number; connection: number }): PortalConnectionView {
    const cause = recordedCause(c.lastFailureCause);
    return {
      id: c.id,
      portalId: c.portalId,
      organizationId: c.organizationId,
      enabled: c.enabled,
      status: h.status,
      health: healthView(c, h, this.config),
      rejectedRequests: h.rejectedRequests,
      lastSuccessAt: c.lastSuccessAt,
      lastFailureAt: c.lastFailureAt,
      lastFailureCause: c.lastFailureCause,
      lastFailureCauseCode: cause.detailCode,
      lastFailureCauseParams: cause.detailParams,
      secretRotatedAt: c.secretRotatedAt,
      unverifiedSince: c.unverifiedSince,
      previousSecretUntil: c.previousSecretUntil && c.previousSecretUntil.getTime() > this.clock.nowMs() ? c.previousSecretUntil : null,
      previousSecretLastUsedAt: c.previousSecretLastUsedAt,
      allowedSources: splitSources(c.allowedSources),
      createdAt: c.createdAt,
      failures24h: counts?.failures ?? 0,
      connectionFailures24h: counts?.connection ?? 0,
    };
  }

  /** One grouped query for a page of connections: failed attempts of the last 24 h per portal and organization. */
  private async failureCounts(rows: PortalConnection[]): Promise<Map<string, { failures: number; connection: number }>> {
    const map = new Map<string, { failures: number; connection: number }>();
    if (rows.length === 0) return map;
    const orgIds = [...new Set(rows.map((r) => r.organizationId))];
    const raw = await this.db.manager
      .getRepository(LoginAttempt)
      .createQueryBuilder('a')
      .select('a.portalId', 'portalId')
      .addSelect('a.organizationId', 'organizationId')
      .addSelect('COUNT(*)', 'failures')
      .addSelect('COUNT(r."attemptId")', 'connection')
      .leftJoin('login_attempt_reasons', 'r', 'r."attemptId" = a.id AND r.reason = :conn', { conn: FailureReason.PORTAL_CONNECTION_FAILED })
      .where('a.organizationId IN (:...orgIds)', { orgIds })
      .andWhere('a.createdAt >= :since', { since: new Date(this.clock.nowMs() - DAY_MS) })
      .andWhere('a.result = :failure', { failure: 'failure' })
      .groupBy('a.portalId')
      .addGroupBy('a.organizationId')
      .getRawMany<{ portalId: string; organizationId: string; failures: string | number; connection: string | number }>();
    for (const r of raw) map.set(`${r.portalId}:${r.organizationId}`, { failures: Number(r.failures), connection: Number(r.connection) });
    return map;
  }

  /** "Check now": is the configuration able to accept a correctly signed hand-off? Reads only; audited. */
  async check(id: string, actor: Actor): Promise<ConnectionCheckResult> {
    const c = await this.find(id, actor);
    const P = PORTAL_NAMES[c.portalId as PortalId] ?? c.portalId;
    const [org, addon] = await Promise.all([
      this.db.manager.getRepository(Organization).findOneBy({ id: c.organizationId }),
      this.db.manager.getRepository(OrganizationAddon).findOneBy({ organizationId: c.organizationId, addonId: ADDON_FOR_PORTAL[c.portalId as PortalId] }),
    ]);
    const items: ConnectionCheckItem[] = [];
    let secret: string | null = null;
    try {
      secret = this.box.open(c.secretEnc, sealContext('portal_connections', 'secretEnc', c.id));
    } catch {
      secret = null;
    }
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const item = (id: ConnectionCheckItem['id'], ok: boolean, message: string, key: string, params?: Record<string, string | number>): ConnectionCheckItem => ({ id, ok, message, text: { key, ...(params ? { params } : {}) } });
    items.push(
      secret
        ? c.secretRotatedAt
          ? item('secret', true, `The connection secret can be read (last rotated ${day(c.secretRotatedAt)}).`, 'secret.okRotated', { on: c.secretRotatedAt.toISOString() })
          : item('secret', true, 'The connection secret can be read.', 'secret.ok')
        : item('secret', false, 'The connection secret cannot be decrypted: rotate the secret and give the new one to the portal administrator.', 'secret.unreadable'),
    );
    if (secret) {
      // The same signature check as a real hand-off, on a synthetic body.
      const body = Buffer.from(JSON.stringify({ organizationId: c.organizationId, email: 'connection-check@accessdesk.invalid', issuedAt: Math.floor(this.clock.nowMs() / 1000), nonce: this.random.bytes(8).toString('hex') }));
      const ok = signatureMatches(secret, body, signHandoff(secret, body));
      items.push(ok ? item('signature', true, 'A hand-off signed with the secret verifies.', 'signature.ok') : item('signature', false, 'A hand-off signed with the secret does not verify.', 'signature.fail'));
    }
    items.push(c.enabled ? item('enabled', true, 'The connection is enabled.', 'enabled.ok') : item('enabled', false, 'The connection is disabled: every hand-off is refused.', 'enabled.disabled'));
    items.push(
      !org
        ? item('organization', false, 'The organization does not exist.', 'organization.missing')
        : org.severaStatus === SeveraSubscriptionStatus.ACTIVE
          ? item('organization', true, `${org.name} uses Visma Severa.`, 'organization.active', { org: org.name })
          : org.severaEndedAt
            ? item('organization', false, `${org.name} no longer uses Visma Severa (ended ${day(org.severaEndedAt)}).`, 'organization.endedOn', { org: org.name, on: org.severaEndedAt.toISOString() })
            : item('organization', false, `${org.name} no longer uses Visma Severa.`, 'organization.ended', { org: org.name }),
    );
    items.push(
      addon?.status === AddonStatus.ACTIVE
        ? item('addon', true, `The ${P} add-on is active.`, 'addon.active', { portal: P })
        : item('addon', false, `The ${P} add-on is not active: every hand-off from ${P} fails with ADDON_NOT_ACTIVE.`, 'addon.inactive', { portal: P }),
    );
    const health = this.facts.healthOf(c, (await this.facts.rejections([c.id])).get(c.id) ?? []);
    const window = this.config.connectionFailingWindowMinutes;
    items.push(
      health.status === 'failing'
        ? item(
            'recent-hand-offs',
            false,
            `${health.evidence} hand-off requests with a signature that does not match (or signed but ${health.cause === 'stale' ? 'stale' : 'unusable'}) since ${health.since?.toISOString()}, and no signed hand-off in the last ${window} minutes.`,
            'recent.failing',
            { smart_count: health.evidence, at: health.since?.toISOString() ?? '', window },
          )
        : c.lastSuccessAt
          ? item('recent-hand-offs', true, `The last signed hand-off worked at ${c.lastSuccessAt.toISOString()}.`, 'recent.lastSuccess', { at: c.lastSuccessAt.toISOString() })
          : item('recent-hand-offs', true, 'No signed hand-off has arrived yet (the connection is unverified); nothing shows it failing.', 'recent.none'),
    );
    const result: ConnectionCheckResult = { ok: items.every((i) => i.ok), checkedAt: this.clock.now().toISOString(), items };
    await this.audit.record({
      action: 'portal-connection.checked',
      targetType: 'portal-connection',
      targetId: c.id,
      organizationId: c.organizationId,
      after: { ok: result.ok, failed: items.filter((i) => !i.ok).map((i) => i.id) },
    });
    return result;
  }
}
