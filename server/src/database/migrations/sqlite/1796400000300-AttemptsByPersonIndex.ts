import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The diagnosis's recent attempts of one person from one index (the PostgreSQL migration of the same name says why):
 * the e-mail + portal index also holds the organization, so attempts of the same e-mail in other organizations are
 * not read.
 */
export class AttemptsByPersonIndex1796400000300 implements MigrationInterface {
  name = 'AttemptsByPersonIndex1796400000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_login_attempts_email_portal_org_created" ON "login_attempts" ("email", "portalId", "organizationId", "createdAt")`);
    await queryRunner.query(`DROP INDEX "IDX_login_attempts_email_portal_created"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_login_attempts_email_portal_created" ON "login_attempts" ("email", "portalId", "createdAt")`);
    await queryRunner.query(`DROP INDEX "IDX_login_attempts_email_portal_org_created"`);
  }
}
