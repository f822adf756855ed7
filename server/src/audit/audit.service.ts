import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
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

/** Canonical content: fixed key order, ISO times; the hash covers it and the previous hash. */
export function canonicalAuditContent(e: Omit<AuditEvent, 'id' | 'hash' | 'prevHash'>): string {
  const sortKeys = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
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

export function auditHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

@Injectable()
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Appends an event. Pass the transaction's manager so the event commits or rolls back with the change. */
  async record(entry: AuditEntry, m?: EntityManager): Promise<AuditEvent> {
    if (!m) return this.db.tx((tm) => this.record(entry, tm));
    const ctx = RequestContext.current();
    const actor = entry.actor ?? (ctx?.actor ? { id: ctx.actor.id, email: ctx.actor.email, role: ctx.actor.actingRole } : { id: null, email: null, role: 'system' });
    await this.db.lock(m, 'audit-chain');
    const last = await m.getRepository(AuditEvent).find({ order: { id: 'DESC' }, take: 1, select: { id: true, hash: true } });
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const e = m.getRepository(AuditEvent).create({
      createdAt: this.clock.now(),
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
      before: redact(entry.before),
      after: redact(entry.after),
    });
    e.prevHash = prevHash;
    e.hash = auditHash(prevHash, canonicalAuditContent(e));
    return m.getRepository(AuditEvent).save(e);
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
        const expect = auditHash(prev, canonicalAuditContent(e));
        if (expect !== e.hash) return { ok: false, count, brokenId: e.id, reason: 'content does not match its hash (the event was edited)' };
        prev = e.hash;
        lastId = e.id;
      }
    }
    return { ok: true, count };
  }
}
