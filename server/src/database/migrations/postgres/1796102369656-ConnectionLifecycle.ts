import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectionLifecycle1796102369656 implements MigrationInterface {
  name = 'ConnectionLifecycle1796102369656';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "connection_rejections" ("connectionId" character varying(36) NOT NULL, "bucket" TIMESTAMP WITH TIME ZONE NOT NULL, "kind" character varying(20) NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_d9f4dea6f0aa53a0a9a1cf09120" PRIMARY KEY ("connectionId", "bucket", "kind"))`);
    await queryRunner.query(`CREATE INDEX "IDX_connection_rejections_bucket" ON "connection_rejections"  ("bucket") `);
    await queryRunner.query(`ALTER TABLE "portal_connections" ADD "previousSecretEnc" text`);
    await queryRunner.query(`ALTER TABLE "portal_connections" ADD "previousSecretUntil" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "portal_connections" ADD "previousSecretLastUsedAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "portal_connections" ADD "unverifiedSince" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "portal_connections" ADD "allowedSources" character varying(2000)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "portal_connections" DROP COLUMN "allowedSources"`);
    await queryRunner.query(`ALTER TABLE "portal_connections" DROP COLUMN "unverifiedSince"`);
    await queryRunner.query(`ALTER TABLE "portal_connections" DROP COLUMN "previousSecretLastUsedAt"`);
    await queryRunner.query(`ALTER TABLE "portal_connections" DROP COLUMN "previousSecretUntil"`);
    await queryRunner.query(`ALTER TABLE "portal_connections" DROP COLUMN "previousSecretEnc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_connection_rejections_bucket"`);
    await queryRunner.query(`DROP TABLE "connection_rejections"`);
  }
}
