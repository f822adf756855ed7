import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { Logger } from '@nestjs/common';
import { AllExceptionsFilter } from '../common/http-exception.filter.js';
import { HandoffService } from './handoff.service.js';
import { answerHandoff, type EtagFn } from './handoff-answer.js';
import { answerError, handoffFastPathBlocker } from './handoff-fast-path.js';
import { SIGNATURE_HEADER } from './handoff-request.js';

const ROUTE = /^\/api\/portals\/([^/?]+)\/handoff(?:\?|$)/;

type ErrorHandler = (err: unknown, req: Request, res: Response, next: (err?: unknown) => void) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The Express application pieces the door answers like. */
export interface ExpressLike {
  /** app.request / app.response: the prototypes Express gives req and res (their getters know the app's settings). */
  request: object;
  response: object;
  get(setting: 'etag fn'): EtagFn | undefined;
}

export interface FrontDoorChain {
  /** Request id, Server-Timing and the request context (request-pipeline.ts requestStart). */
  start: (req: Request, res: Response, next: () => void) => void;
  /** The same middleware instances the app registers after requestStart, in the same order, that touch this route. */
  middleware: RequestHandler[];
  /** The hand-off service, resolved on the first hand-off (null: serve through the normal pipeline). */
  service: () => HandoffService | null;
  express: ExpressLike;
  /** The app's error handlers in Express's order (Nest's exception layer, then the middleware error handler). */
  errorHandlers: () => ErrorHandler[];
}

export type FrontDoor = ((req: IncomingMessage, res: ServerResponse) => boolean) & { served: number };

/**
 * The portal hand-off at the node:http level, in front of Express (installFrontDoor). The hand-off is the one route
 * under sustained machine load; Express would walk its app handler, router and whole middleware stack before anything
 * answers it. The server builds every req and res with Express's prototypes (common/express-adapter.ts), so Express's
 * getters (trust proxy, X-Forwarded-Proto, Accept) answer here as they do in the normal pipeline; a request built
 * otherwise is left to Express. For `POST /api/portals/:portal/handoff` this runs exactly
 * what touches that request — requestStart (request id, Server-Timing, `Connection: close` while draining, request
 * context), pino-http (at LOG_LEVEL=info and above: it logs at info only), the security headers, the JSON and
 * urlencoded parsers (raw body kept), the body-shape limits — the very instances the app registers, in the same order
 * (not cookie-parser: nothing on the route reads cookies) — then HandoffService, and writes the answer on
 * the response (handoff-answer.ts). Errors (from a middleware or the service) take Express's way: req and res get the
 * links Express's app handler makes and go through the app's error handlers or the one exception filter, as in the
 * normal pipeline.
 * Off (every request goes on to Express) when handoffFastPathBlocker reports a guard, interceptor, pipe, rate limit
 * or non-public policy, and not installed at all when CORS origins are configured.
 */
export function handoffFrontDoor(chain: FrontDoorChain): FrontDoor {
  const filter = new AllExceptionsFilter();
  const { start, express } = chain;
  const middleware = chain.middleware as unknown as Middleware[];
  const etag = express.get('etag fn');
  /** The links Express's app handler would have made (the error path only: its handlers use them). */
  const asExpress = (req: Request, res: Response): [Request, Response] => {
    if (req.res !== res) {
      req.res = res;
      res.req = req;
      res.locals = Object.create(null) as Record<string, unknown>;
    }
    return [req, res];
  };
  const fail = (err: unknown, req: Request, res: Response): void => handleError(chain.errorHandlers(), err, ...asExpress(req, res));
  const door = function handoffFrontDoor(ireq: IncomingMessage, ires: ServerResponse): boolean {
    if (ireq.method !== 'POST') return false;
    const m = ROUTE.exec(ireq.url!);
    if (!m) return false;
    // Only requests the server built with Express's prototypes (common/express-adapter.ts): Express's getters
    // (trust proxy, X-Forwarded-Proto, Accept) answer on them as in the normal pipeline. Any other goes on to Express.
    if (Object.getPrototypeOf(ireq) !== express.request || Object.getPrototypeOf(ires) !== express.response) return false;
    const req = ireq as Request;
    const res = ires as Response;
    const service = chain.service();
    if (!service) return false;
    let portal: string;
    try {
      portal = decodeURIComponent(m[1]);
    } catch {
      return false;
    }
    door.served++;
    const ip = req.ip;
    start(req, res, () => {
      let i = 0;
      const step = (err?: unknown): void => {
        if (err) return fail(err, req, res);
        if (i < middleware.length) {
          const mw = middleware[i++];
          try {
            return void mw(req, res, step);
          } catch (e) {
            return step(e ?? new Error('middleware failed'));
          }
        }
        const r = req as Request & { rawBody?: Buffer };
        const signature = req.headers[SIGNATURE_HEADER];
        service
          .handoff(portal, r.body, r.rawBody, typeof signature === 'string' ? signature : undefined, ip ?? 'unknown')
          .then((outcome) => answerHandoff(req, res, outcome, etag))
          .catch((e: unknown) => answerError(filter, e, ...asExpress(req, res)));
      };
      step();
    });
    return true;
  } as FrontDoor;
  /** Requests taken (tests check that the hand-off really comes this way). */
  door.served = 0;
  return door;
}

/** An error through the app's error handlers as Express would pass it (each may pass it on to the next). */
function handleError(handlers: ErrorHandler[], err: unknown, req: Request, res: Response): void {
  let i = 0;
  const next = (e?: unknown): void => {
    if (i < handlers.length) {
      try {
        return void handlers[i++](e ?? err, req, res, next);
      } catch (thrown) {
        return next(thrown);
      }
    }
    // Express's final handler: nothing answered, or the answer had begun.
    if (res.headersSent) return void req.socket.destroy();
    res.statusCode = 500;
    res.end();
  };
  next(err);
}

/** Puts the door in front of the server's request listener (Express): the route is answered before Express sees it. */
export function installFrontDoor(server: Server, door: FrontDoor): void {
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', function frontDoorListener(req: IncomingMessage, res: ServerResponse) {
    if (door(req, res)) return;
    for (const l of listeners) l.call(server, req, res);
  });
  (server as Server & { handoffFrontDoor?: FrontDoor }).handoffFrontDoor = door;
}

/** Resolves the service once when the fast path is equivalent to Nest's pipeline (else null, logged once). */
export function frontDoorService(get: () => HandoffService | undefined): () => HandoffService | null {
  let service: HandoffService | null | undefined;
  return () => {
    if (service !== undefined) return service;
    const why = handoffFastPathBlocker();
    if (why) {
      new Logger('Handoff').warn(`Hand-off front door off: ${why}`);
      return (service = null);
    }
    return (service = get() ?? null);
  };
}
