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
import { CodeSignInService } from './code-sign-in.service.js';
import { LostAccessService } from './lost-access.service.js';
import { ConnectController } from './connect.controller.js';
import { EnrolmentService } from './enrolment.service.js';
import { InvitationsController } from './invitations.controller.js';
import { InvitationRequestsController } from './invitation-requests.controller.js';
import { InvitationRequestsService } from './invitation-requests.service.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { ConnectStepUpService } from './connect-step-up.service.js';
import { PasskeyAuthService } from './passkey-auth.service.js';
import { PasskeySignInService } from './passkey-sign-in.service.js';
import { PasskeysController } from './passkeys.controller.js';
import { PasskeysService } from './passkeys.service.js';
import { SecuritySettingsController } from './security-settings.controller.js';
import { SecuritySettingsService } from './security-settings.service.js';
import { ConnectPurge } from './connect.purge.js';

/** Visma Connect, the user's side: sign-in with 2FA, the one-time code path, enrolment, activation (seeds 001, 003, 004). */
@Module({
  imports: [RecoveryModule, TicketsModule, OrganizationsModule],
  controllers: [ConnectController, InvitationsController, InvitationRequestsController, ConnectPagesController, PasskeysController, SecuritySettingsController, PushController, AuthenticatorController],
  providers: [
    ConnectRequestGuard,
    ConnectPurge,
    ConnectSessionsService,
    ConnectSignInService,
    CodeSignInService,
    LostAccessService,
    EnrolmentService,
    ActivationService,
    InvitationRequestsService,
    // passkeys and the security settings (issue 14, part A)
    PasskeyAuthService,
    PasskeySignInService,
    PasskeysService,
    ConnectStepUpService,
    SecuritySettingsService,
    // Visma Authenticator push and remembered devices (issue 14, part B)
    DevicesService,
    PushService,
    RememberDeviceService,
  ],
  exports: [DevicesService],
})
export class ConnectModule {}
