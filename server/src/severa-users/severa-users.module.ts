import { Module } from '@nestjs/common';
import { SeveraUsersController } from './severa-users.controller.js';
import { SeveraUsersService } from './severa-users.service.js';

@Module({ controllers: [SeveraUsersController], providers: [SeveraUsersService], exports: [SeveraUsersService] })
export class SeveraUsersModule {}
