import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The organizations' name index also holds the id (the list's tie-breaker), as the PostgreSQL one does. */
export class OrganizationNameWalkIndex1796400000100 implements MigrationInterface {
  name = 'OrganizationNameWalkIndex1796400000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_organizations_name"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_organizations_name"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name")`);
  }
}
