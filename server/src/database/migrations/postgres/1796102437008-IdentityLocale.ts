import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityLocale1796102437008 implements MigrationInterface {
  name = 'IdentityLocale1796102437008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identities" ADD "locale" character varying(8)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identities" DROP COLUMN "locale"`);
  }
}
