import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HandoffFastPath } from './handoff-fast-path.js';
import { LoginAttemptsController } from './login-attempts.controller.js';
import { LoginAttemptsService } from './login-attempts.service.js';
import { HandoffFactsService } from './handoff-facts.service.js';
import { HandoffController, SeveraLandingController } from './handoff.controller.js';
import { HandoffService } from './handoff.service.js';
import { SeveraSessionService } from './severa-session.service.js';
import { DiagnosisController } from './diagnosis.controller.js';
import { DiagnosisService } from './diagnosis.service.js';
import { LoginStatsService } from './login-stats.service.js';
import { PeopleSearchService } from './people-search.service.js';
import { SeveraDirectController } from './severa-direct.controller.js';
import { SeveraDirectService } from './severa-direct.service.js';
import { SignInPurge } from './sign-in.purge.js';

@Module({
  controllers: [LoginAttemptsController, HandoffController, SeveraLandingController, DiagnosisController, SeveraDirectController],
  providers: [LoginAttemptsService, HandoffFactsService, HandoffService, SeveraSessionService, DiagnosisService, LoginStatsService, PeopleSearchService, SeveraDirectService, SignInPurge],
  exports: [LoginAttemptsService, HandoffFactsService, DiagnosisService],
})
export class SignInModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The hand-off without Nest's router, guards and interceptors (see handoff-fast-path.ts for when it applies).
    consumer.apply(HandoffFastPath).forRoutes({ path: 'portals/:portal/handoff', method: RequestMethod.POST });
  }
}
