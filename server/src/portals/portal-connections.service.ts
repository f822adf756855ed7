import { Injectable } from '@nestjs/common';
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
import { connectionCheck } from '../sign-in/sign-in.rules.js';
import { connectionFacts } from '../sign-in/handoff-facts.service.js';
import { signatureMatches, signHandoff } from '../sign-in/handoff-request.js';
import { ADDON_FOR_PORTAL, FailureReason, PORTAL_IDS, PORTAL_NAMES, PortalId } from '../../../shared/sign-in.js';
import type { ConnectionCheckItem, ConnectionCheckResult, ConnectionStatus } from '../../../shared/diagnosis.js';
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

/** A connection as the console shows it: never the secret. */
export interface PortalConnectionView {
  id: string;
  portalId: string;
  organizationId: string;
  enabled: boolean;
  status: ConnectionStatus;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastFailureCause: string | null;
  secretRotatedAt: Date | null;
  createdAt: Date;
  /** Failed hand-offs through this connection in the last 24 hours (any reason) … */
  failures24h: number;
  /** … and those that failed on the connection itself. */
  connectionFailures24h: number;
}

const DAY_MS = 86_400_000;

/** The status the rules engine gives the connection check (no second copy of the rule). */
export function connectionStatus(c: PortalConnection): ConnectionStatus {
  const o = connectionCheck(connectionFacts(c));
  if (o.status === 'pass') return 'ok';
  return o.detail === 'disabled' ? 'disabled' : 'failing';
}

@Injectable()
export class PortalConnectionsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async list(q: ListQuery, actor: Actor): Promise<Page<PortalConnectionView>> {
    const qb = this.db.manager.getRepository(PortalConnection).createQueryBuilder('c');
    scopeToActor(qb, 'c.organizationId', actor);
    const page = await runList(qb, q, PORTAL_CONNECTION_LIST);
    const counts = await this.failureCounts(page.rows);
    return page.map((c) => this.view(c, counts.get(`${c.portalId}:${c.organizationId}`)));
  }

  async get(id: string, actor: Actor): Promise<PortalConnectionView> {
    const c = await this.find(id, actor);
    const counts = await this.failureCounts([c]);
    return this.view(c, counts.get(`${c.portalId}:${c.organizationId}`));
  }

  private async find(id: string, actor: Actor): Promise<PortalConnection> {
    const c = await this.db.manager.getRepository(PortalConnection).findOneBy({ id });
    if (!c) throw DomainError.notFound('Portal connection');
    assertInScope(actor, c.organizationId, 'Portal connection');
    return c;
  }

  private view(c: PortalConnection, counts?: { failures: number; connection: number }): PortalConnectionView {
    return {
      id: c.id,
      portalId: c.portalId,
      organizationId: c.organizationId,
      enabled: c.enabled,
      status: connectionStatus(c),
      lastSuccessAt: c.lastSuccessAt,
      lastFailureAt: c.lastFailureAt,
      lastFailureCause: c.lastFailureCause,
      secretRotatedAt: c.secretRotatedAt,
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
    items.push(
      secret
        ? { id: 'secret', ok: true, message: `The connection secret can be read${c.secretRotatedAt ? ` (last rotated ${c.secretRotatedAt.toISOString().slice(0, 10)})` : ''}.` }
        : { id: 'secret', ok: false, message: 'The connection secret cannot be decrypted: rotate the secret and give the new one to the portal administrator.' },
    );
    if (secret) {
      // The same signature check as a real hand-off, on a synthetic body.
      const body = Buffer.from(JSON.stringify({ organizationId: c.organizationId, email: 'connection-check@accessdesk.invalid', issuedAt: Math.floor(this.clock.nowMs() / 1000), nonce: this.random.bytes(8).toString('hex') }));
      const ok = signatureMatches(secret, body, signHandoff(secret, body));
      items.push({ id: 'signature', ok, message: ok ? 'A hand-off signed with the secret verifies.' : 'A hand-off signed with the secret does not verify.' });
    }
    items.push(c.enabled ? { id: 'enabled', ok: true, message: 'The connection is enabled.' } : { id: 'enabled', ok: false, message: 'The connection is disabled: every hand-off is refused.' });
    items.push(
      !org
        ? { id: 'organization', ok: false, message: 'The organization does not exist.' }
        : org.severaStatus === 'active'
          ? { id: 'organization', ok: true, message: `${org.name} uses Visma Severa.` }
          : { id: 'organization', ok: false, message: `${org.name} no longer uses Visma Severa${org.severaEndedAt ? ` (ended ${org.severaEndedAt.toISOString().slice(0, 10)})` : ''}.` },
    );
    items.push(
      addon?.status === 'active'
        ? { id: 'addon', ok: true, message: `The ${P} add-on is active.` }
        : { id: 'addon', ok: false, message: `The ${P} add-on is not active: every hand-off from ${P} fails with ADDON_NOT_ACTIVE.` },
    );
    const status = connectionStatus(c);
    items.push(
      status === 'failing'
        ? { id: 'recent-hand-offs', ok: false, message: `The last hand-off failed at ${c.lastFailureAt?.toISOString()}: ${c.lastFailureCause ?? 'cause not recorded'}.` }
        : { id: 'recent-hand-offs', ok: true, message: c.lastSuccessAt ? `The last hand-off worked at ${c.lastSuccessAt.toISOString()}.` : 'No hand-off has failed on the connection.' },
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

  /** A new random secret, shown once; the old one stops verifying immediately. */
  async rotateSecret(id: string, actor: Actor): Promise<{ secret: string; connection: PortalConnectionView }> {
    const secret = this.random.bytes(32).toString('base64url');
    const now = this.clock.now();
    const updated = await this.db.tx(async (m) => {
      const c = await m.getRepository(PortalConnection).findOneBy({ id });
      if (!c) throw DomainError.notFound('Portal connection');
      assertInScope(actor, c.organizationId, 'Portal connection');
      await m.getRepository(PortalConnection).update({ id }, { secretEnc: this.box.seal(secret, sealContext('portal_connections', 'secretEnc', id)), secretRotatedAt: now });
      await this.audit.record(
        { action: 'portal-connection.secret-rotated', targetType: 'portal-connection', targetId: id, organizationId: c.organizationId, before: { rotatedAt: c.secretRotatedAt }, after: { rotatedAt: now } },
        m,
      );
      return m.getRepository(PortalConnection).findOneByOrFail({ id });
    });
    const counts = await this.failureCounts([updated]);
    return { secret, connection: this.view(updated, counts.get(`${updated.portalId}:${updated.organizationId}`)) };
  }

  async setEnabled(id: string, enabled: boolean, reason: string, actor: Actor): Promise<PortalConnectionView> {
    const updated = await this.db.tx(async (m) => {
      const c = await m.getRepository(PortalConnection).findOneBy({ id });
      if (!c) throw DomainError.notFound('Portal connection');
      assertInScope(actor, c.organizationId, 'Portal connection');
      if (c.enabled === enabled) return c;
      await m.getRepository(PortalConnection).update({ id }, { enabled });
      await this.audit.record(
        { action: enabled ? 'portal-connection.enabled' : 'portal-connection.disabled', targetType: 'portal-connection', targetId: id, organizationId: c.organizationId, before: { enabled: c.enabled }, after: { enabled, reason: reason.trim() } },
        m,
      );
      return m.getRepository(PortalConnection).findOneByOrFail({ id });
    });
    const counts = await this.failureCounts([updated]);
    return this.view(updated, counts.get(`${updated.portalId}:${updated.organizationId}`));
  }
}
