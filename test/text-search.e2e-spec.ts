import { SeveraSubscriptionStatus } from '../shared/sign-in.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { rng } from './seeded-random.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { SeveraUser } from '../server/src/severa-users/severa-user.entity.js';
import { PortalAccount } from '../server/src/portals/portal.entity.js';
import { SEVERA_USER_SEARCH } from '../server/src/severa-users/severa-users.service.js';
import { PORTAL_ACCOUNT_SEARCH } from '../server/src/portals/portal-accounts.service.js';
import { IDENTITY_SEARCH } from '../server/src/identities/identities.service.js';
import { ORGANIZATION_SEARCH } from '../server/src/organizations/organizations.service.js';
import { SEARCH_COUNT_CAP } from '../server/src/common/pagination.js';
import { likePattern, PG_SEARCH_TIERS, pgSearchPlan, SEARCH_TIERS, sqlitePlan, type PgSearchTiers, type SearchTiers, type TextSearchIndex } from '../server/src/common/text-search.js';

/**
 * The trigram search (SQLite FTS5 `trigram`, PostgreSQL pg_trgm) must answer exactly what a plain LIKE scan answers:
 * generated people with mixed case, accents, LIKE wildcards and quotes; rows inserted, updated and deleted after the
 * index was built; terms shorter than a trigram, common terms, terms that match nothing.
 */

const FIRST = ['Anna', 'ANNA', 'anna', 'Åsa', 'ÅSA', 'Jörg', 'JÖRG', 'José', 'JOSÉ', 'josé', 'Zoë', 'Élodie', 'élodie', 'Björn', 'Bjorn', 'Ben', 'Carla', 'Ärla', 'ärla'];
const LAST = ['Berg', 'BERG', 'Öberg', 'oberg', 'Nurmi', 'Koski', 'Mäkinen', 'MÄKINEN', 'Çelik', 'O\'Brien', 'Smith_Jones', '100%Sure', 'Back\\Slash', '"Quoted"', 'Straße'];
const DOMAINS = ['Org1.example', 'org2.EXAMPLE', 'mail.örg3.example', 'firma.fi'];
const TERMS = [
  'berg', 'BERG', 'Berg', 'öberg', 'ÖBERG', 'oberg', 'josé', 'JOSÉ', 'jose', 'åsa', 'ÅSA', 'asa', 'mäki', 'MÄKI', 'maki', 'ärla', 'ÄRLA', 'çel', 'straße', 'STRASSE',
  'smith_jones', 'h_j', 'th%', '100%', '0%s', 'back\\s', '\\', '"quoted"', '"', "o'brien", "'", 'anna.berg', 'anna berg', 'a.b', '@org1', 'example', '.example',
  'örg3', 'berg@', 'an', 'ö', 'é', 'x', '', ' ', 'zzzz', 'nna', 'berg+', '+tag', 'brien', 'zoë', 'zoe', 'ZOË',
];

describe('name / e-mail search equals a plain LIKE scan', () => {
  let t: TestApp;
  let sup: StaffClient;
  const orgA = randomUUID();
  const orgB = randomUUID();

  before(async () => {
    t = await createTestApp();
    sup = await t.signIn(SUPERVISOR);
    const now = t.clock.now();
    await t.ds.getRepository(Organization).insert([
      { id: orgA, name: 'Sökföretaget Öberg & Berg Oy', severaStatus: SeveraSubscriptionStatus.ACTIVE, severaEndedAt: null, createdAt: now },
      { id: orgB, name: 'JOSÉ 100%_Trading "Ltd"', severaStatus: SeveraSubscriptionStatus.ACTIVE, severaEndedAt: null, createdAt: now },
    ]);
    const r = rng(17);
    const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
    const users: Partial<SeveraUser>[] = [];
    const accounts: Partial<PortalAccount>[] = [];
    for (let i = 0; i < 400; i++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const tag = r() < 0.1 ? '+tag' : '';
      const email = `${r() < 0.5 ? first : first.toLowerCase()}.${last}${i % 7}${tag}@${pick(DOMAINS)}`;
      const organizationId = i % 3 ? orgA : orgB;
      users.push({ id: randomUUID(), organizationId, email, name: `${first} ${last}`, active: true, activeChangedAt: null, activeChangedBy: null, activeChangeReason: null, identityId: null, createdAt: now });
      if (i % 2) accounts.push({ id: randomUUID(), portalId: 'myvisma', organizationId, email: r() < 0.3 ? email.toUpperCase() : email, name: `${last}, ${first}`, createdAt: now });
    }
    await t.ds.getRepository(SeveraUser).insert(users);
    // Organizations named like the people (the organizations' search walks their name index on PostgreSQL).
    const orgs: Partial<Organization>[] = [];
    for (let i = 0; i < 120; i++) {
      orgs.push({ id: randomUUID(), name: `${pick(LAST)} & ${pick(FIRST)} ${['Oy', 'AB', 'Ltd', 'GmbH'][i % 4]}${i % 9 ? '' : ' 100%'}`, severaStatus: SeveraSubscriptionStatus.ACTIVE, severaEndedAt: null, createdAt: now });
    }
    await t.ds.getRepository(Organization).insert(orgs);
    await t.ds.getRepository(PortalAccount).insert(accounts);
    // Changes after the rows were indexed: the triggers must keep the index in step.
    const ids = users.map((u) => u.id!);
    for (let i = 0; i < 40; i++) await t.ds.getRepository(SeveraUser).update({ id: ids[i] }, { email: `Renamed.Ärla${i}@Org1.example`, name: `Ärla Renamed${i}` });
    for (let i = 40; i < 50; i++) await t.ds.getRepository(SeveraUser).update({ id: ids[i] }, { active: false });
    await t.ds.getRepository(SeveraUser).delete(ids.slice(50, 80));
    await t.ds.getRepository(PortalAccount).delete(accounts.slice(0, 20).map((a) => a.id!));
  });
  after(async () => t.close());

  /** The reference: LOWER(col) LIKE '%term%' over the table, no index involved in the meaning. */
  async function likeScan(index: TextSearchIndex, term: string, where = '1 = 1', params: unknown[] = []): Promise<string[]> {
    const pg = t.db.isPostgres;
    const ph = (n: number) => (pg ? `$${n}` : '?');
    const cond = index.columns.map((c) => `LOWER("${c}") LIKE ${ph(1)} ESCAPE '\\'`).join(' OR ');
    const extra = where.replace(/\?/g, () => ph(2));
    const rows = await t.ds.query(`SELECT id FROM "${index.table}" WHERE (${cond}) AND ${extra}`, pg ? [likePattern(term), ...params] : [...index.columns.map(() => likePattern(term)), ...params]);
    return rows.map((x: { id: string }) => x.id).sort();
  }

  async function apiIds(resource: string, filter: Record<string, unknown>): Promise<string[]> {
    const r = await sup.get(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent('[0,999]')}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const total = Number(/\/(\d+)$/.exec(r.headers['content-range'])![1]);
    assert.equal(total, r.body.length, `${resource} ${JSON.stringify(filter)}: total ${total} vs ${r.body.length} rows`);
    return r.body.map((x: { id: string }) => x.id).sort();
  }

  it('Severa users: q (name or e-mail) over all organizations and inside one', async () => {
    let nonEmpty = 0;
    for (const term of TERMS) {
      const want = await likeScan(SEVERA_USER_SEARCH, term);
      assert.deepEqual(await apiIds('severa-users', term ? { q: term } : {}), term ? want : await apiIds('severa-users', {}), `q=${JSON.stringify(term)}`);
      if (term) assert.deepEqual(await apiIds('severa-users', { q: term, organizationId: orgA }), await likeScan(SEVERA_USER_SEARCH, term, '"organizationId" = ?', [orgA]), `q=${JSON.stringify(term)} in one org`);
      if (want.length) nonEmpty++;
    }
    assert.ok(nonEmpty > TERMS.length / 2, 'the generated data must make most terms match something');
    // Renamed rows are found by their new name only; deleted rows are gone.
    assert.equal((await apiIds('severa-users', { q: 'renamed' })).length, 40);
  });

  it('portal accounts, identities and organizations: q equals the LIKE scan', async () => {
    for (const term of TERMS.filter(Boolean)) {
      assert.deepEqual(await apiIds('portal-accounts', { q: term }), await likeScan(PORTAL_ACCOUNT_SEARCH, term), `portal-accounts q=${JSON.stringify(term)}`);
      assert.deepEqual(await apiIds('identities', { q: term }), await likeScan(IDENTITY_SEARCH, term), `identities q=${JSON.stringify(term)}`);
      assert.deepEqual(await apiIds('organizations', { q: term }), await likeScan(ORGANIZATION_SEARCH, term), `organizations q=${JSON.stringify(term)}`);
    }
  });

  /** The reference page: the LIKE scan in the list's order (the sort column, then id, in the same direction). */
  async function likeOrdered(index: TextSearchIndex, term: string, sortCol: string, order: 'ASC' | 'DESC'): Promise<string[]> {
    const pg = t.db.isPostgres;
    const cond = index.columns.map((c) => `LOWER("${c}") LIKE ${pg ? '$1' : '?'} ESCAPE '\\'`).join(' OR ');
    const rows = await t.ds.query(`SELECT id FROM "${index.table}" WHERE (${cond}) ORDER BY "${sortCol}" ${order}, id ${order}`, pg ? [likePattern(term)] : index.columns.map(() => likePattern(term)));
    return rows.map((x: { id: string }) => x.id);
  }

  async function apiPage(resource: string, filter: Record<string, unknown>, sort: [string, string], range: [number, number]) {
    const r = await sup.get(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent(JSON.stringify(sort))}&range=${encodeURIComponent(JSON.stringify(range))}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { ids: r.body.map((x: { id: string }) => x.id), contentRange: r.headers['content-range'], capped: r.headers['x-total-capped'] };
  }

  // The plans (common/text-search.ts), each forced for every term. SQLite: read the matches, probe them while walking
  // the sort index, or walk it with the plain predicate; and the count that comes from the index or is counted again.
  // PostgreSQL (a search alone): walk the e-mail index, give the walk up after a few entries and read the trigram
  // index's matches, or read them at once; and the total and page from the first matches or counted and paged again.
  const PLANS: [string, SearchTiers, Partial<PgSearchTiers>][] = [
    ['default tiers', { ...SEARCH_TIERS }, {}],
    ['read (every term counted, rows read by rowid; PostgreSQL: matches read)', { count: 1_000_000, read: 1_000_000, dense: 1_000_000 }, { read: Infinity }],
    ['probe (sort index walk, index answer probed; PostgreSQL: walk given up after 5 entries)', { count: 2, read: 0, dense: 1_000_000_000 }, { read: 0, walkBudget: 5 }],
    ['walk (sort index walk, plain predicate; PostgreSQL: walk)', { count: 2, read: 0, dense: 0 }, { read: 0 }],
    ['PostgreSQL: walk, whole table, total and page from the first matches', { ...SEARCH_TIERS }, { read: 0 }],
  ];
  for (const [plan, tiers, pgTiers] of PLANS) {
    it(`rows, order and Content-Range equal the LIKE scan: ${plan}`, async () => {
      const saved = { ...SEARCH_TIERS };
      const savedPg = { ...PG_SEARCH_TIERS };
      Object.assign(SEARCH_TIERS, tiers);
      Object.assign(PG_SEARCH_TIERS, pgTiers);
      try {
        const lists = [
          ['severa-users', SEVERA_USER_SEARCH, [['email', 'email', 'ASC'], ['name', 'name', 'DESC']]],
          ['portal-accounts', PORTAL_ACCOUNT_SEARCH, [['email', 'email', 'ASC'], ['name', 'name', 'DESC']]],
          ['organizations', ORGANIZATION_SEARCH, [['name', 'name', 'ASC'], ['name', 'name', 'DESC'], ['createdAt', 'createdAt', 'ASC']]],
        ] as const;
        for (const [resource, index, sorts] of lists) {
          for (const term of TERMS.filter(Boolean)) {
            for (const [field, col, order] of sorts) {
              const want = await likeOrdered(index, term, col, order);
              const what = `${resource} q=${JSON.stringify(term)} sort ${field} ${order}`;
              const all = await apiPage(resource, { q: term }, [field, order], [0, 999]);
              assert.deepEqual(all.ids, want, what);
              assert.equal(all.contentRange, `${resource} 0-${Math.max(want.length - 1, 0)}/${want.length}`, what);
              assert.equal(all.capped, undefined, what);
              const page = await apiPage(resource, { q: term }, [field, order], [3, 7]);
              assert.deepEqual(page.ids, want.slice(3, 8), `${what} [3,7]`);
              assert.equal(page.contentRange, `${resource} 3-${want.length > 3 ? Math.min(want.length, 8) - 1 : 3}/${want.length}`, `${what} [3,7]`);
            }
            if (resource === 'organizations') continue;
            // With another condition the index's count of the whole table is not the total: counted again.
            const inOrg = await apiPage(resource, { organizationId: orgA, q: term }, ['email', 'ASC'], [0, 999]);
            const wantInOrg = await likeScan(index, term, '"organizationId" = ?', [orgA]);
            assert.deepEqual([...inOrg.ids].sort(), wantInOrg, `${resource} q=${JSON.stringify(term)} in one organization`);
            assert.match(inOrg.contentRange, new RegExp(`/${wantInOrg.length}$`));
          }
        }
      } finally {
        Object.assign(SEARCH_TIERS, saved);
        Object.assign(PG_SEARCH_TIERS, savedPg);
      }
    });
  }

  it('the plan follows the index sample: few matches → read; a few per cent of the table or more → walk; between → probe', () => {
    const tiers = { count: 1001, read: 2_000, dense: 25_000 };
    assert.equal(sqlitePlan({ n: 999, last: 999_000, top: 1_000_000 }, tiers), 'read', 'all counted');
    assert.equal(sqlitePlan({ n: 1001, last: 600_000, top: 1_000_000 }, tiers), 'read', '≈ 1,700');
    assert.equal(sqlitePlan({ n: 1001, last: 100_000, top: 1_000_000 }, tiers), 'probe', '≈ 10,000');
    assert.equal(sqlitePlan({ n: 1001, last: 30_000, top: 1_000_000 }, tiers), 'walk', '≈ 33,000');
  });

  it('PostgreSQL: the plan follows the sample of the table — a term in every row is walked, a term in none is read', async (c) => {
    if (!t.db.isPostgres) return c.skip('PostgreSQL only');
    const query = <R>(sql: string, params: unknown[]) => t.ds.query<R[]>(sql, params);
    // The whole table sampled: the estimate is the count.
    const whole = { samplePercent: 100, read: 50, walkPerMatch: 30, walkMin: 100, walkBudget: 1_000 };
    const all = await pgSearchPlan(query, SEVERA_USER_SEARCH, '@', whole);
    const [{ rows }] = await t.ds.query(`SELECT COUNT(*) AS rows FROM severa_users`);
    assert.deepEqual(all, { plan: 'walk', estimate: Number(rows), budget: 1_000 }, 'every row matches: the estimate is the count; the budget at its maximum');
    assert.deepEqual(await pgSearchPlan(query, SEVERA_USER_SEARCH, 'zzzz', whole), { plan: 'read', estimate: 0, budget: 100 }, 'no match: read (a walk would get the minimum)');
    // A small percentage of a small table samples no page at all; `samplePages` raises it to enough pages (here: all).
    assert.equal((await pgSearchPlan(query, SEVERA_USER_SEARCH, '@', { ...whole, samplePercent: 0.001 })).estimate, 0, 'no page sampled');
    assert.equal((await pgSearchPlan(query, SEVERA_USER_SEARCH, '@', { ...whole, samplePercent: 0.001, samplePages: 1_000_000 })).estimate, Number(rows), 'every page sampled');
    const [{ n }] = await t.ds.query(`SELECT COUNT(*) AS n FROM severa_users WHERE LOWER(email) LIKE '%renamed%' OR LOWER(name) LIKE '%renamed%'`);
    assert.equal((await pgSearchPlan(query, SEVERA_USER_SEARCH, 'renamed', { ...whole, read: Number(n) })).plan, 'walk', 'at the threshold');
    assert.equal((await pgSearchPlan(query, SEVERA_USER_SEARCH, 'renamed', { ...whole, read: Number(n) + 1 })).plan, 'read', 'under it');
    assert.equal((await pgSearchPlan(query, SEVERA_USER_SEARCH, 'renamed', { ...whole, walkPerMatch: 2, walkMin: 1 })).budget, 2 * Number(n), 'the budget per estimated match');
  });

  it('the index exists and is in step with its table', async () => {
    if (t.db.isPostgres) {
      const rows = await t.ds.query(`SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%_trgm'`);
      for (const name of ['IDX_severa_users_email_trgm', 'IDX_severa_users_name_trgm', 'IDX_portal_accounts_email_trgm', 'IDX_identities_emailNormalized_trgm', 'IDX_organizations_name_trgm']) {
        const row = rows.find((r: { indexname: string }) => r.indexname === name);
        assert.ok(row && /gin_trgm_ops/.test(row.indexdef), name);
      }
    } else {
      // FTS5's own check of an external-content index against its table (throws SQLITE_CORRUPT_VTAB when out of step).
      for (const fts of ['severa_users_search', 'portal_accounts_search', 'identities_search', 'organizations_search']) {
        await t.ds.query(`INSERT INTO "${fts}" ("${fts}", rank) VALUES ('integrity-check', 1)`);
      }
      const [{ n }] = await t.ds.query(`SELECT COUNT(*) AS n FROM severa_users_search WHERE severa_users_search MATCH '"renamed"'`);
      assert.equal(Number(n), 40);
      // Exact: the index holds LOWER(column), case-sensitive trigrams (SQLite's LOWER folds ASCII only, like its LIKE).
      const [{ upper }] = await t.ds.query(`SELECT COUNT(*) AS upper FROM severa_users_search WHERE severa_users_search MATCH '"ärla renamed"'`);
      assert.equal(Number(upper), 0, 'LOWER() keeps Ä: "Ärla Renamed" is not "ärla renamed"');
    }
  });
});

describe('a search with more matches than the count cap', () => {
  let t: TestApp;
  let sup: StaffClient;
  const N = SEARCH_COUNT_CAP + 40;

  before(async () => {
    t = await createTestApp();
    sup = await t.signIn(SUPERVISOR);
    const now = t.clock.now();
    const org = randomUUID();
    await t.ds.getRepository(Organization).insert({ id: org, name: 'Capped Oy', severaStatus: SeveraSubscriptionStatus.ACTIVE, severaEndedAt: null, createdAt: now });
    const users: Partial<SeveraUser>[] = [];
    // Names out of e-mail order, so that the sort decides the page.
    for (let i = 0; i < N; i++) users.push({ id: randomUUID(), organizationId: org, email: `Capped.Person${String((i * 7919) % N).padStart(4, '0')}@cap.example`, name: `Capped ${i}`, active: true, activeChangedAt: null, activeChangedBy: null, activeChangeReason: null, identityId: null, createdAt: now });
    for (let i = 0; i < users.length; i += 200) await t.ds.getRepository(SeveraUser).insert(users.slice(i, i + 200));
    // Organizations too (their name index is walked on PostgreSQL); names with ties, so the id decides among them.
    const orgs: Partial<Organization>[] = [];
    for (let i = 0; i < N; i++) orgs.push({ id: randomUUID(), name: `${i % 2 ? 'CAPPED' : 'Capped'} Company ${String(((i * 7919) % N) >> 1).padStart(4, '0')}`, severaStatus: SeveraSubscriptionStatus.ACTIVE, severaEndedAt: null, createdAt: now });
    for (let i = 0; i < orgs.length; i += 200) await t.ds.getRepository(Organization).insert(orgs.slice(i, i + 200));
  });
  after(async () => t.close());

  // PostgreSQL's plans for a search alone (SQLite's are forced in the suite above): walk, walk given up, read.
  for (const [plan, pgTiers] of [['default', {}], ['walk', { read: 0 }], ['walk given up after 100 entries', { read: 0, walkBudget: 100 }], ['read', { read: Infinity }]] as const) {
  it(`pages anywhere in the matches, the total capped (X-Total-Capped), rows in the list order (${plan})`, async () => {
    const pg = t.db.isPostgres;
    const savedPg = { ...PG_SEARCH_TIERS };
    Object.assign(PG_SEARCH_TIERS, pgTiers);
    try {
    const cases = [
      ['severa-users', 'severa_users', 'capped.person', 'email', [['email', 'email', 'ASC'], ['email', 'email', 'DESC'], ['name', 'name', 'DESC']]],
      ['organizations', 'organizations', 'capped company', 'name', [['name', 'name', 'ASC'], ['name', 'name', 'DESC']]],
    ] as const;
    for (const [resource, table, term, column, sorts] of cases)
    for (const [field, col, order] of sorts) {
      const want = (await t.ds.query(`SELECT id FROM ${table} WHERE LOWER(${column}) LIKE ${pg ? '$1' : '?'} ORDER BY "${col}" ${order}, id ${order}`, [`%${term}%`])).map((r: { id: string }) => r.id);
      assert.equal(want.length, N);
      // Inside the first cap + 1 matches, at their end, and past them (counted and paged as any other list).
      for (const [from, to] of [[0, 24], [SEARCH_COUNT_CAP - 10, SEARCH_COUNT_CAP], [SEARCH_COUNT_CAP - 5, SEARCH_COUNT_CAP + 4], [N - 3, N + 10]]) {
        const r = await sup.get(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify({ q: term }))}&sort=${encodeURIComponent(JSON.stringify([field, order]))}&range=${encodeURIComponent(JSON.stringify([from, to]))}`);
        const what = `${resource} sort ${field} ${order} [${from},${to}]`;
        assert.equal(r.status, 200, what);
        assert.deepEqual(r.body.map((x: { id: string }) => x.id), want.slice(from, to + 1), what);
        assert.equal(r.headers['x-total-capped'], 'true', what);
        assert.match(r.headers['content-range'], new RegExp(`/${SEARCH_COUNT_CAP + 1}$`), what);
      }
    }
    } finally {
      Object.assign(PG_SEARCH_TIERS, savedPg);
    }
  });
  }
});
