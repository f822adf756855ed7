/**
 * Pure rules for mail that arrives at the support address: threading, the MIME-bomb pre-check and the attachment
 * policy. The listener (inbound-mail.listener.ts) applies them; unit tests call them directly.
 */

/** `[#12]` anywhere in the subject names ticket 12 (the last one when several appear). */
export function ticketNumberInSubject(subject: string): number | null {
  const all = [...subject.matchAll(/\[#(\d{1,9})\]/g)];
  if (all.length === 0) return null;
  const n = Number(all[all.length - 1][1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export const INBOUND_LIMITS = {
  /** Multipart containers (nesting and siblings): more is treated as a MIME bomb. */
  maxMultiparts: 10,
  /** MIME parts of any kind. */
  maxParts: 50,
  /** Header lines of one part. */
  maxHeaderLines: 500,
  /** Attachments whose content is kept: each at most this big, and at most this many per message. */
  maxStoredAttachmentBytes: 256 * 1024,
  maxStoredAttachments: 5,
  /** Text kept from the message body. */
  maxTextChars: 20_000,
} as const;

export const ALLOWED_ATTACHMENT_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain'];

export type MimeProblem = 'too-many-multiparts' | 'too-many-parts' | 'too-many-headers';

/**
 * Counts MIME structure in the raw message before any parsing: deeply nested or exploding multiparts and header
 * floods are refused outright (a parser given them spends memory and time for nothing a person wrote).
 */
export function mimeBombCheck(raw: Buffer): MimeProblem | null {
  const text = raw.toString('latin1');
  const multiparts = (text.match(/^content-type:[ \t]*multipart\//gim) ?? []).length;
  if (multiparts > INBOUND_LIMITS.maxMultiparts) return 'too-many-multiparts';
  const parts = (text.match(/^content-type:/gim) ?? []).length;
  if (parts > INBOUND_LIMITS.maxParts) return 'too-many-parts';
  const headerEnd = text.search(/\r?\n\r?\n/);
  const head = headerEnd < 0 ? text : text.slice(0, headerEnd);
  if (head.split(/\r?\n/).length > INBOUND_LIMITS.maxHeaderLines) return 'too-many-headers';
  return null;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  stored: boolean;
  content: Buffer | null;
  refusedReason: 'type-not-allowed' | 'too-large' | 'too-many' | null;
}

/** Keeps an attachment's content only when it is small and of an allowed type, and only the first few. */
export function attachmentPolicy(list: readonly { filename?: string | null; contentType?: string | null; content: Buffer }[]): InboundAttachment[] {
  let kept = 0;
  return list.map((a) => {
    const contentType = (a.contentType ?? 'application/octet-stream').toLowerCase().split(';')[0].trim();
    const base = { filename: (a.filename ?? 'attachment').replace(/[\r\n\\/]/g, '_'), contentType, size: a.content.length };
    let refusedReason: InboundAttachment['refusedReason'] = null;
    if (!ALLOWED_ATTACHMENT_TYPES.includes(contentType)) refusedReason = 'type-not-allowed';
    else if (a.content.length > INBOUND_LIMITS.maxStoredAttachmentBytes) refusedReason = 'too-large';
    else if (kept >= INBOUND_LIMITS.maxStoredAttachments) refusedReason = 'too-many';
    if (refusedReason) return { ...base, stored: false, content: null, refusedReason };
    kept++;
    return { ...base, stored: true, content: a.content, refusedReason: null };
  });
}
