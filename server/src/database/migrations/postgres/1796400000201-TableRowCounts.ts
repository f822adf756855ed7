import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL: the organizations' row count, kept exact in the same transaction by statement triggers (inserts, deletes,
 * TRUNCATE), so the unfiltered organizations list (the console's Organizations page, 100,000 rows at scale) reads its
 * total from one row instead of counting the table (~10 ms at 100,000; common/pagination.ts `ListSpec.rowCount`).
 * SQLite counts the same table from its smallest index in ~2 ms and keeps counting. Organizations are added and
 * removed rarely, so the one row is no point of contention. No entity: only PostgreSQL has the table.
 */
export class TableRowCounts1796400000201 implements MigrationInterface {
  name = 'TableRowCounts1796400000201';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "table_row_counts" ("table" character varying(63) NOT NULL, "count" bigint NOT NULL, CONSTRAINT "PK_table_row_counts" PRIMARY KEY ("table"))`);
    await queryRunner.query(`INSERT INTO table_row_counts ("table", count) SELECT 'organizations', COUNT(*) FROM organizations`);
    await queryRunner.query(`CREATE FUNCTION table_row_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      UPDATE table_row_counts SET count = count + (SELECT COUNT(*) FROM new_rows) WHERE "table" = TG_TABLE_NAME; RETURN NULL; END $$`);
    await queryRunner.query(`CREATE FUNCTION table_row_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      UPDATE table_row_counts SET count = count - (SELECT COUNT(*) FROM old_rows) WHERE "table" = TG_TABLE_NAME; RETURN NULL; END $$`);
    await queryRunner.query(`CREATE FUNCTION table_row_counts_emptied() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      UPDATE table_row_counts SET count = 0 WHERE "table" = TG_TABLE_NAME; RETURN NULL; END $$`);
    await queryRunner.query(`CREATE TRIGGER organizations_count_ai AFTER INSERT ON organizations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION table_row_counts_added()`);
    await queryRunner.query(`CREATE TRIGGER organizations_count_ad AFTER DELETE ON organizations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION table_row_counts_removed()`);
    await queryRunner.query(`CREATE TRIGGER organizations_count_at AFTER TRUNCATE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION table_row_counts_emptied()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of ['at', 'ad', 'ai']) await queryRunner.query(`DROP TRIGGER organizations_count_${t} ON organizations`);
    for (const f of ['emptied', 'removed', 'added']) await queryRunner.query(`DROP FUNCTION table_row_counts_${f}()`);
    await queryRunner.query(`DROP TABLE "table_row_counts"`);
  }
}
