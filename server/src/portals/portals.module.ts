import { Module } from '@nestjs/common';
import { PortalAccountsController } from './portal-accounts.controller.js';
import { PortalAccountsService } from './portal-accounts.service.js';
import { PortalConnectionsController } from './portal-connections.controller.js';
import { PortalConnectionsService } from './portal-connections.service.js';

@Module({
  controllers: [PortalAccountsController, PortalConnectionsController],
  providers: [PortalAccountsService, PortalConnectionsService],
  exports: [PortalAccountsService, PortalConnectionsService],
})
export class PortalsModule {}
