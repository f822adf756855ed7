import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeskDailyWork1796102436104 implements MigrationInterface {
  name = 'DeskDailyWork1796102436104';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ticket_attachments" ("id" character varying(36) NOT NULL, "ticketId" character varying(36) NOT NULL, "commentId" character varying(36), "filename" character varying(255) NOT NULL, "contentType" character varying(100) NOT NULL, "size" integer NOT NULL, "content" text, "refusedReason" character varying(40), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7e5011f87f95e78fe4bd7d982a3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_ticket_attachments_ticket" ON "ticket_attachments"  ("ticketId") `);
    await queryRunner.query(`CREATE TABLE "mailbox_messages" ("id" character varying(36) NOT NULL, "channel" character varying(10) NOT NULL, "recipient" character varying(320) NOT NULL, "recipientNormalized" character varying(320) NOT NULL, "subject" character varying(300) NOT NULL, "body" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_865e565d761179ce3e394b8b619" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_mailbox_recipient" ON "mailbox_messages"  ("recipientNormalized", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "invitation_requests" ("id" character varying(36) NOT NULL, "organizationId" character varying(36) NOT NULL, "ticketId" character varying(36), "email" character varying(320) NOT NULL, "displayName" character varying(200) NOT NULL, "status" character varying(10) NOT NULL, "requestedById" character varying(36) NOT NULL, "decidedById" character varying(36), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "decidedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9e531562b1fbf0e2136d3a3981b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_invitation_requests_org_status" ON "invitation_requests"  ("organizationId", "status") `);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "emailDomains" character varying(500) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "phoneLost" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "firstResponseAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "resolvedAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "waitingForPerson" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "ticket_comments" ADD "kind" character varying(10) NOT NULL DEFAULT 'note'`);
    await queryRunner.query(`ALTER TABLE "ticket_comments" ADD "fromAddress" character varying(320)`);
    await queryRunner.query(`ALTER TABLE "ticket_comments" ALTER COLUMN "authorId" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket_comments" ALTER COLUMN "authorId" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "ticket_comments" DROP COLUMN "fromAddress"`);
    await queryRunner.query(`ALTER TABLE "ticket_comments" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "waitingForPerson"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "resolvedAt"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "firstResponseAt"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "phoneLost"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "emailDomains"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_invitation_requests_org_status"`);
    await queryRunner.query(`DROP TABLE "invitation_requests"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mailbox_recipient"`);
    await queryRunner.query(`DROP TABLE "mailbox_messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ticket_attachments_ticket"`);
    await queryRunner.query(`DROP TABLE "ticket_attachments"`);
  }
}
