import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Db } from '../database/db.service.js';
import { DomainError } from '../common/errors.js';
import type { Actor } from '../common/request-context.js';
import { assertInScope } from '../common/scope.js';
import { likeAnySql } from '../common/text-search.js';
import { SEVERA_USER_SEARCH } from '../severa-users/severa-users.service.js';
import { PORTAL_ACCOUNT_SEARCH } from '../portals/portal-accounts.service.js';
import { FailureReason, PORTAL_IDS, PortalId } from '../../../shared/sign-in.js';
import type { PersonMatch } from '../../../shared/diagnosis.js';
import { widestKey } from './near-miss.js';
import { keyLocal, nearMissFilterSql } from './near-miss-sql.js';

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
    const second = more.length ? await this.findAll(organizationId, more, keys) : { users: [], accounts: [], failures: [] };
    return this.group(new Set(keys), merge(first, second));
  }

  /**
   * Rows of the organization matching any of the terms, each term limited to MAX_ROWS_PER_TERM rows per source
   * (ordered as below). One read per source for all the terms: when it gives at most MAX_ROWS_PER_TERM rows, no
   * term's own limit can bind, so it is the union of the per-term reads; only when it gives more (a term matching
   * most of a large organization) is each term read on its own.
   *
   * With `keys` (step 2: every spelling of the people found), only rows that may have one of those near-miss keys
   * are read (near-miss-sql.ts: a superset, group() compares the keys), at most MAX_ROWS_PER_TERM per term in all:
   * the terms are those keys' local parts, so the rows other people's e-mails would have added to a term's count
   * no longer take room from the person's own spellings.
   */
  private async findAll(organizationId: string, terms: string[], keys?: readonly string[]): Promise<Found> {
    const since = new Date(this.clock.nowMs() - FAILURE_LOOKBACK_MS);
    // A key without a plain form (no local part) cannot be narrowed in SQL: then the terms are read as in step 1.
    const narrow = keys && nearMissFilterSql(this.db.isPostgres, 'email', organizationId, keys, 1) ? keys : undefined;
    const read = async <T extends { id: string }>(source: Source<T>): Promise<T[]> => {
      if (narrow) return this.read(source, organizationId, since, terms, MAX_ROWS_PER_TERM * terms.length, narrow);
      const all = await this.read(source, organizationId, since, terms, MAX_ROWS_PER_TERM + 1);
      if (all.length <= MAX_ROWS_PER_TERM) return all;
      if (terms.length === 1) return all.slice(0, MAX_ROWS_PER_TERM);
      const each = await Promise.all(terms.map((t) => this.read(source, organizationId, since, [t], MAX_ROWS_PER_TERM)));
      return each.reduce<T[]>((a, b) => uniq(a, b), []);
    };
    const [users, accounts, failures] = await Promise.all([read(USERS), read(ACCOUNTS), read(FAILURES)]);
    return { users, accounts, failures };
  }

  /**
   * One source's rows of the organization matching any of the terms. The organization's own index bounds the read
   * (at most its rows), so the exact predicate of text-search.ts is applied to them directly: the whole table's
   * trigram index would offer candidates from every organization. Failed attempts: the covering index
   * (organizationId, result, createdAt, email, id) of the look-back window.
   */
  private async read<T>(source: Source<T>, organizationId: string, since: Date, terms: string[], limit: number, keys?: readonly string[]): Promise<T[]> {
    const scope = source.scope(organizationId, since);
    const match = likeAnySql(source.columns, terms, scope.length + 1);
    const filter = keys ? nearMissFilterSql(this.db.isPostgres, 'email', organizationId, keys, scope.length + match.params.length + 1) : null;
    const where = filter ? `${filter.sql} AND ${match.sql}` : match.sql;
    const rows = await this.db.sql<Record<string, unknown>>(this.db.manager, source.sql(where, limit), [...scope, ...match.params, ...(filter?.params ?? [])]);
    return rows.map((r) => source.row(r, this.db));
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

/** Rows of both lists, each once (by id), in first-seen order. */
function uniq<T extends { id: string }>(x: T[], y: T[]): T[] {
  return [...new Map([...x, ...y].map((r) => [r.id, r])).values()];
}

/** Two result sets without duplicate rows. */
function merge(a: Found, b: Found): Found {
  return { users: uniq(a.users, b.users), accounts: uniq(a.accounts, b.accounts), failures: uniq(a.failures, b.failures) };
}

/** A searched source: its scope's parameters ($1…), its read with the match after them (at most `limit` rows), and its rows. */
interface Source<T> {
  columns: readonly string[];
  scope: (organizationId: string, since: Date) => unknown[];
  sql: (match: string, limit: number) => string;
  row: (r: Record<string, unknown>, db: Db) => T;
}
const USERS: Source<UserRow> = {
  columns: SEVERA_USER_SEARCH.columns,
  scope: (organizationId) => [organizationId],
  sql: (match, limit) => `SELECT id, email, name, active FROM severa_users WHERE "organizationId" = $1 AND ${match} ORDER BY email ASC LIMIT ${limit}`,
  row: (r, db) => ({ id: r.id as string, email: r.email as string, name: r.name as string, active: db.bool(r.active) }),
};
const ACCOUNTS: Source<AccountRow> = {
  columns: PORTAL_ACCOUNT_SEARCH.columns,
  scope: (organizationId) => [organizationId],
  sql: (match, limit) =>
    `SELECT id, email, name, "portalId" FROM portal_accounts WHERE "organizationId" = $1 AND "portalId" IN (${PORTAL_IDS.map((p) => `'${p}'`).join(', ')}) AND ${match} ORDER BY email ASC LIMIT ${limit}`,
  row: (r) => ({ id: r.id as string, email: r.email as string, name: r.name as string, portalId: r.portalId as string }),
};
const FAILURES: Source<FailureRow> = {
  // No trigram index on attempts: the organization's failures of the window, by the same LIKE predicate, tested on the
  // covering index (organizationId, result, createdAt, email, id) alone — an organization's failures lie all over the
  // table (one page each), so only the matching ones are read.
  columns: ['email'],
  scope: (organizationId, since) => [organizationId, since],
  sql: (match, limit) =>
    `SELECT id, email, "portalId", reasons, "createdAt" FROM login_attempts WHERE id IN (SELECT id FROM login_attempts WHERE "organizationId" = $1 AND result = 'failure' AND "createdAt" >= $2 AND ${match} ORDER BY "createdAt" DESC, id DESC LIMIT ${limit}) ORDER BY "createdAt" DESC, id DESC`,
  row: (r, db) => ({ id: r.id as string, email: r.email as string, portalId: r.portalId as string, reasons: JSON.parse(r.reasons as string) as string[], createdAt: db.date(r.createdAt)! }),
};
