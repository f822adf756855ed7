import { RecoveryCodeStatus, TicketStatus } from './identity.js';
import type { StaffRole } from './roles.js';

/**
 * Identity checks an agent may perform before a one-time code is issued (lost-phone recovery).
 * A policy (VERIFICATION_CHECKS_REQUIRED, default 2) says how many must pass.
 */
export enum VerificationCheck {
  CALL_BACK = 'call-back',
  SMS_CODE = 'sms-code',
  ORG_ADMIN_CONFIRMATION = 'org-admin-confirmation',
  KNOWLEDGE_QUESTION = 'knowledge-question',
  ID_DOCUMENT = 'id-document',
}

/**
 * The channel a check relies on. `phone-on-record`: the phone (number) stored on the identity — the very phone a
 * lost/stolen ticket says someone else may now hold, so those checks do not count on such a ticket.
 */
export type VerificationChannel = 'phone-on-record' | 'known-contact' | 'video' | 'conversation';

export interface VerificationCheckDefinition {
  id: VerificationCheck;
  channel: VerificationChannel;
  label: string;
  /** What the agent does; shown next to the checkbox. */
  guidance: string;
}

export const VERIFICATION_CHECKS: readonly VerificationCheckDefinition[] = [
  {
    id: VerificationCheck.CALL_BACK,
    channel: 'phone-on-record',
    label: 'Call-back to the phone number on record',
    guidance: 'Hang up and call the number stored on the identity (not a number the caller gives you); the person who answers confirms the request.',
  },
  {
    id: VerificationCheck.SMS_CODE,
    channel: 'phone-on-record',
    label: 'Code sent by SMS to the number on record',
    guidance: 'Send a code to the SMS number stored on the identity and have the caller read it back.',
  },
  {
    id: VerificationCheck.ORG_ADMIN_CONFIRMATION,
    channel: 'known-contact',
    label: "Confirmed by an org admin of the user's organization",
    guidance: "Contact an administrator of the user's organization through a known channel; they confirm the person and the request.",
  },
  {
    id: VerificationCheck.KNOWLEDGE_QUESTION,
    channel: 'conversation',
    label: 'Answer to a question only the user can know',
    guidance: 'Ask about something only the real user knows (e.g. recent work in Severa). Never write the answer itself in the note.',
  },
  {
    id: VerificationCheck.ID_DOCUMENT,
    channel: 'video',
    label: 'ID document seen',
    guidance: 'An official photo ID matching the identity was shown in a video call or in person. Do not store a copy.',
  },
];

export const VERIFICATION_CHECK_IDS: readonly VerificationCheck[] = VERIFICATION_CHECKS.map((c) => c.id);

export const TICKET_STATUSES: readonly TicketStatus[] = [TicketStatus.OPEN, TicketStatus.VERIFIED, TicketStatus.CODE_ISSUED, TicketStatus.RESOLVED, TicketStatus.CLOSED];

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  open: 'Open',
  verified: 'Verified',
  'code-issued': 'Code issued',
  resolved: 'Resolved',
  closed: 'Closed',
};

/**
 * Ticket lifecycle: open → verified → code-issued → resolved | closed. `verified` is reached only by recording a
 * sufficient verification and `code-issued` only by issuing a code. A code-issued ticket resolves by itself when the
 * person has stored the new emergency code; staff may resolve any open ticket by hand with a note, or close it.
 */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: [TicketStatus.VERIFIED, TicketStatus.RESOLVED, TicketStatus.CLOSED],
  verified: [TicketStatus.CODE_ISSUED, TicketStatus.RESOLVED, TicketStatus.CLOSED],
  'code-issued': [TicketStatus.RESOLVED, TicketStatus.CLOSED],
  resolved: [],
  closed: [],
};

/** Statuses an agent may set directly with PUT /api/tickets/:id (the others follow from verification and codes). */
export const MANUAL_TICKET_STATUSES: readonly TicketStatus[] = [TicketStatus.RESOLVED, TicketStatus.CLOSED];

export function canTransition(from: string, to: string): boolean {
  return (TICKET_TRANSITIONS[from as TicketStatus] ?? []).includes(to as TicketStatus);
}

export const TICKET_CHANNEL_LABELS: Record<string, string> = { phone: 'Phone', 'e-mail': 'E-mail', chat: 'Chat' };

/** Limits on one-time codes issued by customer service. */
export const RECOVERY_CODE_LIFETIME = { defaultMinutes: 60, minMinutes: 10, maxMinutes: 24 * 60 } as const;
// Codes per identity and per agent are limits in RATE_LIMITS (recovery-codes-identity, recovery-codes-agent).

export const RECOVERY_CODE_STATUS_LABELS: Record<string, string> = {
  'pending-approval': 'Waiting for approval',
  active: 'Waiting for the user',
  redeemed: 'Redeemed',
  expired: 'Expired',
  revoked: 'Revoked',
  rejected: 'Rejected',
};

/** What staff see of a recovery code: never the code or its hash. `D` is Date on the server, an ISO string in the browser. */
export interface RecoveryCodeView<D = string> {
  id: string;
  identityId: string;
  identityEmail: string | null;
  identityName: string | null;
  ticketId: string;
  ticketNumber: number | null;
  /** Effective status: an active code past its expiry is `expired`. */
  status: RecoveryCodeStatus;
  lifetimeMinutes: number;
  expiresAt: D | null;
  requestedById: string;
  requestedByEmail: string | null;
  issuedById: string | null;
  issuedByEmail: string | null;
  approvedById: string | null;
  approvedByEmail: string | null;
  createdAt: D;
  issuedAt: D | null;
  redeemedAt: D | null;
  /** When it was revoked or its request rejected, and by whom. */
  revokedAt: D | null;
  revokedById: string | null;
  revokedByEmail: string | null;
  /** Why a second supervisor must approve (null when one agent may issue): a code and the roles, the console words it. */
  approval: ApprovalBasis | null;
  /**
   * A request waiting for approval that the server would refuse to approve now, and why: the ticket's verification
   * expired (VERIFICATION_VALID_MINUTES) or is not sufficient, or the ticket was closed or relinked. Null otherwise.
   */
  approvalRefusal: 'verification-expired' | 'verification-required' | 'ticket-changed' | null;
}

/** Why recovering a person's sign-in needs a second supervisor: they hold console roles (`roles`), or are marked privileged. */
export interface ApprovalBasis {
  reason: 'staff-roles' | 'privileged-identity';
  /** The console roles the person holds (empty for `privileged-identity`), in STAFF_ROLES order. */
  roles: StaffRole[];
}

export const APPROVAL_REASONS: readonly ApprovalBasis['reason'][] = ['staff-roles', 'privileged-identity'];

/** `202` from asking for a code for a person with console roles or marked privileged: a request waiting for a second supervisor. */
export interface PendingRecoveryCode {
  id: string;
  status: RecoveryCodeStatus.PENDING_APPROVAL;
  approval: ApprovalBasis;
}

/** `201` from issuing or approving: the only time the code exists outside the person's head. */
export interface IssuedCode<D = string> {
  id: string;
  code: string;
  expiresAt: D;
  status: RecoveryCodeStatus.ACTIVE;
}

/** Why a passed check does not count. */
export type CheckNotCountedReason = 'lost-channel';

/** A recorded check as staff see it: whether it counts toward the required number now. */
export interface VerificationCheckStanding {
  check: VerificationCheck | string;
  channel: VerificationChannel | null;
  passed: boolean;
  counted: boolean;
  notCountedReason: CheckNotCountedReason | null;
  note?: string;
}

/**
 * The rule for one recorded verification (pure; server and console use it): passed checks count unless the ticket
 * says the phone is lost or stolen and the check relies on the phone on record; it counts only until it expires.
 */
export function assessChecks(
  checks: readonly { check: string; passed: boolean; note?: string }[],
  opts: { phoneLost: boolean; requiredCount: number },
): { standings: VerificationCheckStanding[]; passedCount: number; sufficient: boolean } {
  const standings = checks.map((c) => {
    const channel = VERIFICATION_CHECKS.find((d) => (d.id as string) === c.check)?.channel ?? null;
    const lost = opts.phoneLost && channel === 'phone-on-record';
    return { ...c, channel, counted: c.passed && !lost, notCountedReason: c.passed && lost ? ('lost-channel' as const) : null };
  });
  const passedCount = new Set(standings.filter((s) => s.counted).map((s) => s.check)).size;
  return { standings, passedCount, sufficient: passedCount >= opts.requiredCount };
}

/** Default lifetimes (VERIFICATION_VALID_MINUTES, APPROVAL_VALID_MINUTES). */
export const VERIFICATION_VALID_MINUTES_DEFAULT = 30;
export const APPROVAL_VALID_MINUTES_DEFAULT = 60;

/** What the console may offer on a ticket: the server lists the ones it would accept from the caller now. */
export type TicketAction = 'take' | 'link-identity' | 'request-invitation' | 'verify' | 'issue-code' | 'reply' | 'resolve' | 'close' | 'set-phone-lost';
