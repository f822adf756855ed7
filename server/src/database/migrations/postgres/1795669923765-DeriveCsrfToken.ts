import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeriveCsrfToken1795669923765 implements MigrationInterface {
  name = 'DeriveCsrfToken1795669923765';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "csrfHash"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" ADD "csrfHash" character varying(64) NOT NULL`);
  }
}
