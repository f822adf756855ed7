import type { ServerResponse } from 'node:http';
import type { Request } from 'express';
import { PORTAL_NAMES } from '../../../shared/sign-in.js';
import type { HandoffOutcome } from './handoff.service.js';
import { readerLocale, refusedPage } from './severa-pages.js';
import { SEVERA_COOKIE } from './severa-session.service.js';

/** The app's ETag function (Express's `etag fn` setting). */
export type EtagFn = (body: Buffer, encoding?: BufferEncoding) => string | undefined;

/**
 * The hand-off's answer written with node:http's own response methods — what Express's helpers wrote before
 * (res.cookie + res.redirect(303) / res.status(403).send), byte for byte: the one writer of the answer, for the front
 * door and for HandoffController alike (test/handoff-front-door.e2e-spec.ts compares both routes' headers and bodies).
 */
export function answerHandoff(req: Request, res: ServerResponse, outcome: HandoffOutcome, etag: EtagFn | undefined): void {
  // req.secure and req.accepts are Express's getters (trust proxy, X-Forwarded-Proto, Accept): every request the
  // server builds has Express's prototype (common/express-adapter.ts).
  if (outcome.kind === 'signed-in') {
    // res.cookie → cookie.serialize (value URI-encoded; Path, Expires, HttpOnly, Secure, SameSite in that order)
    res.setHeader('Set-Cookie', `${SEVERA_COOKIE}=${encodeURIComponent(outcome.token)}; Path=/severa; Expires=${outcome.expiresAt.toUTCString()}; HttpOnly${req.secure ? '; Secure' : ''}; SameSite=Lax`);
    res.setHeader('Cache-Control', 'no-store');
    // res.redirect(303, '/severa'): Location, then res.format's negotiation (Vary: Accept) of the body
    res.setHeader('Location', '/severa');
    const type = req.accepts(['text', 'html']);
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
