import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { Logger } from '@nestjs/common';
import { AllExceptionsFilter } from '../common/http-exception.filter.js';
import { HandoffService } from './handoff.service.js';
import { answerHandoff, type EtagFn, type HandoffRequestFacts } from './handoff-answer.js';
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

/** A request's facts through Express's own getters (trust proxy, X-Forwarded-Proto, Accept), on a small object. */
function requestFacts(proto: object, req: IncomingMessage): HandoffRequestFacts & { ip?: string } {
  const facts = Object.create(proto) as { headers: unknown; socket: unknown; connection: unknown } & HandoffRequestFacts & { ip?: string };
  facts.headers = req.headers;
  facts.socket = req.socket;
  facts.connection = req.socket;
  return facts;
}

/**
 * The portal hand-off at the node:http level, in front of Express (installFrontDoor). The hand-off is the one route
 * under sustained machine load; Express would walk its app handler, router and whole middleware stack, and give req
 * and res its prototypes, before anything answers it. For `POST /api/portals/:portal/handoff` this runs exactly
 * what touches that request — requestStart (request id, Server-Timing, `Connection: close` while draining, request
 * context), pino-http (at LOG_LEVEL=info and above: it logs at info only), the security headers, the JSON and
 * urlencoded parsers (raw body kept), the body-shape limits — the very instances the app registers, in the same order
 * (not cookie-parser: nothing on the route reads cookies) — then HandoffService, and writes the answer on
 * the bare response (handoff-answer.ts). Errors (from a middleware or the service) take Express's way: req and res get
 * Express's prototypes and go through the app's error handlers or the one exception filter, as in the normal pipeline.
 * Off (every request goes on to Express) when handoffFastPathBlocker reports a guard, interceptor, pipe, rate limit
 * or non-public policy, and not installed at all when CORS origins are configured.
 */
export function handoffFrontDoor(chain: FrontDoorChain): FrontDoor {
  const filter = new AllExceptionsFilter();
  const { start, express } = chain;
  const middleware = chain.middleware as unknown as Middleware[];
  const etag = express.get('etag fn');
  /** From here on req and res are Express's (the error path only). */
  const asExpress = (req: IncomingMessage, res: ServerResponse): [Request, Response] => {
    if (Object.getPrototypeOf(req) !== express.request) {
      Object.setPrototypeOf(req, express.request);
      Object.setPrototypeOf(res, express.response);
      (req as Request).res = res as Response;
      (res as Response).req = req as Request;
      (res as Response).locals = Object.create(null) as Record<string, unknown>;
    }
    return [req as Request, res as Response];
  };
  const fail = (err: unknown, ireq: IncomingMessage, ires: ServerResponse): void => {
    const [req, res] = asExpress(ireq, ires);
    handleError(chain.errorHandlers(), err, req, res);
  };
  const door = function handoffFrontDoor(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') return false;
    const m = ROUTE.exec(req.url!);
    if (!m) return false;
    const service = chain.service();
    if (!service) return false;
    let portal: string;
    try {
      portal = decodeURIComponent(m[1]);
    } catch {
      return false;
    }
    door.served++;
    const facts = requestFacts(express.request, req);
    const ip = facts.ip;
    (req as IncomingMessage & { ip?: string }).ip = ip;
    start(req as Request, res as Response, () => {
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
        const r = req as IncomingMessage & { body?: unknown; rawBody?: Buffer };
        const signature = req.headers[SIGNATURE_HEADER];
        service
          .handoff(portal, r.body, r.rawBody, typeof signature === 'string' ? signature : undefined, ip ?? 'unknown')
          .then((outcome) => answerHandoff(req, res, outcome, facts, etag))
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
