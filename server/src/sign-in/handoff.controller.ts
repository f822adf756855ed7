import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiProperty, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PORTAL_IDS } from '../../../shared/sign-in.js';
import { HandoffService } from './handoff.service.js';
import { SeveraSessionService, SEVERA_COOKIE } from './severa-session.service.js';
import { landingPage, notSignedInPage, readerLocale, signedOutPage } from './severa-pages.js';
import { answerHandoff, type EtagFn } from './handoff-answer.js';
import { SIGNATURE_HEADER } from './handoff-request.js';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';

class HandoffBodyDoc {
  @ApiProperty({ description: 'The Severa organization', format: 'uuid', maxLength: 36 }) organizationId: string;
  @ApiProperty({ description: 'The portal account e-mail exactly as the portal has it', minLength: 1, maxLength: 320, pattern: '^[^\\s]+$' }) email: string;
  @ApiProperty({ description: 'Unix time in seconds; older than 5 minutes is refused', type: 'integer', format: 'int64', minimum: 1, maximum: 9_007_199_254_740_991 }) issuedAt: number;
  @ApiProperty({ description: 'Single-use random string (8–128 printable characters)', minLength: 8, maxLength: 128, pattern: '^[\\x21-\\x7e]{8,128}$' }) nonce: string;
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
  @ApiSecurity('portal_signature')
  @ApiBody({ type: HandoffBodyDoc })
  @ApiResponse({ status: 303, description: 'Signed in; Location: /severa', headers: { Location: { description: '/severa', schema: { type: 'string', enum: ['/severa'] } } } })
  @ApiResponse({ status: 403, description: 'Sign-in could not be completed (an end-user HTML page naming the reason)', content: { 'text/html': { schema: { type: 'string', maxLength: 100_000 } } } })
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
    // The one writer of the answer, shared with the front door (handoff-front-door.ts).
    answerHandoff(req, res, outcome, req.app.get('etag fn') as EtagFn | undefined);
  }
}

/** The Severa landing page after a hand-off (outside /api; depends only on the severa_session cookie). */
@ApiTags('hand-off')
@Controller('severa')
export class SeveraLandingController {
  constructor(private readonly sessions: SeveraSessionService) {}

  @Get()
  @ApiSecurity('severa_session')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Severa landing page (HTML): who is signed in' })
  @ApiResponse({ status: 200, description: 'The landing page', content: { 'text/html': { schema: { type: 'string', maxLength: 100_000 } } } })
  @ApiResponse({ status: 401, description: 'Not signed in (HTML page)', content: { 'text/html': { schema: { type: 'string', maxLength: 100_000 } } } })
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
  @ApiSecurity('severa_session')
  @ApiSecurity({})
  @ApiOperation({ summary: 'Ends the Severa session (HTML); without one it just says so' })
  @ApiResponse({ status: 200, description: 'Signed out (HTML page)', content: { 'text/html': { schema: { type: 'string', maxLength: 100_000 } } } })
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.signOut(req.cookies?.[SEVERA_COOKIE]);
    res.clearCookie(SEVERA_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/severa' });
    noStore(res);
    res.status(200).send(signedOutPage(readerLocale(req)));
  }
}
