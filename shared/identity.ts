export enum IdentityStatus {
  ACTIVE = 'active',
  INVITED = 'invited',
  DISABLED = 'disabled',
}

/** Seed 003: Required always asks for the second factor; Adaptive asks when the sign-in looks unusual. */
export enum TwoFactorPolicy {
  REQUIRED = 'required',
  ADAPTIVE = 'adaptive',
}

export enum TicketStatus {
  OPEN = 'open',
  VERIFIED = 'verified',
  CODE_ISSUED = 'code-issued',
  RESOLVED = 'resolved',
  CLOSED = 'closed',
}

export enum TicketChannel {
  PHONE = 'phone',
  EMAIL = 'e-mail',
  CHAT = 'chat',
}

export enum RecoveryCodeStatus {
  PENDING_APPROVAL = 'pending-approval',
  ACTIVE = 'active',
  REDEEMED = 'redeemed',
  EXPIRED = 'expired',
  REVOKED = 'revoked',
  REJECTED = 'rejected',
}

export enum OutboxChannel {
  EMAIL = 'email',
  SMS = 'sms',
}

export enum OutboxStatus {
  PENDING = 'pending',
  SENT = 'sent',
  FAILED = 'failed',
  HELD = 'held',
}
