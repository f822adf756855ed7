import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import { AuditEvent } from './audit-event.entity.js';
import { RequestContext } from '../common/request-context.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  organizationId?: string | null;
  ticketId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Overrides the actor taken from the request (system jobs, end users, portals). */
  actor?: { id: string | null; email: string | null; role: string };
}

/** Keys whose values must never reach the audit log. */
const SECRET_KEY = /password|secret|hash|token|csrf|totp|^code$|^emergencyCode$|^oneTimeCode$/i;

export function redact(obj: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!obj) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (SECRET_KEY.test(k)) out[k] = v == null ? v : '[redacted]';
    else out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

const asStored = (o: Record<string, unknown> | null): Record<string, unknown> | null => (o ? (JSON.parse(JSON.stringify(o)) as Record<string, unknown>) : null);

/** Canonical content: fixed key order, ISO times; the hash covers it and the previous hash. */
export function canonicalAuditContent(e: Omit<AuditEvent, 'id' | 'hash' | 'prevHash'>): string {
  const sortKeys = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        )
      : Array.isArray(v)
        ? v.map(sortKeys)
        : v;
  return JSON.stringify([
    new Date(e.createdAt).toISOString(),
    e.actorId ?? null,
    e.actorEmail ?? null,
    e.actorRole,
    e.action,
    e.targetType ?? null,
    e.targetId ?? null,
    e.organizationId ?? null,
    e.ticketId ?? null,
    e.requestId ?? null,
    e.ip ?? null,
    sortKeys(e.before ?? null),
    sortKeys(e.after ?? null),
  ]);
}

/**
 * HMAC-SHA256 under AUDIT_KEY (kept outside the database) over the previous hash and the event's content: someone who
 * can write to the database but does not hold the key cannot rewrite the tail and recompute a chain that verifies.
 */
export function auditHash(key: Buffer, prevHash: string, content: string): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(content).digest('hex');
}

/** The unkeyed SHA-256 chain of databases from before the key: only read to re-key an intact chain once. */
export function legacyAuditHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

type PendingEvent = Omit<AuditEvent, 'id' | 'createdAt' | 'prevHash' | 'hash'>;

export interface AuditHead {
  /** Id of the newest event (0 when the log is empty). */
  id: number;
  hash: string;
  createdAt: string | null;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'auditKey' | 'auditHeadLogEvery'>,
  ) {}

  /** The newest event's id and hash: an external copy of it anchors everything before it. */
  async head(): Promise<AuditHead> {
    const [last] = await this.db.manager.getRepository(AuditEvent).find({ order: { id: 'DESC' }, take: 1, select: { id: true, hash: true, createdAt: true } });
    return last ? { id: last.id, hash: last.hash, createdAt: new Date(last.createdAt).toISOString() } : { id: 0, hash: GENESIS_HASH, createdAt: null };
  }

  /** Events recorded in a transaction and not yet appended: they join the chain as its last statements. */
  private readonly pending = new WeakMap<EntityManager, PendingEvent[]>();

  /**
   * Records an event. Pass the transaction's manager so the event commits or rolls back with the change: it is
   * appended to the chain as the transaction's last statements (Db.beforeCommit), so the chain's lock is held only
   * from then until the commit, not for the rest of the transaction. Without a manager the event is appended in a
   * transaction of its own and returned.
   */
  record(entry: AuditEntry): Promise<AuditEvent>;
  record(entry: AuditEntry, m: EntityManager): Promise<void>;
  async record(entry: AuditEntry, m?: EntityManager): Promise<AuditEvent | void> {
    const ctx = RequestContext.current();
    const actor = entry.actor ?? (ctx?.actor ? { id: ctx.actor.id, email: ctx.actor.email, role: ctx.actor.actingRole } : { id: null, email: null, role: 'system' });
    const event: PendingEvent = {
      actorId: actor.id,
      actorEmail: actor.email,
      actorRole: actor.role,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      organizationId: entry.organizationId ?? null,
      ticketId: entry.ticketId ?? null,
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
      // A copy as stored (JSON): the event is written at the end of the transaction, whatever the caller changes later.
      before: asStored(redact(entry.before)),
      after: asStored(redact(entry.after)),
    };
    if (!m) return this.db.tx(async (tm) => (await this.append(tm, [event]))[0]);
    const queued = this.pending.get(m);
    if (queued) {
      queued.push(event);
      return;
    }
    const events = [event];
    this.pending.set(m, events);
    await this.db.beforeCommit(m, async () => {
      this.pending.delete(m);
      await this.append(m, events);
    });
  }

  /** Appends events to the chain under its lock (held until the transaction commits), in order. */
  private async append(m: EntityManager, events: PendingEvent[]): Promise<AuditEvent[]> {
    await this.db.lock(m, 'audit-chain');
    const repo = m.getRepository(AuditEvent);
    const [last] = await repo.find({ order: { id: 'DESC' }, take: 1, select: { id: true, hash: true } });
    let prevHash = last?.hash ?? GENESIS_HASH;
    // Read under the lock: times never go backwards along the chain.
    const createdAt = this.clock.now();
    const saved: AuditEvent[] = [];
    for (const event of events) {
      const e = repo.create({ ...event, createdAt });
      e.prevHash = prevHash;
      e.hash = auditHash(this.config.auditKey, prevHash, canonicalAuditContent(e));
      saved.push(await repo.save(e));
      prevHash = e.hash;
      const every = this.config.auditHeadLogEvery;
      // Published so an external log store holds copies of the head (written before commit: a rolled-back id is reused).
      if (every > 0 && e.id % every === 0) this.logger.log({ auditHead: { id: e.id, hash: e.hash } }, `Audit chain head #${e.id} ${e.hash}`);
    }
    return saved;
  }

  /**
   * Databases from before the key hold an unkeyed chain. At start, if the newest event does not verify under the key
   * but does under plain SHA-256, the whole chain is checked the old way and, when intact, re-hashed under the key in
   * one transaction. A broken legacy chain is left as it is (audit:verify names the event).
   */
  async rekeyLegacyChain(): Promise<{ rekeyed: number } | { broken: number } | null> {
    const repo = this.db.manager.getRepository(AuditEvent);
    const [last] = await repo.find({ order: { id: 'DESC' }, take: 1 });
    if (!last || auditHash(this.config.auditKey, last.prevHash, canonicalAuditContent(last)) === last.hash) return null;
    if (legacyAuditHash(last.prevHash, canonicalAuditContent(last)) !== last.hash) return null;
    return this.db.tx(async (m) => {
      await this.db.lock(m, 'audit-chain');
      let prevOld = GENESIS_HASH;
      let prevNew = GENESIS_HASH;
      let lastId = 0;
      let count = 0;
      for (;;) {
        const batch = await m.getRepository(AuditEvent).createQueryBuilder('e').where('e.id > :lastId', { lastId }).orderBy('e.id', 'ASC').limit(1000).getMany();
        if (!batch.length) break;
        for (const e of batch) {
          const content = canonicalAuditContent(e);
          if (e.prevHash !== prevOld || legacyAuditHash(prevOld, content) !== e.hash) {
            this.logger.error({ brokenId: e.id }, 'The audit chain from before AUDIT_KEY is broken; it is not re-keyed (npm run audit:verify)');
            throw new LegacyChainBroken(e.id);
          }
          prevOld = e.hash;
          const hash = auditHash(this.config.auditKey, prevNew, content);
          await m.getRepository(AuditEvent).update({ id: e.id }, { prevHash: prevNew, hash });
          prevNew = hash;
          lastId = e.id;
          count++;
        }
      }
      return { rekeyed: count };
    }).catch((e: unknown) => {
      if (e instanceof LegacyChainBroken) return { broken: e.id };
      throw e;
    });
  }

  /** Walks the chain; returns the first broken event, or null when the chain is whole. */
  async verify(): Promise<{ ok: true; count: number } | { ok: false; count: number; brokenId: number; reason: string }> {
    const repo = this.db.manager.getRepository(AuditEvent);
    let prev = GENESIS_HASH;
    let count = 0;
    let lastId = 0;
    for (;;) {
      const batch = await repo.createQueryBuilder('e').where('e.id > :lastId', { lastId }).orderBy('e.id', 'ASC').limit(1000).getMany();
      if (batch.length === 0) break;
      for (const e of batch) {
        count++;
        if (e.prevHash !== prev) return { ok: false, count, brokenId: e.id, reason: 'previous-hash link does not match (an event was removed or reordered)' };
        const expect = auditHash(this.config.auditKey, prev, canonicalAuditContent(e));
        if (expect !== e.hash) return { ok: false, count, brokenId: e.id, reason: 'content does not match its keyed hash (the event was edited, or the chain was recomputed without AUDIT_KEY)' };
        prev = e.hash;
        lastId = e.id;
      }
    }
    return { ok: true, count };
  }
}

class LegacyChainBroken extends Error {
  constructor(readonly id: number) {
    super(`legacy audit chain broken at #${id}`);
  }
}
