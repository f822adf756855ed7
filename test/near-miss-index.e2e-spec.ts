import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './create-test-app.js';
import { makeOrg } from './support/sign-in-fixtures.js';
import { HandoffFactsService } from '../server/src/sign-in/handoff-facts.service.js';
import { nearMissFilterSql } from '../server/src/sign-in/near-miss-sql.js';
import { widestKey } from '../server/src/sign-in/near-miss.js';
import { PortalId } from '../shared/sign-in.js';

/**
 * The diagnosis finds near misses through the near-miss key's expression index (migration NearMissKeyIndexes), not
 * by reading the whole organization: the statements' expression must be the index's, on both databases. The
 * filter alone (the key also bounds the organization) leaves a database no other index to use, so its plan names the
 * index exactly when the two expressions agree (PostgreSQL with sequential scans discouraged, its tables being small
 * here). The diagnosis's whole statements are checked on SQLite, whose plans do not depend on the data; PostgreSQL
 * chooses them by cost, and on the 1M data of the benchmark it uses the index (bench/README.md, "eighth round").
 */
describe('near-miss key index', () => {
  let t: TestApp;
  let orgId: string;
  before(async () => {
    t = await createTestApp({ demo: false });
    const org = await makeOrg(t, {
      users: ['ann.lee@x.test', 'Ann.Lee+work@y.test', 'ann.leé@x.test', 'bo.ek@x.test'].map((email) => ({ email, active: true, name: email })),
      accounts: ['ANN.LEE@x.test', 'ann.lee@z.test', 'bo.ek@x.test'],
    });
    orgId = org.id;
  });
  after(() => t.close());

  async function plan(sql: string, params: unknown[]): Promise<string> {
    if (t.db.isPostgres) {
      return t.db.tx(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        const rows: Record<string, string>[] = await m.query(`EXPLAIN ${sql}`, params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    }
    const rows: { detail: string }[] = await t.ds.query(`EXPLAIN QUERY PLAN ${sql.replace(/\$\d+/g, '?')}`, params);
    return rows.map((r) => r.detail).join('\n');
  }

  it('the diagnosis reads Severa users by the index, and finds the near misses', async () => {
    const key = nearMissFilterSql(t.db.isPostgres, 'email', orgId, [widestKey('ann.lee@x.test')], 1)!;
    assert.match(await plan(`SELECT id FROM severa_users WHERE ${key.sql}`, key.params), /IDX_severa_users_near_miss_key/);
    const r = t.app.get(HandoffFactsService).nearMissCandidatesRead(orgId, widestKey('ann.lee@x.test'));
    // The whole statement: PostgreSQL picks by cost (with a handful of rows, walking the e-mail index for the ORDER BY
    // can win); SQLite's plan is fixed.
    if (!t.db.isPostgres) assert.match(await plan(r.sql, r.params), /IDX_severa_users_near_miss_key/);
    const rows = await t.db.readOne(t.db.manager, r);
    // the key's users, and the one whose e-mail is not plain ASCII; not bo.ek
    assert.deepEqual(
      rows.map((u) => u.email),
      ['Ann.Lee+work@y.test', 'ann.lee@x.test', 'ann.leé@x.test'],
    );
  });

  it('portal accounts by the index, and the diagnosis’s statement finds the near misses', async () => {
    // The expression: the filter alone (with the portal too, PostgreSQL picks by cost between this index and the
    // (organizationId, portalId) one, which here, with a handful of rows, can go either way).
    const key = nearMissFilterSql(t.db.isPostgres, 'email', orgId, [widestKey('ann.lee@x.test')], 1)!;
    assert.match(await plan(`SELECT id FROM portal_accounts WHERE ${key.sql}`, key.params), /IDX_portal_accounts_near_miss_key/);
    const f = nearMissFilterSql(t.db.isPostgres, 'email', orgId, [widestKey('ann.lee@x.test')], 2)!;
    const sql = `SELECT id, email, name FROM portal_accounts WHERE "portalId" = $1 AND ${f.sql} ORDER BY email, id`;
    if (!t.db.isPostgres) assert.match(await plan(sql, [PortalId.MYVISMA, ...f.params]), /IDX_portal_accounts_near_miss_key/);
    const rows = await t.db.sql<{ email: string }>(t.db.manager, sql, [PortalId.MYVISMA, ...f.params]);
    assert.deepEqual(
      rows.map((a) => a.email),
      ['ANN.LEE@x.test', 'ann.lee@z.test'],
    );
  });

  it('a row whose e-mail changes moves to its new key', async () => {
    await t.db.sql(t.db.manager, `UPDATE severa_users SET email = $1 WHERE "organizationId" = $2 AND email = $3`, ['carl.lee@x.test', orgId, 'bo.ek@x.test']);
    const r = t.app.get(HandoffFactsService).nearMissCandidatesRead(orgId, widestKey('Carl.Lee@q.test'));
    const rows = await t.db.readOne(t.db.manager, r);
    assert.deepEqual(
      rows.map((u) => u.email),
      ['ann.leé@x.test', 'carl.lee@x.test'],
    );
  });
});
