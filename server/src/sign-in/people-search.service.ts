import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import { DomainError } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { FailureReason, PORTAL_IDS, PortalId } from '../../../shared/sign-in.js';
import type { PersonMatch } from '../../../shared/diagnosis.js';
import { widestKey } from './near-miss.js';

/** Failed attempts this far back give a person's last failure. */
const FAILURE_LOOKBACK_MS = 30 * 86_400_000;
const MAX_PEOPLE = 20;

/**
 * "Name or e-mail" → people of one organization, found on both sides: its Severa users, its portal accounts on
 * every portal and its recent failed attempts, grouped per person by the near-miss key (so `carla.berg@…` and
 * `Carla.Berg@…` are one person), each with every spelling side by side. Reads only.
 */
@Injectable()
export class PeopleSearchService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async search(organizationId: string, q: string, actor: Actor): Promise<PersonMatch[]> {
    assertInScope(actor, organizationId, 'Organization');
    const [org] = await this.db.sql<{ id: string }>(this.db.manager, `SELECT id FROM organizations WHERE id = $1`, [organizationId]);
    if (!org) throw DomainError.notFound('Organization');
    const needle = q.trim().toLowerCase();
    const needleKey = needle.includes('@') ? widestKey(q) : null;
    const hit = (email: string, name: string | null) =>
      email.toLowerCase().includes(needle) || (!!name && name.toLowerCase().includes(needle)) || (needleKey !== null && widestKey(email) === needleKey);

    const [users, accounts, failures] = await Promise.all([
      this.db.sql<{ id: string; email: string; name: string; active: unknown }>(this.db.manager, `SELECT id, email, name, active FROM severa_users WHERE "organizationId" = $1`, [organizationId]),
      this.db.sql<{ id: string; email: string; name: string; portalId: string }>(this.db.manager, `SELECT id, email, name, "portalId" FROM portal_accounts WHERE "organizationId" = $1`, [organizationId]),
      this.db.sql<{ email: string; portalId: string; reasons: unknown; createdAt: unknown }>(
        this.db.manager,
        `SELECT email, "portalId", reasons, "createdAt" FROM login_attempts WHERE "organizationId" = $1 AND result = 'failure' AND "createdAt" >= $2 ORDER BY "createdAt" DESC LIMIT 2000`,
        [organizationId, new Date(this.clock.nowMs() - FAILURE_LOOKBACK_MS)],
      ),
    ]);

    // Which people match: any spelling or name containing the text (or the same near-miss key as a typed address).
    const keys = new Set<string>();
    for (const u of users) if (hit(u.email, u.name)) keys.add(widestKey(u.email));
    for (const a of accounts) if (hit(a.email, a.name)) keys.add(widestKey(a.email));
    for (const f of failures) if (f.email && hit(f.email, null)) keys.add(widestKey(f.email));

    const people = new Map<string, PersonMatch>();
    const person = (key: string): PersonMatch => {
      let p = people.get(key);
      if (!p) {
        p = { key, name: null, severaUsers: [], portalAccounts: Object.fromEntries(PORTAL_IDS.map((id) => [id, []])) as unknown as PersonMatch['portalAccounts'], lastFailure: null };
        people.set(key, p);
      }
      return p;
    };
    for (const u of users) {
      const key = widestKey(u.email);
      if (!keys.has(key)) continue;
      const p = person(key);
      p.name ??= u.name;
      p.severaUsers.push({ id: u.id, email: u.email, active: this.db.bool(u.active) });
    }
    for (const a of accounts) {
      const key = widestKey(a.email);
      if (!keys.has(key) || !PORTAL_IDS.includes(a.portalId as PortalId)) continue;
      const p = person(key);
      p.name ??= a.name;
      p.portalAccounts[a.portalId as PortalId].push({ id: a.id, email: a.email });
    }
    for (const f of failures) {
      if (!f.email) continue;
      const key = widestKey(f.email);
      if (!keys.has(key)) continue;
      const p = person(key);
      if (p.lastFailure) continue; // newest first
      const reasons = (typeof f.reasons === 'string' ? JSON.parse(f.reasons) : f.reasons) as FailureReason[];
      p.lastFailure = { at: this.db.date(f.createdAt)!.toISOString(), portal: f.portalId as PortalId, reasons };
    }
    const sortEmails = <T extends { email: string }>(l: T[]) => l.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
    for (const p of people.values()) {
      sortEmails(p.severaUsers);
      for (const id of PORTAL_IDS) sortEmails(p.portalAccounts[id]);
    }
    return [...people.values()].sort((a, b) => (a.name ?? a.key).localeCompare(b.name ?? b.key)).slice(0, MAX_PEOPLE);
  }
}
