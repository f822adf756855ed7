import { Module } from '@nestjs/common';
import { PortalAccountsController } from './portal-accounts.controller.js';
import { PortalAccountsService } from './portal-accounts.service.js';

@Module({ controllers: [PortalAccountsController], providers: [PortalAccountsService], exports: [PortalAccountsService] })
export class PortalsModule {}
