import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RequestContext, type Actor } from '../common/request-context.js';
import { ACCESS_POLICY, policyKey } from '../../../shared/access-policy.js';
import { SessionService } from './session.service.js';
import { StaffAuthService } from './staff-auth.service.js';

export const STAFF_COOKIE = 'ad_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Applies the authorization table to every request: session, role, CSRF token, step-up.
 * A route without a row in the table is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly sessions: SessionService,
    private readonly auth: StaffAuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const routePath = (req.route as { path?: string } | undefined)?.path;
    const key = policyKey(req.method, routePath ?? req.path);
    const policy = ACCESS_POLICY[key];
    if (!policy) {
      this.logger.error(`No access policy for ${key}; refusing`);
      throw DomainError.forbidden('This route has no access policy');
    }
    if (policy.public) return true;

    const signedIn = await this.auth.sessionActor(req.cookies?.[STAFF_COOKIE]);
    if (!signedIn) throw DomainError.unauthenticated('Your session has ended. Sign in again.');
    const { session, actor } = signedIn;
    req.actor = actor;
    const store = RequestContext.current();
    if (store) store.actor = actor;

    if (!policy.roles.some((r) => actor.roles.includes(r))) throw DomainError.forbidden('Your role does not allow this');
    if (!SAFE_METHODS.has(req.method) && !this.sessions.csrfMatches(session, req.headers['x-csrf-token'])) {
      throw new DomainError(403, ErrorCode.CSRF_REQUIRED, 'Missing or wrong X-CSRF-Token header');
    }
    if (policy.stepUp && !this.sessions.isSteppedUp(session)) {
      throw new DomainError(401, ErrorCode.STEP_UP_REQUIRED, 'Confirm with a fresh authenticator code to continue');
    }
    return true;
  }
}
