import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL's `q` search on organizations, as SearchWalkIndexes did for Severa users and portal accounts
 * (common/text-search.ts, bench/README.md "tenth round"): the name index holds (name, id, LOWER(name)), so a search
 * alone sorted by name walks it testing the index's own lower-cased name (an index-only scan), and takes its capped
 * total from the same walk; no parallel scans of the table (the console's reads are short).
 */
export class OrganizationNameWalkIndex1796400000101 implements MigrationInterface {
  name = 'OrganizationNameWalkIndex1796400000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_organizations_name"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name", "id", (LOWER("name")))`);
    await queryRunner.query(`ALTER TABLE "organizations" SET (parallel_workers = 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" RESET (parallel_workers)`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organizations_name"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name")`);
  }
}
