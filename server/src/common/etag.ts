import { hash } from 'node:crypto';

/**
 * Express's default weak ETag, the same value (the etag package's `W/"<byte length in hex>-<SHA-1 in base64, 27
 * characters>"`), computed with one `crypto.hash` call instead of a Hash object over a Buffer copy of the body:
 * every JSON answer gets one, so this is per-request work (app.factory.ts sets it as Express's `etag` function).
 */
export function weakEtag(body: string | Buffer, encoding?: BufferEncoding): string {
  const len = typeof body === 'string' ? Buffer.byteLength(body, encoding) : body.length;
  if (len === 0) return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
  const bytes = typeof body === 'string' && encoding && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(body, encoding) : body;
  return `W/"${len.toString(16)}-${hash('sha1', bytes, 'base64').slice(0, 27)}"`;
}
