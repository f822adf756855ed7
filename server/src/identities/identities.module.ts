import { Module } from '@nestjs/common';
import { IdentitiesController } from './identities.controller.js';
import { IdentitiesService } from './identities.service.js';
import { IdentitiesPurge } from './identities.purge.js';

@Module({ controllers: [IdentitiesController], providers: [IdentitiesService, IdentitiesPurge], exports: [IdentitiesService] })
export class IdentitiesModule {}
