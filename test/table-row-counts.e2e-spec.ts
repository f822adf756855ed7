import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, ORG_ADMIN, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { SeveraSubscriptionStatus } from '../shared/sign-in.js';
import { TableRowCounts1796400000201 } from '../server/src/database/migrations/postgres/1796400000201-TableRowCounts.js';

/**
 * The unfiltered organizations list takes its total from a row count its triggers keep (PostgreSQL,
 * `table_row_counts`); it must always be the table's COUNT(*): after single and multi-row inserts and deletes,
 * a rolled-back transaction, concurrent writers, the migration's backfill. Filters and scopes still count.
 */
describe('the organizations list total', () => {
  let t: TestApp;
  let sup: StaffClient;
  const org = (name: string): Partial<Organization> => ({ id: randomUUID(), name, severaStatus: SeveraSubscriptionStatus.ACTIVE, severaEndedAt: null, createdAt: t.clock.now() });

  before(async () => {
    t = await createTestApp();
    sup = await t.signIn(SUPERVISOR);
  });
  after(async () => t.close());

  async function listTotal(client: StaffClient = sup, filter: Record<string, unknown> = {}): Promise<number> {
    const r = await client.get(`/api/organizations?filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,4]&sort=["name","ASC"]`);
    assert.equal(r.status, 200);
    return Number(/\/(\d+)$/.exec(r.headers['content-range'])![1]);
  }
  const counted = async () => Number((await t.ds.query(`SELECT COUNT(*) AS n FROM organizations`))[0].n);
  async function assertInStep(what: string): Promise<number> {
    const n = await counted();
    assert.equal(await listTotal(), n, what);
    if (t.db.isPostgres) assert.equal(Number((await t.ds.query(`SELECT count FROM table_row_counts WHERE "table" = 'organizations'`))[0].count), n, `${what}: the kept row`);
    return n;
  }

  it('equals COUNT(*) after inserts and deletes, one row and many per statement', async () => {
    const n0 = await assertInStep('demo data');
    assert.ok(n0 > 0);
    await t.ds.getRepository(Organization).insert(org('Single Oy'));
    assert.equal(await assertInStep('one inserted'), n0 + 1);
    const many = Array.from({ length: 40 }, (_, i) => org(`Many ${i} Ab`));
    await t.ds.getRepository(Organization).insert(many);
    assert.equal(await assertInStep('40 inserted in one statement'), n0 + 41);
    await t.ds.getRepository(Organization).delete(many.slice(0, 15).map((o) => o.id!));
    await t.ds.getRepository(Organization).delete(many[20].id!);
    assert.equal(await assertInStep('16 deleted'), n0 + 25);
    await t.ds.query(`DELETE FROM organizations WHERE name LIKE 'Nothing matches this%'`);
    assert.equal(await assertInStep('a delete of nothing'), n0 + 25);
  });

  it('a rolled-back transaction changes nothing; concurrent writers each count', async () => {
    const n0 = await assertInStep('before');
    await assert.rejects(
      t.db.tx(async (m) => {
        await m.getRepository(Organization).insert([org('Rolled Back 1'), org('Rolled Back 2')]);
        throw new Error('rolled back');
      }),
    );
    assert.equal(await assertInStep('after a rollback'), n0);
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.db.tx((m) => m.getRepository(Organization).insert([org(`Concurrent ${i} a`), org(`Concurrent ${i} b`)]))));
    assert.equal(await assertInStep('12 concurrent transactions of two'), n0 + 24);
  });

  it('a filter, a search or a scope counts its own rows', async () => {
    const all = await counted();
    assert.equal(await listTotal(sup, { severaStatus: 'active' }), Number((await t.ds.query(`SELECT COUNT(*) AS n FROM organizations WHERE "severaStatus" = 'active'`))[0].n));
    assert.equal(await listTotal(sup, { q: 'concurrent' }), 24);
    const admin = await t.signIn(ORG_ADMIN);
    const mine = await listTotal(admin);
    assert.equal(mine, admin.user.organizationIds.length);
    assert.ok(mine < all);
  });

  it('PostgreSQL: the migration fills the row from the table; TRUNCATE empties it', async (c) => {
    if (!t.db.isPostgres) return c.skip('PostgreSQL only');
    const qr = t.ds.createQueryRunner();
    try {
      const migration = new TableRowCounts1796400000201();
      await migration.down(qr);
      await t.ds.getRepository(Organization).insert(org('While Not Counted'));
      await migration.up(qr);
    } finally {
      await qr.release();
    }
    await assertInStep('after the migration ran again');
    await t.ds.query(`TRUNCATE organizations CASCADE`);
    assert.equal(Number((await t.ds.query(`SELECT count FROM table_row_counts WHERE "table" = 'organizations'`))[0].count), 0);
  });
});
