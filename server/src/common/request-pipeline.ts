/**
 * The common request middleware of the app, as named pieces: app.factory.ts registers them on Express in this order,
 * and the hand-off front door (sign-in/handoff-front-door.ts, in front of Express) runs the very same instances for
 * its one route, so both answer alike (request id, Server-Timing, request log, security headers, body parsers,
 * body-shape limits, errors as `{statusCode, code, message, errors?}`); it leaves out cookie-parser (nothing on that
 * route reads cookies) and, below LOG_LEVEL=info, pino-http (which logs at info only).
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { HelmetOptions } from 'helmet';
import type { AppConfig } from '../config/app-config.js';
import { assertJsonShape, rejectOversizedBodies } from './body-shape.js';
import { AllExceptionsFilter } from './http-exception.filter.js';
import { RequestContext } from './request-context.js';
import { securityHeaders } from './security-headers.js';
import { shutdownState } from './shutdown.js';

export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'upgrade-insecure-requests': null,
    },
  },
  crossOriginEmbedderPolicy: false,
};

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Request id (the caller's X-Request-Id when well formed, else a new UUID; echoed), Server-Timing (from here to the
 * response headers) and, while shutting down, `Connection: close`; then runs `next` inside the request context.
 */
export function requestStart(req: Request, res: Response, next: () => void): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  (req as Request & { id: string }).id = id;
  res.setHeader('X-Request-Id', id);
  const started = process.hrtime.bigint();
  // Called below with the response as `this` (writeHead.apply(this, args)).
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    if (!this.headersSent) this.setHeader('Server-Timing', `app;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(2)}`);
    // Shutting down: this answer is the connection's last, so the drain does not wait for keep-alive reuse.
    if (!this.headersSent && shutdownState.closing) this.setHeader('Connection', 'close');
    return writeHead.apply(this, args);
  } as Response['writeHead'];
  RequestContext.run({ requestId: id, ip: req.ip ?? null }, next);
}

/** Nest's `rawBody: true`: the parsers keep the raw bytes on req.rawBody (the hand-off's HMAC is over them). */
const keepRawBody = (req: Request & { rawBody?: Buffer }, _res: Response, buffer: Buffer) => {
  if (Buffer.isBuffer(buffer)) req.rawBody = buffer;
  return true;
};

/** JSON: the raw body kept, and its text's shape checked before JSON.parse runs (body-shape.ts). */
const keepRawJsonBody = (req: Request & { rawBody?: Buffer }, res: Response, buffer: Buffer, encoding: string) => {
  keepRawBody(req, res, buffer);
  if (Buffer.isBuffer(buffer)) assertJsonShape(buffer, encoding);
};

/** The body middleware in their order: JSON (its text's shape checked before parsing), urlencoded (both keep the raw body), then the body-shape limits. */
export function bodyMiddleware(config: Pick<AppConfig, 'bodyLimit'>): RequestHandler[] {
  return [
    express.json({ limit: config.bodyLimit, verify: keepRawJsonBody }),
    express.urlencoded({ limit: config.bodyLimit, extended: false, verify: keepRawBody }),
    rejectOversizedBodies(),
  ];
}

/** Errors raised by Express middleware (body parser: bad JSON, too large; body shape) as the filter's JSON body. */
export function middlewareErrorHandler(filter = new AllExceptionsFilter()) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const { body, headers } = filter.toBody(err);
    filter.logServerError(body.statusCode, err, req.path);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(body.statusCode).json(body);
  };
}

export { securityHeaders };
