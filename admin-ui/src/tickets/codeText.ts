import type { useTranslate } from 'react-admin';
import { RecoveryCodeStatus } from '../../../shared/index.js';
import { formatRelative } from '../i18n/format';
import type { RecoveryCodeRecord } from './api';

type Translate = ReturnType<typeof useTranslate>;

/** What the status of a code means for the agent on the phone. */
export function statusSentence(c: RecoveryCodeRecord, t: Translate, at: (iso: string | null | undefined) => string, locale: string): string {
  const key = 'app.lostPhone.state.';
  switch (c.status) {
    case RecoveryCodeStatus.PENDING_APPROVAL:
      return t(`${key}pendingApproval`);
    case RecoveryCodeStatus.ACTIVE:
      return t(`${key}active`, { at: at(c.expiresAt), relative: formatRelative(c.expiresAt, locale) });
    case RecoveryCodeStatus.REDEEMED:
      return t(`${key}redeemed`, { at: at(c.redeemedAt) });
    case RecoveryCodeStatus.EXPIRED:
      return t(`${key}expired`, { at: at(c.expiresAt) });
    case RecoveryCodeStatus.REVOKED:
      return t(c.revokedByEmail ? `${key}revokedBy` : `${key}revoked`, { at: at(c.revokedAt), email: c.revokedByEmail });
    case RecoveryCodeStatus.REJECTED:
      return t(c.revokedByEmail ? `${key}rejectedBy` : `${key}rejected`, { at: at(c.revokedAt), email: c.revokedByEmail });
  }
}

/** Who issued (or asked for) the code, when, and who approved it. */
export function issuedSentence(c: RecoveryCodeRecord, t: Translate, at: (iso: string | null | undefined) => string): string {
  const params = { email: c.issuedByEmail ?? c.requestedByEmail, at: at(c.issuedByEmail ? c.issuedAt : c.createdAt), approver: c.approvedByEmail };
  const which = c.issuedByEmail ? (c.approvedByEmail ? 'issuedApproved' : 'issuedBy') : c.approvedByEmail ? 'requestedApproved' : 'requestedBy';
  return t(`app.lostPhone.state.${which}`, params);
}
