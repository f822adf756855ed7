import { Module } from '@nestjs/common';
import { RecoveryModule } from '../recovery/recovery.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { AuthenticatorController } from './authenticator.controller.js';
import { DevicesService } from './devices.service.js';
import { PushController } from './push.controller.js';
import { PushService } from './push.service.js';
import { RememberDeviceService } from './remember-device.service.js';
import { ActivationService } from './activation.service.js';
import { ConnectPagesController } from './connect-pages.controller.js';
import { ConnectRequestGuard } from './connect-request.guard.js';
import { ConnectSessionsService } from './connect-sessions.service.js';
import { ConnectSignInService } from './connect-sign-in.service.js';
import { ConnectController } from './connect.controller.js';
import { EnrolmentService } from './enrolment.service.js';
import { InvitationsController } from './invitations.controller.js';

/** Visma Connect, the user's side: sign-in with 2FA, the one-time code path, enrolment, activation (seeds 001, 003, 004). */
@Module({
  imports: [RecoveryModule, OrganizationsModule],
  controllers: [ConnectController, InvitationsController, ConnectPagesController, PushController, AuthenticatorController],
  providers: [ConnectRequestGuard, ConnectSessionsService, ConnectSignInService, EnrolmentService, ActivationService, DevicesService, PushService, RememberDeviceService],
  exports: [DevicesService],
})
export class ConnectModule {}
