import { Addon, AddonEvent, AddonOrder, OrganizationAddon } from '../addons/addon.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Identity, IdentityToken, StaffRoleGrant } from '../identities/identity.entity.js';
import { WebAuthnCredential } from '../identities/webauthn-credential.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { ConnectionRejection, HandoffNonce, Portal, PortalAccount, PortalConnection } from '../portals/portal.entity.js';
import { RecoveryCode } from '../recovery/recovery-code.entity.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { LoginAttempt, LoginAttemptReason, LoginAttemptReasonDay, SeveraSession } from '../sign-in/login-attempt.entity.js';
import { AuthChallenge, Session } from '../staff-auth/session.entity.js';
import { RateLimitCounter } from '../common/rate-limit-counter.entity.js';
import { OneTimeStepRecord } from '../common/one-time-step.entity.js';
import { Ticket, TicketAttachment, TicketComment, TicketVerification } from '../tickets/ticket.entity.js';
import { MailboxMessage } from '../notifications/mailbox-message.entity.js';
import { InvitationRequest } from '../identities/invitation-request.entity.js';
import { AuthenticatorDevice, DeviceNonce, PushRequest } from '../connect/authenticator.entity.js';

export const ENTITIES = [
  Identity,
  StaffRoleGrant,
  IdentityToken,
  Organization,
  SeveraUser,
  Portal,
  PortalAccount,
  PortalConnection,
  ConnectionRejection,
  HandoffNonce,
  Addon,
  OrganizationAddon,
  AddonOrder,
  AddonEvent,
  LoginAttempt,
  LoginAttemptReason,
  LoginAttemptReasonDay,
  SeveraSession,
  Ticket,
  TicketComment,
  TicketVerification,
  TicketAttachment,
  MailboxMessage,
  InvitationRequest,
  RecoveryCode,
  AuditEvent,
  OutboxMessage,
  Session,
  AuthChallenge,
  RateLimitCounter,
  WebAuthnCredential,
  AuthenticatorDevice,
  PushRequest,
  DeviceNonce,
  OneTimeStepRecord,
];
