import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import { DomainError } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { applyTextSearch, likePattern } from '../common/text-search.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { SEVERA_USER_SEARCH } from '../severa-users/severa-users.service.js';
import { PortalAccount } from '../portals/portal.entity.js';
import { PORTAL_ACCOUNT_SEARCH } from '../portals/portal-accounts.service.js';
import { LoginAttempt } from './login-attempt.entity.js';
import { FailureReason, PORTAL_IDS, PortalId } from '../../../shared/sign-in.js';
import type { PersonMatch } from '../../../shared/diagnosis.js';
import { widestKey } from './near-miss.js';

/** Failed attempts this far back give a person's last failure. */
const FAILURE_LOOKBACK_MS = 30 * 86_400_000;
/** People in one answer. */
export const MAX_PEOPLE = 20;
/** Rows read per source (Severa users, portal accounts, failed attempts) and search term. */
export const MAX_ROWS_PER_TERM = 200;

interface UserRow {
  id: string;
  email: string;
  name: string;
  active: boolean;
}
interface AccountRow {
  id: string;
  email: string;
  name: string;
  portalId: string;
}
interface FailureRow {
  id: string;
  email: string;
  portalId: string;
  reasons: string[];
  createdAt: Date;
}
interface Found {
  users: UserRow[];
  accounts: AccountRow[];
  failures: FailureRow[];
}

/** The local part of a near-miss key (`carla.berg@*` → `carla.berg`). */
const keyLocal = (key: string) => (key.includes('@') ? key.slice(0, key.lastIndexOf('@')) : key);

/**
 * "Name or e-mail" → people of one organization, found on both sides: its Severa users, its portal accounts on
 * every portal and its recent failed attempts, grouped per person by the near-miss key (so `carla.berg@…` and
 * `Carla.Berg@…` are one person), each with every spelling side by side. Reads only.
 *
 * The database does the searching (common/text-search.ts: the trigram indexes of Severa users and portal accounts;
 * the failed attempts of the look-back window by the same LIKE predicate), every read limited:
 * 1. the typed text, and for a typed address also its near-miss key's local part (so `carla.berg+x@…` finds the
 *    other spellings of `carla.berg`), give the people (at most MAX_PEOPLE, by name);
 * 2. for a person found by name or domain only, the local part of their key is searched too, so each person comes
 *    with every spelling (spellings that differ by look-alike characters in the local part are found when they
 *    themselves match the text).
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
    const text = q.trim();
    const needle = text.toLowerCase();
    const typedKey = text.includes('@') ? widestKey(text) : null;
    const terms = [text];
    if (typedKey && keyLocal(typedKey)) terms.push(keyLocal(typedKey));

    // 1. Who matches: a spelling or name containing the text, or the same near-miss key as a typed address.
    const hit = (email: string, name: string | null) =>
      email.toLowerCase().includes(needle) || (!!name && name.toLowerCase().includes(needle)) || (typedKey !== null && widestKey(email) === typedKey);
    const first = await this.findAll(organizationId, terms);
    const names = new Map<string, string | null>();
    const note = (email: string, name: string | null) => {
      const key = widestKey(email);
      if (!names.has(key) || (names.get(key) === null && name)) names.set(key, name);
    };
    for (const u of first.users) if (hit(u.email, u.name)) note(u.email, u.name);
    for (const a of first.accounts) if (hit(a.email, a.name)) note(a.email, a.name);
    for (const f of first.failures) if (hit(f.email, null)) note(f.email, null);
    const keys = [...names.keys()].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b)).slice(0, MAX_PEOPLE);

    // 2. Every spelling of those people: their keys' local parts, where the first search did not cover them.
    const lowerTerms = terms.map((t) => t.toLowerCase());
    const more = [...new Set(keys.map(keyLocal).filter((l) => l && !lowerTerms.some((t) => l.includes(t))))];
    const second = more.length ? await this.findAll(organizationId, more) : { users: [], accounts: [], failures: [] };
    return this.group(new Set(keys), merge(first, second));
  }

  /** Rows of the organization matching any of the terms (each term limited to MAX_ROWS_PER_TERM per source). */
  private async findAll(organizationId: string, terms: string[]): Promise<Found> {
    const found = await Promise.all(terms.map((t) => this.find(organizationId, t)));
    return found.reduce(merge, { users: [], accounts: [], failures: [] });
  }

  private async find(organizationId: string, term: string): Promise<Found> {
    const m = this.db.manager;
    const users = m.getRepository(SeveraUser).createQueryBuilder('u').select(['u.id', 'u.email', 'u.name', 'u.active']).where('u.organizationId = :org', { org: organizationId });
    const accounts = m
      .getRepository(PortalAccount)
      .createQueryBuilder('a')
      .select(['a.id', 'a.email', 'a.name', 'a.portalId'])
      .where('a.organizationId = :org', { org: organizationId })
      .andWhere('a.portalId IN (:...portals)', { portals: PORTAL_IDS });
    const failures = m
      .getRepository(LoginAttempt)
      .createQueryBuilder('f')
      .select(['f.id', 'f.email', 'f.portalId', 'f.reasons', 'f.createdAt'])
      .where('f.organizationId = :org', { org: organizationId })
      .andWhere(`f.result = 'failure'`)
      .andWhere('f.createdAt >= :since', { since: new Date(this.clock.nowMs() - FAILURE_LOOKBACK_MS) })
      // No trigram index on attempts: the organization's window is bounded; the predicate is text-search's own.
      .andWhere(`LOWER(f.email) LIKE :q ESCAPE '\\'`, { q: likePattern(term) });
    await applyTextSearch(users, SEVERA_USER_SEARCH, term, 'q');
    await applyTextSearch(accounts, PORTAL_ACCOUNT_SEARCH, term, 'q');
    const [u, a, f] = await Promise.all([
      users.orderBy('u.email', 'ASC').take(MAX_ROWS_PER_TERM).getMany(),
      accounts.orderBy('a.email', 'ASC').take(MAX_ROWS_PER_TERM).getMany(),
      failures.orderBy('f.createdAt', 'DESC').addOrderBy('f.id', 'DESC').take(MAX_ROWS_PER_TERM).getMany(),
    ]);
    return { users: u, accounts: a, failures: f };
  }

  private group(keys: Set<string>, rows: Found): PersonMatch[] {
    const people = new Map<string, PersonMatch>();
    const person = (key: string): PersonMatch => {
      let p = people.get(key);
      if (!p) {
        p = { key, name: null, severaUsers: [], portalAccounts: Object.fromEntries(PORTAL_IDS.map((id) => [id, []])) as unknown as PersonMatch['portalAccounts'], lastFailure: null };
        people.set(key, p);
      }
      return p;
    };
    for (const u of rows.users) {
      const key = widestKey(u.email);
      if (!keys.has(key)) continue;
      const p = person(key);
      p.name ??= u.name;
      p.severaUsers.push({ id: u.id, email: u.email, active: u.active });
    }
    for (const a of rows.accounts) {
      const key = widestKey(a.email);
      if (!keys.has(key)) continue;
      const p = person(key);
      p.name ??= a.name;
      p.portalAccounts[a.portalId as PortalId].push({ id: a.id, email: a.email });
    }
    const newestFirst = [...rows.failures].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    for (const f of newestFirst) {
      const key = widestKey(f.email);
      if (!keys.has(key)) continue;
      const p = person(key);
      p.lastFailure ??= { at: f.createdAt.toISOString(), portal: f.portalId as PortalId, reasons: f.reasons as FailureReason[] };
    }
    const byEmail = <T extends { email: string; id: string }>(l: T[]) => l.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : a.id < b.id ? -1 : 1));
    for (const p of people.values()) {
      byEmail(p.severaUsers);
      for (const id of PORTAL_IDS) byEmail(p.portalAccounts[id]);
    }
    return [...people.values()].sort((a, b) => (a.name ?? a.key).localeCompare(b.name ?? b.key));
  }
}

/** Two result sets without duplicate rows. */
function merge(a: Found, b: Found): Found {
  const uniq = <T extends { id: string }>(x: T[], y: T[]) => [...new Map([...x, ...y].map((r) => [r.id, r])).values()];
  return { users: uniq(a.users, b.users), accounts: uniq(a.accounts, b.accounts), failures: uniq(a.failures, b.failures) };
}
