import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { Clock, RandomSource } from '../common/clock.js';
import { SecretBox, sealContext } from '../common/crypto.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { formatCidr, parseCidr } from '../common/cidr.js';
import { AuditService } from '../audit/audit.service.js';
import { Db, newId } from '../database/db.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { splitSources } from '../sign-in/handoff-request.js';
import { PORTAL_NAMES, PortalId } from '../../../shared/sign-in.js';
import { DEFAULT_OVERLAP_HOURS, MAX_ALLOWED_SOURCES, MAX_OVERLAP_HOURS, type CreatedConnection, type PortalConnectionView } from '../../../shared/connections.js';
import { ConnectionRejection, PortalConnection } from './portal.entity.js';
import { PortalConnectionsService } from './portal-connections.service.js';

function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const code = (e as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(e.message);
}

/** Validates and normalizes a list of CIDRs (400 naming each bad entry). */
export function normalizeSources(list: readonly string[]): string[] {
  if (list.length > MAX_ALLOWED_SOURCES) throw DomainError.invalid('allowedSources', `may list at most ${MAX_ALLOWED_SOURCES} networks`);
  const errors: Record<string, string> = {};
  const out: string[] = [];
  list.forEach((text, i) => {
    const n = typeof text === 'string' ? parseCidr(text) : null;
    if (!n) errors[`allowedSources[${i}]`] = 'must be an IPv4 or IPv6 network in CIDR notation, e.g. 203.0.113.0/24';
    else if (!out.includes(formatCidr(n))) out.push(formatCidr(n));
  });
  if (Object.keys(errors).length) throw DomainError.badRequest('Invalid allowed sources', errors);
  return out;
}

/**
 * The connection lifecycle: create (secret shown once), rotate with an overlap, enable/disable, allowed sources,
 * delete. Every change is one transaction with its audit event; no secret is ever stored readable, audited or logged.
 */
@Injectable()
export class PortalConnectionChangesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly read: PortalConnectionsService,
  ) {}

  private newSecret(): string {
    return this.random.bytes(32).toString('base64url');
  }

  /**
   * Inserts a connection with a new secret inside the caller's transaction (also used by add-on activation).
   * Returns the secret for the caller to show once.
   */
  async insert(m: EntityManager, organizationId: string, portalId: PortalId, via: string): Promise<{ connection: PortalConnection; secret: string }> {
    const now = this.clock.now();
    const secret = this.newSecret();
    const id = newId();
    const connection = m.getRepository(PortalConnection).create({
      id,
      portalId,
      organizationId,
      secretEnc: this.box.seal(secret, sealContext('portal_connections', 'secretEnc', id)),
      enabled: true,
      lastSuccessAt: null,
      lastFailureAt: null,
      lastFailureCause: null,
      secretRotatedAt: null,
      createdAt: now,
      previousSecretEnc: null,
      previousSecretUntil: null,
      previousSecretLastUsedAt: null,
      unverifiedSince: now,
      allowedSources: null,
    });
    await m.getRepository(PortalConnection).insert(connection);
    await this.audit.record(
      { action: 'portal-connection.created', targetType: 'portal-connection', targetId: connection.id, organizationId, after: { portalId, enabled: true, via } },
      m,
    );
    return { connection, secret };
  }

  async create(organizationId: string, portalId: PortalId, actor: Actor): Promise<CreatedConnection> {
    assertInScope(actor, organizationId, 'Organization');
    try {
      const { connection, secret } = await this.db.tx(async (m) => {
        const org = await m.getRepository(Organization).findOneBy({ id: organizationId });
        if (!org) throw DomainError.notFound('Organization');
        const existing = await m.getRepository(PortalConnection).findOneBy({ organizationId, portalId });
        if (existing) throw this.exists(org.name, portalId);
        return this.insert(m, organizationId, portalId, 'portal-connections');
      });
      const [view] = await this.read.views([connection]);
      return { id: connection.id, secret, connection: view };
    } catch (e) {
      if (isUniqueViolation(e)) throw this.exists('the organization', portalId);
      throw e;
    }
  }

  private exists(orgName: string, portalId: PortalId): DomainError {
    return DomainError.conflict(ErrorCode.CONNECTION_EXISTS, `${orgName} already has a ${PORTAL_NAMES[portalId]} connection: rotate its secret instead.`);
  }

  /**
   * A new random secret, shown once. The previous secret keeps verifying for `overlapHours` (default 24, 0–168)
   * so the portal can switch without an outage; with 0 it stops at once.
   */
  async rotateSecret(id: string, overlapHours: number | undefined, actor: Actor): Promise<{ secret: string; connection: PortalConnectionView }> {
    const hours = overlapHours ?? DEFAULT_OVERLAP_HOURS;
    if (!Number.isInteger(hours) || hours < 0 || hours > MAX_OVERLAP_HOURS) throw DomainError.invalid('overlapHours', `must be a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}`);
    const secret = this.newSecret();
    const now = this.clock.now();
    const until = hours > 0 ? new Date(now.getTime() + hours * 3600_000) : null;
    const updated = await this.change(id, actor, async (m, c) => {
      await m.getRepository(PortalConnection).update(
        { id },
        {
          secretEnc: this.box.seal(secret, sealContext('portal_connections', 'secretEnc', id)),
          secretRotatedAt: now,
          // the old secret moves column, so it is re-sealed for its new place (the seal is bound to table:column:row-id)
          previousSecretEnc: until ? this.box.seal(this.box.open(c.secretEnc, sealContext('portal_connections', 'secretEnc', id)), sealContext('portal_connections', 'previousSecretEnc', id)) : null,
          previousSecretUntil: until, previousSecretLastUsedAt: null, unverifiedSince: now },
      );
      return { action: 'portal-connection.secret-rotated', before: { rotatedAt: c.secretRotatedAt }, after: { rotatedAt: now, overlapHours: hours, previousSecretUntil: until } };
    });
    return { secret, connection: updated };
  }

  async setEnabled(id: string, enabled: boolean, reason: string, actor: Actor): Promise<PortalConnectionView> {
    return this.change(id, actor, async (m, c) => {
      if (c.enabled === enabled) return null;
      // Re-enabled: unverified until the next signed hand-off.
      await m.getRepository(PortalConnection).update({ id }, enabled ? { enabled, unverifiedSince: this.clock.now() } : { enabled });
      return { action: enabled ? 'portal-connection.enabled' : 'portal-connection.disabled', before: { enabled: c.enabled }, after: { enabled, reason: reason.trim() } };
    });
  }

  async setAllowedSources(id: string, list: readonly string[], actor: Actor): Promise<PortalConnectionView> {
    const sources = normalizeSources(list);
    return this.change(id, actor, async (m, c) => {
      const before = splitSources(c.allowedSources);
      if (before.join(',') === sources.join(',')) return null;
      await m.getRepository(PortalConnection).update({ id }, { allowedSources: sources.length ? sources.join(',') : null });
      return { action: 'portal-connection.sources-changed', before: { allowedSources: before }, after: { allowedSources: sources } };
    });
  }

  async remove(id: string, actor: Actor): Promise<void> {
    await this.db.tx(async (m) => {
      const c = await m.getRepository(PortalConnection).findOneBy({ id });
      if (!c) throw DomainError.notFound('Portal connection');
      assertInScope(actor, c.organizationId, 'Portal connection');
      await m.getRepository(ConnectionRejection).delete({ connectionId: id });
      await m.getRepository(PortalConnection).delete({ id });
      await this.audit.record(
        { action: 'portal-connection.deleted', targetType: 'portal-connection', targetId: id, organizationId: c.organizationId, before: { portalId: c.portalId, enabled: c.enabled, allowedSources: splitSources(c.allowedSources) } },
        m,
      );
    });
  }

  /** Loads the connection in scope, applies a change (null: nothing to do) and audits it, in one transaction. */
  private async change(
    id: string,
    actor: Actor,
    apply: (m: EntityManager, c: PortalConnection) => Promise<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> } | null>,
  ): Promise<PortalConnectionView> {
    const updated = await this.db.tx(async (m) => {
      const c = await m.getRepository(PortalConnection).findOneBy({ id });
      if (!c) throw DomainError.notFound('Portal connection');
      assertInScope(actor, c.organizationId, 'Portal connection');
      const event = await apply(m, c);
      if (!event) return c;
      await this.audit.record({ ...event, targetType: 'portal-connection', targetId: id, organizationId: c.organizationId }, m);
      return m.getRepository(PortalConnection).findOneByOrFail({ id });
    });
    return (await this.read.views([updated]))[0];
  }
}
