import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { StaffAuthController } from './staff-auth.controller.js';
import { StaffAuthService } from './staff-auth.service.js';
import { SessionService } from './session.service.js';
import { SignInLockoutService } from './sign-in-lockout.service.js';
import { AccessGuard } from './access.guard.js';
import { StaffController } from './staff.controller.js';
import { StaffService } from './staff.service.js';
import { IdentitiesModule } from '../identities/identities.module.js';
import { StaffAuthPurge } from './staff-auth.purge.js';

@Global()
@Module({
  imports: [IdentitiesModule],
  controllers: [StaffAuthController, StaffController],
  providers: [StaffService, StaffAuthService, SessionService, SignInLockoutService, StaffAuthPurge, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [StaffAuthService, SessionService, SignInLockoutService],
})
export class StaffAuthModule {}
