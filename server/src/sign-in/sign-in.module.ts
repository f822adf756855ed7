import { Module } from '@nestjs/common';
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

@Module({
  controllers: [LoginAttemptsController, HandoffController, SeveraLandingController, DiagnosisController, SeveraDirectController],
  providers: [LoginAttemptsService, HandoffFactsService, HandoffService, SeveraSessionService, DiagnosisService, LoginStatsService, PeopleSearchService, SeveraDirectService],
  exports: [LoginAttemptsService, HandoffFactsService, DiagnosisService],
})
export class SignInModule {}
