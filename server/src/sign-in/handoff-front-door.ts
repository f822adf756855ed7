import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Logger } from '@nestjs/common';
import { AllExceptionsFilter } from '../common/http-exception.filter.js';
import { HandoffController } from './handoff.controller.js';
import { handoffFastPathBlocker, serveHandoff } from './handoff-fast-path.js';

const ROUTE = /^\/api\/portals\/([^/?]+)\/handoff(?:\?|$)/;

export interface FrontDoorChain {
  /** Request id, Server-Timing and the request context (request-pipeline.ts requestStart). */
  start: (req: Request, res: Response, next: () => void) => void;
  /** The same middleware instances the app registers after requestStart, in the same order, that touch this route. */
  middleware: RequestHandler[];
  /** The controller, resolved on the first hand-off (null: serve through the normal pipeline). */
  controller: () => HandoffController | null;
}

/**
 * The portal hand-off in front of Express's router. The hand-off is the one route under sustained machine load; in
 * the normal pipeline it walks the whole middleware stack (static assets, SPA fallback, OpenAPI routes, Nest's
 * middleware module) and then Nest's router before the fast path (handoff-fast-path.ts) takes it. Registered as the
 * app's first middleware, this runs for `POST /api/portals/:portal/handoff` exactly the middleware that touch that
 * request — requestStart (request id, Server-Timing, request context), pino-http, the security headers, the JSON and
 * urlencoded parsers (raw body kept), the body-shape limits, cookies — the very instances the app registers, in the
 * same order, their errors passed on to Express (so the app's error handler answers them, as it does for the
 * normal pipeline), and then the same controller call as the fast path.
 * What it skips answers nothing for this request: static files and the SPA fallback (GET/HEAD only), the OpenAPI
 * pages (GET), Nest's router, guards and interceptors (the fast path's conditions, checked by handoffFastPathBlocker).
 * Any other request, or this one while the fast path is off, goes on through the normal pipeline untouched.
 */
export function handoffFrontDoor(chain: FrontDoorChain): RequestHandler & { served: number } {
  const filter = new AllExceptionsFilter();
  const { start, middleware } = chain;
  const door = function handoffFrontDoorMiddleware(req: Request, res: Response, next: NextFunction) {
    if (req.method !== 'POST') return next();
    const m = ROUTE.exec(req.url);
    if (!m) return next();
    const controller = chain.controller();
    if (!controller) return next();
    let portal: string;
    try {
      portal = decodeURIComponent(m[1]);
    } catch {
      return next();
    }
    door.served++;
    start(req, res, () => {
      let i = 0;
      const step = (err?: unknown): void => {
        if (err) return next(err);
        if (i < middleware.length) {
          const mw = middleware[i++];
          try {
            return void mw(req, res, step);
          } catch (e) {
            return step(e ?? new Error('middleware failed'));
          }
        }
        serveHandoff(controller, filter, portal, req, res);
      };
      step();
    });
  } as RequestHandler & { served: number };
  /** Requests taken (tests check that the hand-off really comes this way). */
  door.served = 0;
  return door;
}

/** Resolves the controller once when the fast path is equivalent to Nest's pipeline (else null, logged once). */
export function frontDoorController(get: () => HandoffController | undefined): () => HandoffController | null {
  let controller: HandoffController | null | undefined;
  return () => {
    if (controller !== undefined) return controller;
    const why = handoffFastPathBlocker();
    if (why) {
      new Logger('Handoff').warn(`Hand-off front door off: ${why}`);
      return (controller = null);
    }
    return (controller = get() ?? null);
  };
}
