import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxClaimsAndSealedBodies1796102628024 implements MigrationInterface {
  name = 'OutboxClaimsAndSealedBodies1796102628024';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_outbox_status_created"`);
    await queryRunner.query(`DROP INDEX "IDX_outbox_recipient"`);
    await queryRunner.query(`CREATE TABLE "temporary_outbox_messages" ("id" varchar(36) PRIMARY KEY NOT NULL, "channel" varchar(10) NOT NULL, "kind" varchar(60) NOT NULL, "recipient" varchar(320) NOT NULL, "subject" varchar(300) NOT NULL, "body" text NOT NULL, "status" varchar(10) NOT NULL, "organizationId" varchar(36), "identityId" varchar(36), "ticketId" varchar(36), "attempts" integer NOT NULL DEFAULT (0), "lastError" varchar(500), "createdAt" datetime NOT NULL, "sentAt" datetime, "bodyEnc" text, "nextAttemptAt" datetime, "claimedAt" datetime)`);
    await queryRunner.query(`INSERT INTO "temporary_outbox_messages"("id", "channel", "kind", "recipient", "subject", "body", "status", "organizationId", "identityId", "ticketId", "attempts", "lastError", "createdAt", "sentAt") SELECT "id", "channel", "kind", "recipient", "subject", "body", "status", "organizationId", "identityId", "ticketId", "attempts", "lastError", "createdAt", "sentAt" FROM "outbox_messages"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
    await queryRunner.query(`ALTER TABLE "temporary_outbox_messages" RENAME TO "outbox_messages"`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_status_created" ON "outbox_messages" ("status", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_recipient" ON "outbox_messages" ("recipient") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_outbox_recipient"`);
    await queryRunner.query(`DROP INDEX "IDX_outbox_status_created"`);
    await queryRunner.query(`ALTER TABLE "outbox_messages" RENAME TO "temporary_outbox_messages"`);
    await queryRunner.query(`CREATE TABLE "outbox_messages" ("id" varchar(36) PRIMARY KEY NOT NULL, "channel" varchar(10) NOT NULL, "kind" varchar(60) NOT NULL, "recipient" varchar(320) NOT NULL, "subject" varchar(300) NOT NULL, "body" text NOT NULL, "status" varchar(10) NOT NULL, "organizationId" varchar(36), "identityId" varchar(36), "ticketId" varchar(36), "attempts" integer NOT NULL DEFAULT (0), "lastError" varchar(500), "createdAt" datetime NOT NULL, "sentAt" datetime)`);
    await queryRunner.query(`INSERT INTO "outbox_messages"("id", "channel", "kind", "recipient", "subject", "body", "status", "organizationId", "identityId", "ticketId", "attempts", "lastError", "createdAt", "sentAt") SELECT "id", "channel", "kind", "recipient", "subject", "body", "status", "organizationId", "identityId", "ticketId", "attempts", "lastError", "createdAt", "sentAt" FROM "temporary_outbox_messages"`);
    await queryRunner.query(`DROP TABLE "temporary_outbox_messages"`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_recipient" ON "outbox_messages" ("recipient") `);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_status_created" ON "outbox_messages" ("status", "createdAt") `);
  }
}
