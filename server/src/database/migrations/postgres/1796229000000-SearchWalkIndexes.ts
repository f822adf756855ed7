import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL's `q` search on Severa users and portal accounts (common/text-search.ts, bench/README.md "sixth round"):
 * - the e-mail index also holds LOWER(email) and LOWER(name): a search that walks it in e-mail order tests the
 *   index's own lower-cased values (an index-only scan) instead of lower-casing two strings per entry (~3× faster);
 * - the trigram indexes' expressions get the largest histogram (10,000 entries): the planner estimates a `%term%`
 *   by the share of the histogram that matches. With the default 100 it saw no entry of a term in 0.5 % of the rows
 *   and read all of its matches where a walk of the e-mail index meets the page after a few thousand entries; with
 *   1,000 one term in 0.1 % of the rows hit 10 entries by chance and walked 860,000 entries (0.77 s). With 10,000 a
 *   term under ~0.01 % is taken for rare (its matches are read, a cost bounded by their number) and a common one is
 *   estimated from dozens of entries (measured at 1M: 1,200 for 1,228 matches, 5,001 for 4,952);
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
      for (const column of ['email', 'name']) await queryRunner.query(`ALTER INDEX "public"."IDX_${table}_${column}_trgm" ALTER COLUMN 1 SET STATISTICS 10000`);
      // The e-mail index's LOWER() columns keep no statistics of their own: the planner takes the first index's that it
      // finds for an expression, and these would be the default 100-entry ones.
      for (const n of [3, 4]) await queryRunner.query(`ALTER INDEX "public"."IDX_${table}_email" ALTER COLUMN ${n} SET STATISTICS 0`);
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
