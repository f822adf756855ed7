import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL's `q` search on Severa users and portal accounts (common/text-search.ts, bench/README.md "sixth round"):
 * - the e-mail index also holds LOWER(email) and LOWER(name): a search that walks it in e-mail order tests the
 *   index's own lower-cased values (an index-only scan) instead of lower-casing two strings per entry (~3× faster);
 * - the trigram indexes' expressions get a 1,000-entry histogram: with the default 100 the planner saw no sample of a
 *   term in 0.5 % of the rows and took the bitmap over the trigram index (all matches read and sorted) where the walk
 *   meets its rows after a few thousand entries;
 * - no parallel scans of these two tables: the console's reads are short, and starting workers (≈ 40 ms here) costs
 *   more than any of them;
 * - ANALYZE, so that the statistics apply at once.
 */
export class SearchWalkIndexes1796229000000 implements MigrationInterface {
  name = 'SearchWalkIndexes1796229000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['severa_users', 'portal_accounts']) {
      await queryRunner.query(`DROP INDEX "public"."IDX_${table}_email"`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_email" ON "${table}" ("email", "id", (LOWER("email")), (LOWER("name"))) INCLUDE ("name")`);
      for (const column of ['email', 'name']) await queryRunner.query(`ALTER INDEX "public"."IDX_${table}_${column}_trgm" ALTER COLUMN 1 SET STATISTICS 1000`);
      await queryRunner.query(`ALTER TABLE "${table}" SET (parallel_workers = 0)`);
      await queryRunner.query(`ANALYZE "${table}"`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['severa_users', 'portal_accounts']) {
      await queryRunner.query(`ALTER TABLE "${table}" RESET (parallel_workers)`);
      for (const column of ['email', 'name']) await queryRunner.query(`ALTER INDEX "public"."IDX_${table}_${column}_trgm" ALTER COLUMN 1 SET STATISTICS -1`);
      await queryRunner.query(`DROP INDEX "public"."IDX_${table}_email"`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_email" ON "${table}" ("email", "id", "name")`);
    }
  }
}
