import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MergeIdentitiesOrganizations1796109826427 implements MigrationInterface {
  name = 'MergeIdentitiesOrganizations1796109826427';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_identities_email_normalized"`);
    await queryRunner.query(`CREATE TABLE "temporary_identities" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(320) NOT NULL, "emailNormalized" varchar(320) NOT NULL, "displayName" varchar(200) NOT NULL, "passwordHash" varchar(200), "status" varchar(20) NOT NULL DEFAULT ('active'), "totpSecretEnc" text, "totpEnrolledAt" datetime, "totpLastStep" integer, "emergencyCodeHash" varchar(64), "emergencyCodeCreatedAt" datetime, "smsNumber" varchar(32), "smsVerified" boolean NOT NULL DEFAULT (0), "defaultSecondFactor" varchar(20), "vismaAuthenticatorPush" boolean NOT NULL DEFAULT (0), "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required'), "privileged" boolean NOT NULL DEFAULT (0), "failedSignIns" integer NOT NULL DEFAULT (0), "lockedUntil" datetime, "failedOneTimeCodes" integer NOT NULL DEFAULT (0), "oneTimeCodeLockedUntil" datetime, "createdAt" datetime NOT NULL, "updatedAt" datetime NOT NULL, "lastSecondFactorAt" datetime)`);
    await queryRunner.query(`INSERT INTO "temporary_identities"("id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "defaultSecondFactor", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt") SELECT "id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "defaultSecondFactor", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt" FROM "identities"`);
    await queryRunner.query(`DROP TABLE "identities"`);
    await queryRunner.query(`ALTER TABLE "temporary_identities" RENAME TO "identities"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_identities_email_normalized" ON "identities" ("emailNormalized") `);
    await queryRunner.query(`DROP INDEX "IDX_organizations_name"`);
    await queryRunner.query(`CREATE TABLE "temporary_organizations" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "severaStatus" varchar(10) NOT NULL DEFAULT ('active'), "severaEndedAt" datetime, "createdAt" datetime NOT NULL, "emailDomains" varchar(500) NOT NULL DEFAULT (''), "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required'))`);
    await queryRunner.query(`INSERT INTO "temporary_organizations"("id", "name", "severaStatus", "severaEndedAt", "createdAt", "emailDomains") SELECT "id", "name", "severaStatus", "severaEndedAt", "createdAt", "emailDomains" FROM "organizations"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
    await queryRunner.query(`ALTER TABLE "temporary_organizations" RENAME TO "organizations"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_organizations_name"`);
    await queryRunner.query(`ALTER TABLE "organizations" RENAME TO "temporary_organizations"`);
    await queryRunner.query(`CREATE TABLE "organizations" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "severaStatus" varchar(10) NOT NULL DEFAULT ('active'), "severaEndedAt" datetime, "createdAt" datetime NOT NULL, "emailDomains" varchar(500) NOT NULL DEFAULT (''))`);
    await queryRunner.query(`INSERT INTO "organizations"("id", "name", "severaStatus", "severaEndedAt", "createdAt", "emailDomains") SELECT "id", "name", "severaStatus", "severaEndedAt", "createdAt", "emailDomains" FROM "temporary_organizations"`);
    await queryRunner.query(`DROP TABLE "temporary_organizations"`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_name" ON "organizations" ("name") `);
    await queryRunner.query(`DROP INDEX "UQ_identities_email_normalized"`);
    await queryRunner.query(`ALTER TABLE "identities" RENAME TO "temporary_identities"`);
    await queryRunner.query(`CREATE TABLE "identities" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(320) NOT NULL, "emailNormalized" varchar(320) NOT NULL, "displayName" varchar(200) NOT NULL, "passwordHash" varchar(200), "status" varchar(20) NOT NULL DEFAULT ('active'), "totpSecretEnc" text, "totpEnrolledAt" datetime, "totpLastStep" integer, "emergencyCodeHash" varchar(64), "emergencyCodeCreatedAt" datetime, "smsNumber" varchar(32), "smsVerified" boolean NOT NULL DEFAULT (0), "defaultSecondFactor" varchar(20), "vismaAuthenticatorPush" boolean NOT NULL DEFAULT (0), "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required'), "privileged" boolean NOT NULL DEFAULT (0), "failedSignIns" integer NOT NULL DEFAULT (0), "lockedUntil" datetime, "failedOneTimeCodes" integer NOT NULL DEFAULT (0), "oneTimeCodeLockedUntil" datetime, "createdAt" datetime NOT NULL, "updatedAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "identities"("id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "defaultSecondFactor", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt") SELECT "id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "defaultSecondFactor", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt" FROM "temporary_identities"`);
    await queryRunner.query(`DROP TABLE "temporary_identities"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_identities_email_normalized" ON "identities" ("emailNormalized") `);
  }
}
