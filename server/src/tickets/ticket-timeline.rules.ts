import type { TimelineMessage, TimelineMessageCode, TimelineReasonCode } from '../../../shared/ticket-timeline.js';

/**
 * What the timeline says about an audit event or a comment, as message codes and parameters (pure). The console turns
 * them into sentences in the reader's language. Audit events are never rewritten (the chain is keyed), so this reads
 * every event ever recorded, old ones included; `legacyInboundSubject` reads comments written before bodies held only
 * people's words.
 */

type Json = Record<string, unknown> | null | undefined;

const msg = (code: TimelineMessageCode, params: Record<string, string | number | null | undefined> = {}): TimelineMessage => ({
  code,
  params: Object.fromEntries(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined && e[1] !== '')),
});

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** Reasons the server writes into audit events (then and now), as codes; anything else was typed by a person. */
const REASONS: Record<string, TimelineReasonCode> = {
  'replaced by a new code': 'replaced',
  'revoked by staff': 'revoked-by-staff',
  'ticket resolved': 'ticket-resolved',
  'ticket closed': 'ticket-closed',
  'self-verification': 'self-verification',
  'self-issue': 'self-issue',
  'self-approval': 'self-approval',
  'approval by the requester': 'approval-by-requester',
  'verification-expired': 'verification-expired',
  'approval-expired': 'approval-expired',
};

function reason(v: unknown): { reason?: string; reasonText?: string } {
  const s = text(v);
  if (!s) return {};
  return REASONS[s] ? { reason: REASONS[s] } : { reasonText: s };
}

function withReason(plain: TimelineMessageCode, because: TimelineMessageCode, v: unknown): TimelineMessage {
  const r = reason(v);
  return r.reason || r.reasonText ? msg(because, r) : msg(plain);
}

/** The sign-in methods events name, as codes (one was written as prose). */
const signInMethod = (m: string | undefined): string | undefined => (m === 'passkey (password-less)' ? 'passkey-passwordless' : m);

/** A ticket change: one message per thing that changed (assignment, status, link, subject, lost phone). */
function ticketUpdate(before: Json, after: Json): TimelineMessage[] {
  const out: TimelineMessage[] = [];
  for (const k of Object.keys(after ?? {})) {
    const to = after?.[k];
    if (k === 'assigneeEmail') out.push(to ? msg('assigned', { email: text(to) }) : msg('unassigned'));
    else if (k === 'status') out.push(msg('statusChanged', { from: text(before?.[k]), to: text(to) }));
    else if (k === 'identityEmail') out.push(msg('linked', { email: text(to) }));
    else if (k === 'subject') out.push(msg('subjectChanged'));
    else if (k === 'phoneLost') out.push(msg(to ? 'phoneLostSet' : 'phoneLostCleared'));
  }
  return out.length ? out : [msg('ticketUpdated')];
}

const FIXED: Record<string, TimelineMessageCode> = {
  'recovery-code.requested': 'codeRequested',
  'recovery-code.approved': 'codeApproved',
  // Written by the person's side (Visma Connect sign-in) with the ticket's id.
  'recovery-code.redeemed': 'codeRedeemed',
  'recovery.temporary-access': 'temporaryAccess',
  'totp.enrolment-started': 'totpEnrolmentStarted',
  'totp.enrolled': 'totpEnrolled',
  'emergency-code.issued': 'emergencyCodeIssued',
  'emergency-code.acknowledged': 'emergencyCodeAcknowledged',
  'sms.enrolled': 'smsEnrolled',
};

/** An audit event recorded with the ticket's id. */
export function eventMessages(e: { action: string; before: Json; after: Json }): TimelineMessage[] {
  const a = e.after;
  if (FIXED[e.action]) return [msg(FIXED[e.action])];
  switch (e.action) {
    case 'ticket.created':
      // An e-mail that named a finished or unknown ticket ([#n] in the subject) opened this one.
      return [msg('ticketCreated', { channel: text(a?.channel) }), ...(typeof a?.followUpTo === 'number' ? [msg('followUpUnknown', { number: a.followUpTo })] : [])];
    case 'ticket.updated':
      return ticketUpdate(e.before, a);
    case 'recovery-code.rejected':
      return [withReason('codeRejected', 'codeRejectedBecause', a?.reason)];
    case 'recovery-code.revoked':
      return [withReason('codeRevoked', 'codeRevokedBecause', a?.reason)];
    case 'recovery-code.refused':
      return [msg('codeRefused', reason(a?.reason))];
    case 'recovery-code.issued':
      return [msg('codeIssued', { until: text(a?.expiresAt) })];
    case 'second-factors.reset':
      return [msg(a?.via === 'agent' ? 'factorsResetByAgent' : 'factorsResetByPerson')];
    case 'connect.signed-in':
      return [a?.method ? msg('personSignedInWith', { method: signInMethod(text(a.method)) }) : msg('personSignedIn')];
    case 'invitation.requested':
      return [msg('invitationRequested', { email: text(a?.email) })];
    case 'invitation.confirmed':
      return [msg('invitationConfirmed', { email: text(a?.email) })];
    case 'invitation.rejected':
      return [msg('invitationRejected', { email: text(a?.email) })];
    default:
      return [msg('other', { action: e.action })];
  }
}

/** The comment kinds: a note for the desk, a reply mailed to the person, a received e-mail. */
export function commentMessages(kind: string, legacySubject: string | null): TimelineMessage[] {
  if (kind === 'reply') return [msg('replySent')];
  if (kind === 'inbound') return [legacySubject !== null ? msg('mailReceivedSubject', { subject: legacySubject }) : msg('mailReceived')];
  return [msg('note')];
}

const LEGACY_FIRST_INBOUND = 'E-mail received: ';

/**
 * Comments written before this change opened an e-mail ticket with an English line (`E-mail received: <subject>`)
 * instead of the message's text: those answer the subject, and no body.
 */
export function legacyInboundSubject(kind: string, body: string): string | null {
  return kind === 'inbound' && body.startsWith(LEGACY_FIRST_INBOUND) && !body.includes('\n') ? body.slice(LEGACY_FIRST_INBOUND.length) : null;
}

/** A verification as it stands now: sufficient, expired (it was sufficient), or not sufficient. */
export function verificationMessage(s: { passedCount: number; requiredCount: number; sufficient: boolean; expired: boolean }, wasSufficient: boolean): TimelineMessage {
  const code: TimelineMessageCode = s.sufficient ? 'verificationSufficient' : s.expired && wasSufficient ? 'verificationExpired' : 'verificationInsufficient';
  return msg(code, { passed: s.passedCount, required: s.requiredCount });
}

export const codeExpiredMessage = (wasRequest: boolean): TimelineMessage => msg(wasRequest ? 'requestExpired' : 'codeExpired');
/** A sufficient verification stopped counting (VERIFICATION_VALID_MINUTES) before a newer one was recorded. */
export const verificationLapsedMessage = (minutes: number): TimelineMessage => msg('verificationLapsed', { minutes });
