import { Module } from '@nestjs/common';
import { SignInModule } from '../sign-in/sign-in.module.js';
import { PortalAccountsController } from './portal-accounts.controller.js';
import { PortalAccountsService } from './portal-accounts.service.js';
import { PortalConnectionsController } from './portal-connections.controller.js';
import { PortalConnectionsService } from './portal-connections.service.js';
import { PortalConnectionChangesService } from './portal-connection-changes.service.js';

@Module({
  imports: [SignInModule],
  controllers: [PortalAccountsController, PortalConnectionsController],
  providers: [PortalAccountsService, PortalConnectionsService, PortalConnectionChangesService],
  exports: [PortalAccountsService, PortalConnectionsService, PortalConnectionChangesService],
})
export class PortalsModule {}
