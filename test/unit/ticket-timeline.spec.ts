import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commentMessages, eventMessages, legacyInboundSubject, verificationMessage } from '../../server/src/tickets/ticket-timeline.rules.js';
import { TIMELINE_MESSAGE_CODES, TIMELINE_REASON_CODES } from '../../shared/ticket-timeline.js';
import { LOCALES } from '../../shared/locales.js';
import { tickets } from '../../admin-ui/src/i18n/catalog/tickets/index.js';

const ev = (action: string, after: Record<string, unknown> | null = null, before: Record<string, unknown> | null = null) => eventMessages({ action, before, after });

describe('the ticket timeline answers codes and parameters', () => {
  it('ticket changes: one message per change, statuses and channels as codes', () => {
    assert.deepEqual(ev('ticket.created', { channel: 'e-mail', number: 3 }), [{ code: 'ticketCreated', params: { channel: 'e-mail' } }]);
    assert.deepEqual(ev('ticket.created', { channel: 'e-mail', number: 4, followUpTo: 999 }), [
      { code: 'ticketCreated', params: { channel: 'e-mail' } },
      { code: 'followUpUnknown', params: { number: 999 } },
    ]);
    assert.deepEqual(ev('ticket.updated', { assigneeId: 'x', assigneeEmail: 'agent@demo.accessdesk.test', status: 'resolved', note: 'done' }, { assigneeId: null, status: 'open' }), [
      { code: 'assigned', params: { email: 'agent@demo.accessdesk.test' } },
      { code: 'statusChanged', params: { from: 'open', to: 'resolved' } },
    ]);
    assert.deepEqual(ev('ticket.updated', { assigneeId: null, assigneeEmail: null }), [{ code: 'unassigned', params: {} }]);
    assert.deepEqual(ev('ticket.updated', { identityId: 'i', identityEmail: 'bella.stone@brightside.test', subject: 'x' }), [
      { code: 'linked', params: { email: 'bella.stone@brightside.test' } },
      { code: 'subjectChanged', params: {} },
    ]);
    assert.deepEqual(ev('ticket.updated', { phoneLost: true }), [{ code: 'phoneLostSet', params: {} }]);
    assert.deepEqual(ev('ticket.updated', {}), [{ code: 'ticketUpdated', params: {} }]);
  });

  it('reasons the server wrote (in any version) become codes; a reason a person typed stays their text', () => {
    assert.deepEqual(ev('recovery-code.revoked', { reason: 'replaced by a new code' }), [{ code: 'codeRevokedBecause', params: { reason: 'replaced' } }]);
    assert.deepEqual(ev('recovery-code.revoked', { reason: 'ticket closed' }), [{ code: 'codeRevokedBecause', params: { reason: 'ticket-closed' } }]);
    assert.deepEqual(ev('recovery-code.rejected', { reason: 'ticket resolved' }), [{ code: 'codeRejectedBecause', params: { reason: 'ticket-resolved' } }]);
    assert.deepEqual(ev('recovery-code.rejected', { reason: 'Caller could not answer' }), [{ code: 'codeRejectedBecause', params: { reasonText: 'Caller could not answer' } }]);
    assert.deepEqual(ev('recovery-code.rejected', { reason: null }), [{ code: 'codeRejected', params: {} }]);
    assert.deepEqual(ev('recovery-code.refused', { reason: 'approval by the requester' }), [{ code: 'codeRefused', params: { reason: 'approval-by-requester' } }]);
    for (const r of ['self-issue', 'self-approval', 'self-verification']) assert.deepEqual(ev('recovery-code.refused', { reason: r }), [{ code: 'codeRefused', params: { reason: r } }]);
  });

  it("the person's side, invitations, and anything else recorded on the ticket", () => {
    assert.deepEqual(ev('recovery-code.issued', { expiresAt: '2026-12-02T10:00:00.000Z' }), [{ code: 'codeIssued', params: { until: '2026-12-02T10:00:00.000Z' } }]);
    assert.deepEqual(ev('second-factors.reset', { via: 'agent' }), [{ code: 'factorsResetByAgent', params: {} }]);
    assert.deepEqual(ev('second-factors.reset', { via: 'self' }), [{ code: 'factorsResetByPerson', params: {} }]);
    assert.deepEqual(ev('connect.signed-in', { method: 'passkey (password-less)' }), [{ code: 'personSignedInWith', params: { method: 'passkey-passwordless' } }]);
    assert.deepEqual(ev('connect.signed-in', { method: 'one-time-code' }), [{ code: 'personSignedInWith', params: { method: 'one-time-code' } }]);
    assert.deepEqual(ev('emergency-code.acknowledged', { stored: true }), [{ code: 'emergencyCodeAcknowledged', params: {} }]);
    assert.deepEqual(ev('invitation.confirmed', { email: 'bella.stone@brightside.test', status: 'confirmed' }), [{ code: 'invitationConfirmed', params: { email: 'bella.stone@brightside.test' } }]);
    assert.deepEqual(ev('something.new'), [{ code: 'other', params: { action: 'something.new' } }]);
  });

  it('comments: the kind is a code, the words are the body; old first messages of e-mail tickets answer their subject', () => {
    assert.deepEqual(commentMessages('note', null), [{ code: 'note', params: {} }]);
    assert.deepEqual(commentMessages('reply', null), [{ code: 'replySent', params: {} }]);
    assert.deepEqual(commentMessages('inbound', null), [{ code: 'mailReceived', params: {} }]);
    assert.equal(legacyInboundSubject('inbound', 'E-mail received: Cannot sign in'), 'Cannot sign in');
    assert.deepEqual(commentMessages('inbound', 'Cannot sign in'), [{ code: 'mailReceivedSubject', params: { subject: 'Cannot sign in' } }]);
    assert.equal(legacyInboundSubject('inbound', 'My phone was stolen.\nPlease help.'), null);
    assert.equal(legacyInboundSubject('note', 'E-mail received: x'), null);
  });

  it('verifications: sufficient, expired or not sufficient, with the counts', () => {
    assert.deepEqual(verificationMessage({ passedCount: 2, requiredCount: 2, sufficient: true, expired: false }, true), { code: 'verificationSufficient', params: { passed: 2, required: 2 } });
    assert.deepEqual(verificationMessage({ passedCount: 2, requiredCount: 2, sufficient: false, expired: true }, true), { code: 'verificationExpired', params: { passed: 2, required: 2 } });
    assert.deepEqual(verificationMessage({ passedCount: 0, requiredCount: 2, sufficient: false, expired: true }, false), { code: 'verificationInsufficient', params: { passed: 0, required: 2 } });
  });

  it('every code and reason has a sentence in every language', () => {
    for (const locale of LOCALES) {
      for (const code of TIMELINE_MESSAGE_CODES) assert.ok(tickets[locale].message[code], `${locale}: message.${code}`);
      for (const r of TIMELINE_REASON_CODES) assert.ok(tickets[locale].reason[r], `${locale}: reason.${r}`);
    }
  });
});
