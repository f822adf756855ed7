import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiSecurity } from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { Db } from '../database/db.service.js';
import { Identity } from '../identities/identity.entity.js';
import { SessionService } from '../staff-auth/session.service.js';
import type { Session } from '../staff-auth/session.entity.js';
import type { ConnectStage, EnrolmentReason } from '../../../shared/connect.js';

/** The Connect session cookie: its own name, never the staff cookie. */
export const CONNECT_COOKIE = 'connect_session';

/** What a Connect session remembers between steps (Session.data). Secrets in it are sealed or hashed. */
export interface ConnectSessionData {
  stage: ConnectStage;
  reason: EnrolmentReason | null;
  /** Set when a customer-service code started this session: the ticket is resolved when re-enrolment completes. */
  ticketId?: string | null;
  recoveryCodeId?: string | null;
  organizationId?: string | null;
  /** The authenticator secret being enrolled (sealed with SecretBox) until it is confirmed with a code. */
  pendingTotpEnc?: string | null;
  /** A phone number being verified: the code is kept as an HMAC only. */
  phone?: { number: string; codeHash: string; expiresAt: string; tries: number } | null;
  /** A WebAuthn registration in progress: its challenge, answered once. */
  passkeyRegistration?: { challenge: string; expiresAt: string } | null;
  /** A step-up in progress (security settings): a WebAuthn challenge, an SMS code (HMAC only) or a push (its challenge id). */
  stepUp?: {
    passkey?: { challenge: string; expiresAt: string } | null;
    sms?: { codeHash: string; expiresAt: string; tries: number } | null;
    push?: { challengeId: string; pushId: string } | null;
  } | null;
  /** A replacement authenticator being set up from the security settings (sealed), until confirmed. */
  settingsTotpEnc?: string | null;
}

export interface ConnectContext {
  session: Session;
  identity: Identity;
  data: ConnectSessionData;
}

const SESSION_KEY = 'connect:session-stages';

/** 401 with its own code: a missing Connect session is not a missing staff session. */
export const connectSessionRequired = () => new DomainError(401, ErrorCode.CONNECT_SESSION_REQUIRED, 'Your Visma Connect session has ended. Sign in again.');

/**
 * The route needs a live Connect session (cookie `connect_session`), optionally in one of the given stages.
 * Without one: 401; in another stage: 409 WRONG_STAGE (the pages then ask /me where to go).
 */
export const RequiresConnectSession = (...stages: ConnectStage[]) => applyDecorators(SetMetadata(SESSION_KEY, stages), ApiSecurity('connect_session'));

const OPTIONAL_KEY = 'connect:session-optional';

/** The route reads the Connect session when there is one, and answers without it otherwise (never 401). */
export const OptionalConnectSession = () => applyDecorators(SetMetadata(OPTIONAL_KEY, true), ApiSecurity('connect_session'));

/** The Connect session of a route marked OptionalConnectSession, or null. */
export const OptionalConnect = createParamDecorator((_: unknown, ctx: ExecutionContext): ConnectContext | null => ctx.switchToHttp().getRequest<{ connect?: ConnectContext }>().connect ?? null);

/** The resolved Connect session of the request (see RequiresConnectSession). */
export const CurrentConnect = createParamDecorator((_: unknown, ctx: ExecutionContext): ConnectContext => {
  const req = ctx.switchToHttp().getRequest<{ connect?: ConnectContext }>();
  if (!req.connect) throw connectSessionRequired();
  return req.connect;
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery on the public Connect endpoints. They have no staff CSRF token (most are used before
 * any session exists), so a state-changing request must show that it comes from our own pages:
 *
 * 1. The session cookie is `SameSite=Strict` and `HttpOnly`: browsers do not attach it to requests started by
 *    another site, so a forged request arrives without a session.
 * 2. A body must be `Content-Type: application/json`. HTML forms can only send urlencoded, multipart or text/plain
 *    bodies, and a cross-site script that sets `application/json` triggers a CORS preflight, which we do not allow.
 * 3. When the browser says where the request comes from, it must be us: `Origin` (sent by browsers on every
 *    cross-origin POST, and `null` from sandboxed or opaque contexts) must have the host this request was made to
 *    (or PUBLIC_URL's), and `Sec-Fetch-Site`, when present, must be `same-origin` or `none`.
 *
 * Non-browser clients (tests, tools) send neither header and are unaffected; login CSRF (signing a victim into
 * the attacker's account) is covered by the same checks because they apply before any session exists.
 */
export function assertSameOriginJson(req: Request, config: Pick<AppConfig, 'publicUrl'>): void {
  if (SAFE_METHODS.has(req.method)) return;
  const contentType = req.headers['content-type'];
  if (contentType !== undefined) {
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      throw new DomainError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request body as application/json');
    }
  } else if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding']) {
    throw new DomainError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request body as application/json');
  }
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw new DomainError(403, ErrorCode.CSRF_REQUIRED, 'Cross-site requests are not accepted');
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = origin === 'null' ? null : new URL(origin).host;
    } catch {
      host = null;
    }
    const allowed = new Set<string>();
    if (req.headers.host) allowed.add(req.headers.host);
    if (config.publicUrl) allowed.add(new URL(config.publicUrl).host);
    if (!host || !allowed.has(host)) throw new DomainError(403, ErrorCode.CSRF_REQUIRED, 'Cross-site requests are not accepted');
  }
}

/** Applies the same-origin rule to every Connect endpoint and resolves the Connect session where one is needed. */
@Injectable()
export class ConnectRequestGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request & { connect?: ConnectContext }>();
    assertSameOriginJson(req, this.config);
    const stages = this.reflector.get<ConnectStage[] | undefined>(SESSION_KEY, ctx.getHandler());
    const optional = this.reflector.get<boolean | undefined>(OPTIONAL_KEY, ctx.getHandler()) === true;
    if (!stages && !optional) return true;
    const session = await this.sessions.resolve(req.cookies?.[CONNECT_COOKIE] as string | undefined, 'connect');
    const identity = session ? await this.db.manager.getRepository(Identity).findOneBy({ id: session.identityId }) : null;
    if (!session || !identity || identity.status !== 'active') {
      if (optional) return true;
      throw connectSessionRequired();
    }
    const data = (session.data ?? { stage: 'signed-in', reason: null }) as ConnectSessionData;
    if (stages?.length && !stages.includes(data.stage)) {
      throw new DomainError(409, ErrorCode.WRONG_STAGE, `This step is not available now (you are at: ${data.stage}).`);
    }
    req.connect = { session, identity, data };
    return true;
  }
}
