/**
 * Link tokens and verification codes belong to the recipient alone: staff see that they were sent, not what they are.
 * Idempotent (redacting a redacted body changes nothing). The outbox stores this form as the message body; the deliverable text is sealed separately (OutboxService).
 */
export function redactOutboxBody(body: string): string {
  return body
    .replace(/([?&]token=)(?!\[hidden)[^\s&]+/g, '$1[hidden — only the recipient\'s copy carries it]')
    .replace(/(?<![\w-])\d{6,8}(?![\w-])/g, '[code hidden]') // not order numbers such as AD-2026-000001
    .replace(/\b[0-9A-Z]{4}(-[0-9A-Z]{4}){4}\b/g, '[code hidden]');
}

/**
 * A transport's error message as stored and shown to staff: what the body redaction hides, plus credentials and
 * query strings of any URL it quotes (an SMTP URL with a password, a webhook URL with a key), capped at 500 characters.
 */
export function redactOutboxError(message: string): string {
  return redactOutboxBody(message)
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1[hidden]@')
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s?#]*)\?[^\s]*/gi, '$1?[hidden]')
    .slice(0, 500);
}
