/**
 * A ticket's timeline as the API answers it: what happened, as message codes and parameters that the console turns
 * into sentences (`app.tickets.timeline.<code>` in admin-ui/src/i18n/catalog/tickets/, five languages). People's
 * own words (notes, replies, received mail) travel apart, in `body`.
 */
export const TIMELINE_MESSAGE_CODES = [
  'ticketCreated',
  'followUpUnknown',
  'ticketUpdated',
  'assigned',
  'unassigned',
  'statusChanged',
  'linked',
  'subjectChanged',
  'phoneLostSet',
  'phoneLostCleared',
  'codeRequested',
  'codeApproved',
  'codeRejected',
  'codeRejectedBecause',
  'codeIssued',
  'codeRevoked',
  'codeRevokedBecause',
  'codeRefused',
  'codeRedeemed',
  'codeExpired',
  'requestExpired',
  'factorsResetByAgent',
  'factorsResetByPerson',
  'temporaryAccess',
  'personSignedIn',
  'personSignedInWith',
  'totpEnrolmentStarted',
  'totpEnrolled',
  'emergencyCodeIssued',
  'emergencyCodeAcknowledged',
  'smsEnrolled',
  'invitationRequested',
  'invitationConfirmed',
  'invitationRejected',
  'verificationSufficient',
  'verificationInsufficient',
  'verificationExpired',
  'verificationLapsed',
  'note',
  'replySent',
  'mailReceived',
  'mailReceivedSubject',
  'other',
] as const;
export type TimelineMessageCode = (typeof TIMELINE_MESSAGE_CODES)[number];

/**
 * Why a code was revoked, rejected or refused, when the server wrote the reason (the console translates these);
 * a reason a person typed travels as `reasonText`, untranslated.
 */
export const TIMELINE_REASON_CODES = ['replaced', 'revoked-by-staff', 'ticket-resolved', 'ticket-closed', 'self-verification', 'self-issue', 'self-approval', 'approval-by-requester', 'verification-expired', 'approval-expired'] as const;
export type TimelineReasonCode = (typeof TIMELINE_REASON_CODES)[number];

/**
 * Parameters: `until` is an instant (the console formats it as date and time), `status`/`from`/`to` ticket statuses,
 * `channel` a ticket channel, `method` a sign-in method, `reason` a TimelineReasonCode, `reasonText`, `email`,
 * `subject` and `action` plain text, `passed`/`required` counts.
 */
export interface TimelineMessage {
  code: TimelineMessageCode;
  params: Record<string, string | number>;
}

export type TimelineKind = 'event' | 'comment' | 'verification' | 'code-expired' | 'verification-expired';

export interface TimelineEntry<D = string> {
  id: string;
  at: D;
  /** Position in the audit chain where known: orders things that happened within the same millisecond. */
  seq: number | null;
  kind: TimelineKind;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  /** What happened, for the catalogs (at least one). */
  messages: TimelineMessage[];
  /** A person's words (a note, a reply, a received e-mail's text), shown as written; null for events. */
  body: string | null;
  details: Record<string, unknown> | null;
}
