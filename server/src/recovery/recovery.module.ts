import { Module } from '@nestjs/common';
import { RecoveryController } from './recovery.controller.js';
import { RecoveryService } from './recovery.service.js';
import { RecoveryChecks } from './recovery-code.checks.js';
import { SecondFactorsController } from './second-factors.controller.js';
import { SecondFactorsService } from './second-factors.service.js';
import { SecondFactorsResetService } from './second-factors-reset.service.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { IdentitiesModule } from '../identities/identities.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';

/** The desk's side of lost-phone recovery. Exports RecoveryService (redeem) and, through TicketsModule, TicketsService and TicketChangesService. */
@Module({
  imports: [TicketsModule, IdentitiesModule, OrganizationsModule],
  controllers: [RecoveryController, SecondFactorsController],
  providers: [RecoveryService, RecoveryChecks, SecondFactorsService, SecondFactorsResetService],
  exports: [RecoveryService, TicketsModule],
})
export class RecoveryModule {}
