import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeriveCsrfToken1795669922560 implements MigrationInterface {
  name = 'DeriveCsrfToken1795669922560';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_sessions_identity"`);
    await queryRunner.query(`CREATE TABLE "temporary_sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "kind" varchar(10) NOT NULL, "identityId" varchar(36) NOT NULL, "createdAt" datetime NOT NULL, "lastSeenAt" datetime NOT NULL, "absoluteExpiresAt" datetime NOT NULL, "steppedUpAt" datetime, "revokedAt" datetime, "ip" varchar(64), "data" text)`);
    await queryRunner.query(`INSERT INTO "temporary_sessions"("id", "kind", "identityId", "createdAt", "lastSeenAt", "absoluteExpiresAt", "steppedUpAt", "revokedAt", "ip", "data") SELECT "id", "kind", "identityId", "createdAt", "lastSeenAt", "absoluteExpiresAt", "steppedUpAt", "revokedAt", "ip", "data" FROM "sessions"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`ALTER TABLE "temporary_sessions" RENAME TO "sessions"`);
    await queryRunner.query(`CREATE INDEX "IDX_sessions_identity" ON "sessions" ("identityId") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_sessions_identity"`);
    await queryRunner.query(`ALTER TABLE "sessions" RENAME TO "temporary_sessions"`);
    await queryRunner.query(`CREATE TABLE "sessions" ("id" varchar(64) PRIMARY KEY NOT NULL, "kind" varchar(10) NOT NULL, "identityId" varchar(36) NOT NULL, "csrfHash" varchar(64) NOT NULL, "createdAt" datetime NOT NULL, "lastSeenAt" datetime NOT NULL, "absoluteExpiresAt" datetime NOT NULL, "steppedUpAt" datetime, "revokedAt" datetime, "ip" varchar(64), "data" text)`);
    await queryRunner.query(`INSERT INTO "sessions"("id", "kind", "identityId", "createdAt", "lastSeenAt", "absoluteExpiresAt", "steppedUpAt", "revokedAt", "ip", "data") SELECT "id", "kind", "identityId", "createdAt", "lastSeenAt", "absoluteExpiresAt", "steppedUpAt", "revokedAt", "ip", "data" FROM "temporary_sessions"`);
    await queryRunner.query(`DROP TABLE "temporary_sessions"`);
    await queryRunner.query(`CREATE INDEX "IDX_sessions_identity" ON "sessions" ("identityId") `);
  }
}
