import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FailureSearchIndex1796188739311 implements MigrationInterface {
  name = 'FailureSearchIndex1796188739311';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_login_attempts_org_result_created" ON "login_attempts" ("organizationId", "result", "createdAt", "email") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_login_attempts_org_result_created"`);
  }
}
