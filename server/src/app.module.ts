import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from './config/app-config.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { CoreModule, CoreOverrides } from './core.module.js';
import { AllExceptionsFilter } from './common/http-exception.filter.js';
import { PageInterceptor } from './common/pagination.js';
import { HealthController } from './health/health.controller.js';
import { StaffAuthModule } from './staff-auth/staff-auth.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { SeveraUsersModule } from './severa-users/severa-users.module.js';
import { PortalsModule } from './portals/portals.module.js';
import { IdentitiesModule } from './identities/identities.module.js';
import { SignInModule } from './sign-in/sign-in.module.js';
import { AuditModule } from './audit/audit.module.js';
import { DemoModule } from './demo/demo.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { RecoveryModule } from './recovery/recovery.module.js';
import { AddonsModule } from './addons/addons.module.js';
import { ConnectModule } from './connect/connect.module.js';

/** Domain modules: a new capability adds its module here. */
export const DOMAIN_MODULES = [StaffAuthModule, AuditModule, OrganizationsModule, SeveraUsersModule, PortalsModule, IdentitiesModule, SignInModule, AddonsModule, NotificationsModule, TicketsModule, RecoveryModule, ConnectModule, DemoModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: CoreOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, overrides),
        TypeOrmModule.forRoot(buildDataSourceOptions(config)),
        ...DOMAIN_MODULES,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: PageInterceptor },
      ],
    };
  }
}
