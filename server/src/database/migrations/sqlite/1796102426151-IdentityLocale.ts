import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityLocale1796102426151 implements MigrationInterface {
  name = 'IdentityLocale1796102426151';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_identities_email_normalized"`);
    await queryRunner.query(`CREATE TABLE "temporary_identities" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(320) NOT NULL, "emailNormalized" varchar(320) NOT NULL, "displayName" varchar(200) NOT NULL, "passwordHash" varchar(200), "status" varchar(20) NOT NULL DEFAULT ('active'), "totpSecretEnc" text, "totpEnrolledAt" datetime, "totpLastStep" integer, "emergencyCodeHash" varchar(64), "emergencyCodeCreatedAt" datetime, "smsNumber" varchar(32), "smsVerified" boolean NOT NULL DEFAULT (0), "passkeys" text NOT NULL DEFAULT ('[]'), "vismaAuthenticatorPush" boolean NOT NULL DEFAULT (0), "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required'), "privileged" boolean NOT NULL DEFAULT (0), "failedSignIns" integer NOT NULL DEFAULT (0), "lockedUntil" datetime, "failedOneTimeCodes" integer NOT NULL DEFAULT (0), "oneTimeCodeLockedUntil" datetime, "createdAt" datetime NOT NULL, "updatedAt" datetime NOT NULL, "locale" varchar(8))`);
    await queryRunner.query(`INSERT INTO "temporary_identities"("id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "passkeys", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt") SELECT "id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "passkeys", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt" FROM "identities"`);
    await queryRunner.query(`DROP TABLE "identities"`);
    await queryRunner.query(`ALTER TABLE "temporary_identities" RENAME TO "identities"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_identities_email_normalized" ON "identities" ("emailNormalized") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_identities_email_normalized"`);
    await queryRunner.query(`ALTER TABLE "identities" RENAME TO "temporary_identities"`);
    await queryRunner.query(`CREATE TABLE "identities" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(320) NOT NULL, "emailNormalized" varchar(320) NOT NULL, "displayName" varchar(200) NOT NULL, "passwordHash" varchar(200), "status" varchar(20) NOT NULL DEFAULT ('active'), "totpSecretEnc" text, "totpEnrolledAt" datetime, "totpLastStep" integer, "emergencyCodeHash" varchar(64), "emergencyCodeCreatedAt" datetime, "smsNumber" varchar(32), "smsVerified" boolean NOT NULL DEFAULT (0), "passkeys" text NOT NULL DEFAULT ('[]'), "vismaAuthenticatorPush" boolean NOT NULL DEFAULT (0), "twoFactorPolicy" varchar(20) NOT NULL DEFAULT ('required'), "privileged" boolean NOT NULL DEFAULT (0), "failedSignIns" integer NOT NULL DEFAULT (0), "lockedUntil" datetime, "failedOneTimeCodes" integer NOT NULL DEFAULT (0), "oneTimeCodeLockedUntil" datetime, "createdAt" datetime NOT NULL, "updatedAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "identities"("id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "passkeys", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt") SELECT "id", "email", "emailNormalized", "displayName", "passwordHash", "status", "totpSecretEnc", "totpEnrolledAt", "totpLastStep", "emergencyCodeHash", "emergencyCodeCreatedAt", "smsNumber", "smsVerified", "passkeys", "vismaAuthenticatorPush", "twoFactorPolicy", "privileged", "failedSignIns", "lockedUntil", "failedOneTimeCodes", "oneTimeCodeLockedUntil", "createdAt", "updatedAt" FROM "temporary_identities"`);
    await queryRunner.query(`DROP TABLE "temporary_identities"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_identities_email_normalized" ON "identities" ("emailNormalized") `);
  }
}
