import { Module } from '@nestjs/common';
import { SignInModule } from '../sign-in/sign-in.module.js';
import { PortalsModule } from '../portals/portals.module.js';
import { AddonChangesService } from './addon-changes.service.js';
import { AddonPreflightService } from './addon-preflight.service.js';
import { AddonsController, OrganizationAddonHistoryController, OrganizationAddonsController } from './addons.controller.js';
import { AddonsService } from './addons.service.js';

@Module({
  imports: [SignInModule, PortalsModule],
  controllers: [AddonsController, OrganizationAddonsController, OrganizationAddonHistoryController],
  providers: [AddonsService, AddonPreflightService, AddonChangesService],
  exports: [AddonsService, AddonPreflightService],
})
export class AddonsModule {}
