import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL's `q` search on Severa users and portal accounts (common/text-search.ts, bench/README.md "sixth round"):
 * - the e-mail index also holds LOWER(email) and LOWER(name): a search that walks it in e-mail order tests the
 *   index's own lower-cased values (an index-only scan) instead of lower-casing two strings per entry (~3× faster);
 * - no parallel scans of these two tables: the console's reads are short, and starting workers (≈ 40 ms here) costs
 *   more than any of them.
 */
export class SearchWalkIndexes1796229000000 implements MigrationInterface {
  name = 'SearchWalkIndexes1796229000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['severa_users', 'portal_accounts']) {
      await queryRunner.query(`DROP INDEX "public"."IDX_${table}_email"`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_email" ON "${table}" ("email", "id", (LOWER("email")), (LOWER("name"))) INCLUDE ("name")`);
      await queryRunner.query(`ALTER TABLE "${table}" SET (parallel_workers = 0)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['severa_users', 'portal_accounts']) {
      await queryRunner.query(`ALTER TABLE "${table}" RESET (parallel_workers)`);
      await queryRunner.query(`DROP INDEX "public"."IDX_${table}_email"`);
      await queryRunner.query(`CREATE INDEX "IDX_${table}_email" ON "${table}" ("email", "id", "name")`);
    }
  }
}
