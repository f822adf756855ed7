import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PORTAL_IDS, PORTAL_NAMES } from '../../../shared/sign-in.js';
import { HandoffService } from './handoff.service.js';
import { SeveraSessionService, SEVERA_COOKIE } from './severa-session.service.js';
import { landingPage, notSignedInPage, refusedPage, signedOutPage } from './severa-pages.js';
import { DEFAULT_LOCALE, localeFromAcceptLanguage } from '../../../shared/locales.js';

/** The end user's browser language (these pages know no identity before the hand-off is verified). */
const readerLocale = (req: { headers: Record<string, string | string[] | undefined> }) => localeFromAcceptLanguage(req.headers['accept-language'] as string | undefined) ?? DEFAULT_LOCALE;
import { SIGNATURE_HEADER } from './handoff-request.js';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';

class HandoffBodyDoc {
  @ApiProperty({ description: 'The Severa organization' }) organizationId: string;
  @ApiProperty({ description: 'The portal account e-mail exactly as the portal has it' }) email: string;
  @ApiProperty({ description: 'Unix time in seconds; older than 5 minutes is refused' }) issuedAt: number;
  @ApiProperty({ description: 'Single-use random string (8–128 printable characters)' }) nonce: string;
}

function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
}

/** The portal-facing hand-off endpoint (public: the signature is the authentication). */
@ApiTags('hand-off')
@Controller('portals')
export class HandoffController {
  constructor(private readonly handoffs: HandoffService) {}

  @Post(':portal/handoff')
  @ApiOperation({ summary: 'Portal → Severa hand-off: 303 to /severa with a Severa session, or 403 with an end-user page' })
  @ApiParam({ name: 'portal', enum: PORTAL_IDS })
  @ApiHeader({ name: 'X-Portal-Signature', required: true, description: 'hex HMAC-SHA256 of the raw body with the connection secret' })
  @ApiBody({ type: HandoffBodyDoc })
  @ApiResponse({ status: 303, description: 'Signed in; Location: /severa' })
  @ApiResponse({ status: 403, description: 'Sign-in could not be completed (HTML)' })
  @ApiResponse({ status: 400, description: 'Malformed body' })
  @ApiTooManyRequestsResponse({ description: 'Too many unauthentic hand-offs (bad signature, stale, replayed or malformed) from this address; see Retry-After' })
  async handoff(
    @Param('portal') portal: string,
    @Body() body: unknown,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Req() req: RawBodyRequest<Request>,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.handoffs.handoff(portal, body, req.rawBody, signature, req.ip ?? 'unknown');
    if (outcome.kind === 'signed-in') {
      res.cookie(SEVERA_COOKIE, outcome.token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/severa', expires: outcome.expiresAt });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, '/severa');
      return;
    }
    noStore(res);
    res.status(403).send(refusedPage(PORTAL_NAMES[outcome.portalId], outcome.attemptId, readerLocale(req)));
  }
}

/** The Severa landing page after a hand-off (outside /api; depends only on the severa_session cookie). */
@ApiTags('hand-off')
@Controller('severa')
export class SeveraLandingController {
  constructor(private readonly sessions: SeveraSessionService) {}

  @Get()
  @ApiOperation({ summary: 'Severa landing page (HTML): who is signed in' })
  async landing(@Req() req: Request, @Res() res: Response): Promise<void> {
    const info = await this.sessions.resolve(req.cookies?.[SEVERA_COOKIE]);
    noStore(res);
    if (!info) {
      res.status(401).send(notSignedInPage(readerLocale(req)));
      return;
    }
    res.status(200).send(landingPage(info, readerLocale(req)));
  }

  @Post('sign-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ends the Severa session (HTML)' })
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.signOut(req.cookies?.[SEVERA_COOKIE]);
    res.clearCookie(SEVERA_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/severa' });
    noStore(res);
    res.status(200).send(signedOutPage(readerLocale(req)));
  }
}
