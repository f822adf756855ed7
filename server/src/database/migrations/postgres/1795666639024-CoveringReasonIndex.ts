import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CoveringReasonIndex1795666639024 implements MigrationInterface {
  name = 'CoveringReasonIndex1795666639024';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_login_attempt_reasons_reason_created"`);
    await queryRunner.query(`CREATE INDEX "IDX_login_attempt_reasons_reason_created" ON "login_attempt_reasons"  ("reason", "createdAt", "attemptId") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_login_attempt_reasons_reason_created"`);
    await queryRunner.query(`CREATE INDEX "IDX_login_attempt_reasons_reason_created" ON "login_attempt_reasons" USING btree ("reason", "createdAt") `);
  }
}
