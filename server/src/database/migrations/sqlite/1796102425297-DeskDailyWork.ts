import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeskDailyWork1796102425297 implements MigrationInterface {
  name = 'DeskDailyWork1796102425297';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ticket_attachments" ("id" varchar(36) PRIMARY KEY NOT NULL, "ticketId" varchar(36) NOT NULL, "commentId" varchar(36), "filename" varchar(255) NOT NULL, "contentType" varchar(100) NOT NULL, "size" integer NOT NULL, "content" text, "refusedReason" varchar(40), "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_ticket_attachments_ticket" ON "ticket_attachments" ("ticketId") `);
    await queryRunner.query(`CREATE TABLE "mailbox_messages" ("id" varchar(36) PRIMARY KEY NOT NULL, "channel" varchar(10) NOT NULL, "recipient" varchar(320) NOT NULL, "recipientNormalized" varchar(320) NOT NULL, "subject" varchar(300) NOT NULL, "body" text NOT NULL, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_mailbox_recipient" ON "mailbox_messages" ("recipientNormalized", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "invitation_requests" ("id" varchar(36) PRIMARY KEY NOT NULL, "organizationId" varchar(36) NOT NULL, "ticketId" varchar(36), "email" varchar(320) NOT NULL, "displayName" varchar(200) NOT NULL, "status" varchar(10) NOT NULL, "requestedById" varchar(36) NOT NULL, "decidedById" varchar(36), "createdAt" datetime NOT NULL, "decidedAt" datetime)`);
    await queryRunner.query(`CREATE INDEX "IDX_invitation_requests_org_status" ON "invitation_requests" ("organizationId", "status") `);
    await queryRunner.query(`DROP INDEX "IDX_organizations_name"`);
    await queryRunner.query(`CREATE TABLE "temporary_organizations" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "severaStatus" varchar(10) NOT NULL DEFAULT ('active'), "severaEndedAt" datetime, "createdAt" datetime NOT NULL, "emailDomains" varchar(500) NOT NULL DEFAULT (''))`);
    await queryRunner.query(`INSERT INTO "temporary_organizations"("id", "name", "severaStatus", "severaEndedAt", "createdAt") SELECT "id", "name", "severaStatus", "severaEndedAt", "createdAt" FROM "organizations"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
    await queryRunner.query(`ALTER TABLE "temporary_organizations" RENAME TO "organizations"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name") `);
    await queryRunner.query(`DROP INDEX "IDX_tickets_status_created"`);
    await queryRunner.query(`DROP INDEX "IDX_tickets_identity"`);
    await queryRunner.query(`DROP INDEX "UQ_tickets_number"`);
    await queryRunner.query(`CREATE TABLE "temporary_tickets" ("id" varchar(36) PRIMARY KEY NOT NULL, "number" integer NOT NULL, "identityId" varchar(36), "callerEmail" varchar(320), "organizationId" varchar(36), "channel" varchar(10) NOT NULL, "subject" varchar(200) NOT NULL, "description" text NOT NULL, "status" varchar(20) NOT NULL, "assigneeId" varchar(36), "createdById" varchar(36), "createdAt" datetime NOT NULL, "updatedAt" datetime NOT NULL, "phoneLost" boolean NOT NULL DEFAULT (0), "firstResponseAt" datetime, "resolvedAt" datetime, "waitingForPerson" boolean NOT NULL DEFAULT (0))`);
    await queryRunner.query(`INSERT INTO "temporary_tickets"("id", "number", "identityId", "callerEmail", "organizationId", "channel", "subject", "description", "status", "assigneeId", "createdById", "createdAt", "updatedAt") SELECT "id", "number", "identityId", "callerEmail", "organizationId", "channel", "subject", "description", "status", "assigneeId", "createdById", "createdAt", "updatedAt" FROM "tickets"`);
    await queryRunner.query(`DROP TABLE "tickets"`);
    await queryRunner.query(`ALTER TABLE "temporary_tickets" RENAME TO "tickets"`);
    await queryRunner.query(`CREATE INDEX "IDX_tickets_status_created" ON "tickets" ("status", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_tickets_identity" ON "tickets" ("identityId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_tickets_number" ON "tickets" ("number") `);
    await queryRunner.query(`DROP INDEX "IDX_ticket_comments_ticket"`);
    await queryRunner.query(`CREATE TABLE "temporary_ticket_comments" ("id" varchar(36) PRIMARY KEY NOT NULL, "ticketId" varchar(36) NOT NULL, "authorId" varchar(36) NOT NULL, "body" text NOT NULL, "createdAt" datetime NOT NULL, "kind" varchar(10) NOT NULL DEFAULT ('note'), "fromAddress" varchar(320))`);
    await queryRunner.query(`INSERT INTO "temporary_ticket_comments"("id", "ticketId", "authorId", "body", "createdAt") SELECT "id", "ticketId", "authorId", "body", "createdAt" FROM "ticket_comments"`);
    await queryRunner.query(`DROP TABLE "ticket_comments"`);
    await queryRunner.query(`ALTER TABLE "temporary_ticket_comments" RENAME TO "ticket_comments"`);
    await queryRunner.query(`CREATE INDEX "IDX_ticket_comments_ticket" ON "ticket_comments" ("ticketId", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_ticket_comments_ticket"`);
    await queryRunner.query(`CREATE TABLE "temporary_ticket_comments" ("id" varchar(36) PRIMARY KEY NOT NULL, "ticketId" varchar(36) NOT NULL, "authorId" varchar(36), "body" text NOT NULL, "createdAt" datetime NOT NULL, "kind" varchar(10) NOT NULL DEFAULT ('note'), "fromAddress" varchar(320))`);
    await queryRunner.query(`INSERT INTO "temporary_ticket_comments"("id", "ticketId", "authorId", "body", "createdAt", "kind", "fromAddress") SELECT "id", "ticketId", "authorId", "body", "createdAt", "kind", "fromAddress" FROM "ticket_comments"`);
    await queryRunner.query(`DROP TABLE "ticket_comments"`);
    await queryRunner.query(`ALTER TABLE "temporary_ticket_comments" RENAME TO "ticket_comments"`);
    await queryRunner.query(`CREATE INDEX "IDX_ticket_comments_ticket" ON "ticket_comments" ("ticketId", "createdAt") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_ticket_comments_ticket"`);
    await queryRunner.query(`ALTER TABLE "ticket_comments" RENAME TO "temporary_ticket_comments"`);
    await queryRunner.query(`CREATE TABLE "ticket_comments" ("id" varchar(36) PRIMARY KEY NOT NULL, "ticketId" varchar(36) NOT NULL, "authorId" varchar(36) NOT NULL, "body" text NOT NULL, "createdAt" datetime NOT NULL, "kind" varchar(10) NOT NULL DEFAULT ('note'), "fromAddress" varchar(320))`);
    await queryRunner.query(`INSERT INTO "ticket_comments"("id", "ticketId", "authorId", "body", "createdAt", "kind", "fromAddress") SELECT "id", "ticketId", "authorId", "body", "createdAt", "kind", "fromAddress" FROM "temporary_ticket_comments"`);
    await queryRunner.query(`DROP TABLE "temporary_ticket_comments"`);
    await queryRunner.query(`CREATE INDEX "IDX_ticket_comments_ticket" ON "ticket_comments" ("ticketId", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_ticket_comments_ticket"`);
    await queryRunner.query(`ALTER TABLE "ticket_comments" RENAME TO "temporary_ticket_comments"`);
    await queryRunner.query(`CREATE TABLE "ticket_comments" ("id" varchar(36) PRIMARY KEY NOT NULL, "ticketId" varchar(36) NOT NULL, "authorId" varchar(36) NOT NULL, "body" text NOT NULL, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "ticket_comments"("id", "ticketId", "authorId", "body", "createdAt") SELECT "id", "ticketId", "authorId", "body", "createdAt" FROM "temporary_ticket_comments"`);
    await queryRunner.query(`DROP TABLE "temporary_ticket_comments"`);
    await queryRunner.query(`CREATE INDEX "IDX_ticket_comments_ticket" ON "ticket_comments" ("ticketId", "createdAt") `);
    await queryRunner.query(`DROP INDEX "UQ_tickets_number"`);
    await queryRunner.query(`DROP INDEX "IDX_tickets_identity"`);
    await queryRunner.query(`DROP INDEX "IDX_tickets_status_created"`);
    await queryRunner.query(`ALTER TABLE "tickets" RENAME TO "temporary_tickets"`);
    await queryRunner.query(`CREATE TABLE "tickets" ("id" varchar(36) PRIMARY KEY NOT NULL, "number" integer NOT NULL, "identityId" varchar(36), "callerEmail" varchar(320), "organizationId" varchar(36), "channel" varchar(10) NOT NULL, "subject" varchar(200) NOT NULL, "description" text NOT NULL, "status" varchar(20) NOT NULL, "assigneeId" varchar(36), "createdById" varchar(36), "createdAt" datetime NOT NULL, "updatedAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "tickets"("id", "number", "identityId", "callerEmail", "organizationId", "channel", "subject", "description", "status", "assigneeId", "createdById", "createdAt", "updatedAt") SELECT "id", "number", "identityId", "callerEmail", "organizationId", "channel", "subject", "description", "status", "assigneeId", "createdById", "createdAt", "updatedAt" FROM "temporary_tickets"`);
    await queryRunner.query(`DROP TABLE "temporary_tickets"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_tickets_number" ON "tickets" ("number") `);
    await queryRunner.query(`CREATE INDEX "IDX_tickets_identity" ON "tickets" ("identityId") `);
    await queryRunner.query(`CREATE INDEX "IDX_tickets_status_created" ON "tickets" ("status", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_organizations_name"`);
    await queryRunner.query(`ALTER TABLE "organizations" RENAME TO "temporary_organizations"`);
    await queryRunner.query(`CREATE TABLE "organizations" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "severaStatus" varchar(10) NOT NULL DEFAULT ('active'), "severaEndedAt" datetime, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "organizations"("id", "name", "severaStatus", "severaEndedAt", "createdAt") SELECT "id", "name", "severaStatus", "severaEndedAt", "createdAt" FROM "temporary_organizations"`);
    await queryRunner.query(`DROP TABLE "temporary_organizations"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name") `);
    await queryRunner.query(`DROP INDEX "IDX_invitation_requests_org_status"`);
    await queryRunner.query(`DROP TABLE "invitation_requests"`);
    await queryRunner.query(`DROP INDEX "IDX_mailbox_recipient"`);
    await queryRunner.query(`DROP TABLE "mailbox_messages"`);
    await queryRunner.query(`DROP INDEX "IDX_ticket_attachments_ticket"`);
    await queryRunner.query(`DROP TABLE "ticket_attachments"`);
  }
}
