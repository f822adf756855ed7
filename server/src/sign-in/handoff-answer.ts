import type { IncomingMessage, ServerResponse } from 'node:http';
import { PORTAL_NAMES } from '../../../shared/sign-in.js';
import type { HandoffOutcome } from './handoff.service.js';
import { readerLocale, refusedPage } from './severa-pages.js';
import { SEVERA_COOKIE } from './severa-session.service.js';

/** What the answer needs to know of the request, read with Express's own request getters (trust proxy, Accept). */
export interface HandoffRequestFacts {
  readonly secure: boolean;
  accepts(types: string[]): string | false;
}

/** The app's ETag function (Express's `etag fn` setting). */
export type EtagFn = (body: Buffer, encoding?: BufferEncoding) => string | undefined;

/**
 * The hand-off's answer written on the bare node:http response — what Express's helpers wrote before
 * (res.cookie + res.redirect(303) / res.status(403).send), byte for byte: the one writer of the answer, for the front
 * door and for HandoffController alike (test/handoff-front-door.e2e-spec.ts compares both routes' headers and bodies).
 */
export function answerHandoff(
  req: IncomingMessage,
  res: ServerResponse,
  outcome: HandoffOutcome,
  facts: HandoffRequestFacts,
  etag: EtagFn | undefined,
): void {
  if (outcome.kind === 'signed-in') {
    // res.cookie → cookie.serialize (value URI-encoded; Path, Expires, HttpOnly, Secure, SameSite in that order)
    res.setHeader('Set-Cookie', `${SEVERA_COOKIE}=${encodeURIComponent(outcome.token)}; Path=/severa; Expires=${outcome.expiresAt.toUTCString()}; HttpOnly${facts.secure ? '; Secure' : ''}; SameSite=Lax`);
    res.setHeader('Cache-Control', 'no-store');
    // res.redirect(303, '/severa'): Location, then res.format's negotiation (Vary: Accept) of the body
    res.setHeader('Location', '/severa');
    const type = facts.accepts(['text', 'html']);
    const vary = res.getHeader('Vary');
    res.setHeader('Vary', vary === undefined ? 'Accept' : `${String(vary)}, Accept`);
    let body = '';
    if (type === 'text') {
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      body = 'See Other. Redirecting to /severa';
    } else if (type === 'html') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      body = '<!DOCTYPE html><head><title>See Other</title></head><body><p>See Other. Redirecting to /severa</p></body>';
    }
    res.statusCode = 303;
    res.setHeader('Content-Length', String(Buffer.byteLength(body)));
    if (req.method === 'HEAD') res.end();
    else res.end(body);
    return;
  }
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.statusCode = 403;
  const page = refusedPage(PORTAL_NAMES[outcome.portalId], outcome.reference, readerLocale(req));
  // res.send(string): a Buffer when an ETag is made, its length, the app's ETag
  const chunk = etag ? Buffer.from(page, 'utf8') : page;
  res.setHeader('Content-Length', String(Buffer.byteLength(chunk)));
  const tag = etag ? etag(chunk as Buffer) : undefined;
  if (tag) res.setHeader('ETag', tag);
  if (req.method === 'HEAD') res.end();
  else res.end(chunk);
}
