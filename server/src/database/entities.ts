import { Addon, AddonEvent, AddonOrder, OrganizationAddon } from '../addons/addon.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Identity, IdentityToken, StaffRoleGrant } from '../identities/identity.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { HandoffNonce, Portal, PortalAccount, PortalConnection } from '../portals/portal.entity.js';
import { RecoveryCode } from '../recovery/recovery-code.entity.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { LoginAttempt, LoginAttemptReason, SeveraSession } from '../sign-in/login-attempt.entity.js';
import { AuthChallenge, RateLimitCounter, Session } from '../staff-auth/session.entity.js';
import { AuthenticatorDevice, DeviceNonce, PushRequest } from '../connect/authenticator.entity.js';
import { Ticket, TicketComment, TicketVerification } from '../tickets/ticket.entity.js';

export const ENTITIES = [
  Identity,
  StaffRoleGrant,
  IdentityToken,
  Organization,
  SeveraUser,
  Portal,
  PortalAccount,
  PortalConnection,
  HandoffNonce,
  Addon,
  OrganizationAddon,
  AddonOrder,
  AddonEvent,
  LoginAttempt,
  LoginAttemptReason,
  SeveraSession,
  Ticket,
  TicketComment,
  TicketVerification,
  RecoveryCode,
  AuditEvent,
  OutboxMessage,
  Session,
  AuthChallenge,
  RateLimitCounter,
  AuthenticatorDevice,
  PushRequest,
  DeviceNonce,
];
