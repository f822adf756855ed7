import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './create-test-app.js';

describe('schema', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ demo: false });
  });
  after(async () => t.close());

  it('migrations and entities agree (generating a migration from the entities yields nothing)', async () => {
    const log = await t.ds.driver.createSchemaBuilder().log();
    assert.deepEqual(log.upQueries.map((q) => q.query), []);
  });

  it('every migration is applied and none is pending', async () => {
    assert.equal(await t.ds.showMigrations(), false);
    const applied = await t.ds.query('SELECT name FROM migrations');
    assert.equal(applied.length, t.ds.migrations.length);
  });

  it('the drift check notices a missing column', async () => {
    await t.ds.query('ALTER TABLE organizations DROP COLUMN "severaEndedAt"');
    const log = await t.ds.driver.createSchemaBuilder().log();
    assert.ok(log.upQueries.some((q) => q.query.includes('severaEndedAt')));
  });
});
