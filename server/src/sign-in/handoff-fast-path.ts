import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { AllExceptionsFilter } from '../common/http-exception.filter.js';
import { ACCESS_POLICY } from '../../../shared/access-policy.js';
import { HandoffController } from './handoff.controller.js';
import { SIGNATURE_HEADER } from './handoff-request.js';

const ROUTE = /^\/api\/portals\/([^/]+)\/handoff$/;
const POLICY_KEY = 'POST /api/portals/:portal/handoff';

/** Metadata a route handler may carry for the fast path to be equivalent: routing, parameters, OpenAPI, types. */
const ALLOWED_METADATA = [/^path$/, /^method$/, /^__routeArguments__$/, /^swagger\//, /^design:/, /^__controller__$/];
/** Allowed only while unset (a host, scope or version would change routing). */
const ALLOWED_WHEN_UNSET = ['host', 'scope:options', '__version__'];
const allowed = (keys: unknown[]) => keys.every((k) => typeof k === 'string' && ALLOWED_METADATA.some((re) => re.test(k)));

/** Why the fast path would not be equivalent to Nest's pipeline for the hand-off route, or null when it is. */
export function handoffFastPathBlocker(
  // The handler is a metadata target here (Reflect.getMetadataKeys), never called: `this` does not matter.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  method: object = HandoffController.prototype.handoff,
  cls: object = HandoffController,
  policy = ACCESS_POLICY[POLICY_KEY] as { public?: boolean } | undefined,
): string | null {
  if (!policy?.public) return `${POLICY_KEY} is not public in the access policy`;
  const extra = [method, cls].flatMap((target) =>
    (Reflect.getMetadataKeys(target) as unknown[]).filter((k) => !allowed([k]) && !(typeof k === 'string' && ALLOWED_WHEN_UNSET.includes(k) && Reflect.getMetadata(k, target) === undefined)),
  );
  return extra.length ? `the route carries ${extra.map(String).join(', ')}` : null;
}

/**
 * The portal hand-off is the one route under sustained machine load (every portal sign-in). Nest's pipeline around it
 * does nothing for it: the route is public in the access table (the signature is the authentication), carries no
 * @RateLimited, guard, interceptor or pipe (the service counts unauthentic requests itself), and answers through
 * `@Res()`. So this middleware, which runs after the common middleware (request id + Server-Timing, security
 * headers, body parsers with the raw body, body-shape limits, cookies, pino-http request logging), calls the same
 * controller method directly and sends errors through the same exception filter — skipping Nest's router, guards,
 * interceptors and parameter resolution.
 *
 * It switches itself off (requests then go through Nest as before) if that stops being true: the route's policy is
 * no longer public, or the controller class or method gained any metadata beyond routing, parameters and OpenAPI
 * (a guard, interceptor, pipe, rate limit, …).
 */
@Injectable()
export class HandoffFastPath implements NestMiddleware {
  private readonly logger = new Logger('Handoff');
  private readonly filter = new AllExceptionsFilter();
  private controller: HandoffController | null | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  /** The controller when the fast path is equivalent to Nest's pipeline, else null (decided once). */
  private target(): HandoffController | null {
    if (this.controller !== undefined) return this.controller;
    const why = handoffFastPathBlocker();
    if (why) {
      this.logger.warn(`Hand-off fast path off: ${why}`);
      return (this.controller = null);
    }
    return (this.controller = this.moduleRef.get(HandoffController, { strict: false }) ?? null);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const m = req.method === 'POST' ? ROUTE.exec(req.originalUrl.split('?')[0]) : null;
    const controller = m ? this.target() : null;
    if (!m || !controller) return next();
    let portal: string;
    try {
      portal = decodeURIComponent(m[1]);
    } catch {
      return next();
    }
    serveHandoff(controller, this.filter, portal, req, res);
  }
}

/** The controller call Nest's router would make for the hand-off (same arguments), errors through the exception filter. */
export function serveHandoff(controller: HandoffController, filter: AllExceptionsFilter, portal: string, req: Request, res: Response): void {
  const signature = req.headers[SIGNATURE_HEADER];
  controller
    .handoff(portal, req.body, typeof signature === 'string' ? signature : undefined, req, res)
    .catch((err: unknown) => answerError(filter, err, req, res));
}

/** An error of the hand-off through the one exception filter, as Nest's router would pass it. */
export function answerError(filter: AllExceptionsFilter, err: unknown, req: Request, res: Response): void {
  filter.catch(err, { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as never);
}
