import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectionLifecycle1796102365040 implements MigrationInterface {
  name = 'ConnectionLifecycle1796102365040';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "connection_rejections" ("connectionId" varchar(36) NOT NULL, "bucket" datetime NOT NULL, "kind" varchar(20) NOT NULL, "count" integer NOT NULL DEFAULT (0), PRIMARY KEY ("connectionId", "bucket", "kind"))`);
    await queryRunner.query(`CREATE INDEX "IDX_connection_rejections_bucket" ON "connection_rejections" ("bucket") `);
    await queryRunner.query(`DROP INDEX "UQ_portal_connections_portal_org"`);
    await queryRunner.query(`DROP INDEX "IDX_portal_connections_org"`);
    await queryRunner.query(`CREATE TABLE "temporary_portal_connections" ("id" varchar(36) PRIMARY KEY NOT NULL, "portalId" varchar(20) NOT NULL, "organizationId" varchar(36) NOT NULL, "secretEnc" text NOT NULL, "enabled" boolean NOT NULL DEFAULT (1), "lastSuccessAt" datetime, "lastFailureAt" datetime, "lastFailureCause" varchar(500), "secretRotatedAt" datetime, "createdAt" datetime NOT NULL, "previousSecretEnc" text, "previousSecretUntil" datetime, "previousSecretLastUsedAt" datetime, "unverifiedSince" datetime, "allowedSources" varchar(2000))`);
    await queryRunner.query(`INSERT INTO "temporary_portal_connections"("id", "portalId", "organizationId", "secretEnc", "enabled", "lastSuccessAt", "lastFailureAt", "lastFailureCause", "secretRotatedAt", "createdAt") SELECT "id", "portalId", "organizationId", "secretEnc", "enabled", "lastSuccessAt", "lastFailureAt", "lastFailureCause", "secretRotatedAt", "createdAt" FROM "portal_connections"`);
    await queryRunner.query(`DROP TABLE "portal_connections"`);
    await queryRunner.query(`ALTER TABLE "temporary_portal_connections" RENAME TO "portal_connections"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_portal_connections_portal_org" ON "portal_connections" ("portalId", "organizationId") `);
    await queryRunner.query(`CREATE INDEX "IDX_portal_connections_org" ON "portal_connections" ("organizationId") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_portal_connections_org"`);
    await queryRunner.query(`DROP INDEX "UQ_portal_connections_portal_org"`);
    await queryRunner.query(`ALTER TABLE "portal_connections" RENAME TO "temporary_portal_connections"`);
    await queryRunner.query(`CREATE TABLE "portal_connections" ("id" varchar(36) PRIMARY KEY NOT NULL, "portalId" varchar(20) NOT NULL, "organizationId" varchar(36) NOT NULL, "secretEnc" text NOT NULL, "enabled" boolean NOT NULL DEFAULT (1), "lastSuccessAt" datetime, "lastFailureAt" datetime, "lastFailureCause" varchar(500), "secretRotatedAt" datetime, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "portal_connections"("id", "portalId", "organizationId", "secretEnc", "enabled", "lastSuccessAt", "lastFailureAt", "lastFailureCause", "secretRotatedAt", "createdAt") SELECT "id", "portalId", "organizationId", "secretEnc", "enabled", "lastSuccessAt", "lastFailureAt", "lastFailureCause", "secretRotatedAt", "createdAt" FROM "temporary_portal_connections"`);
    await queryRunner.query(`DROP TABLE "temporary_portal_connections"`);
    await queryRunner.query(`CREATE INDEX "IDX_portal_connections_org" ON "portal_connections" ("organizationId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_portal_connections_portal_org" ON "portal_connections" ("portalId", "organizationId") `);
    await queryRunner.query(`DROP INDEX "IDX_connection_rejections_bucket"`);
    await queryRunner.query(`DROP TABLE "connection_rejections"`);
  }
}
