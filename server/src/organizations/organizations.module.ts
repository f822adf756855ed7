import { Module } from '@nestjs/common';
import { IdentitiesModule } from '../identities/identities.module.js';
import { OrganizationsController } from './organizations.controller.js';
import { OrganizationsService } from './organizations.service.js';
import { TwoFactorPolicyController } from './two-factor-policy.controller.js';
import { TwoFactorPolicyService } from './two-factor-policy.js';

@Module({
  imports: [IdentitiesModule],
  controllers: [OrganizationsController, TwoFactorPolicyController],
  providers: [OrganizationsService, TwoFactorPolicyService],
  exports: [OrganizationsService, TwoFactorPolicyService],
})
export class OrganizationsModule {}
