import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsString, Length } from 'class-validator';
import { SEVERA_COOKIE } from './severa-session.service.js';
import { SeveraDirectService, type DirectOutcome } from './severa-direct.service.js';
import { chooseOrganizationPage } from './severa-direct-pages.js';
import { refusedPage } from './severa-pages.js';

/** The Connect session cookie (set by /api/connect; read here only to learn who is signed in). */
const CONNECT_COOKIE = 'connect_session';

class ChooseOrganizationDto {
  @ApiProperty({ description: 'One of the organizations offered on the choice page' })
  @IsString()
  @Length(1, 64)
  organizationId: string;
}

function sameOrigin(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return origin !== 'null' && new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** `GET /severa/sign-in`: Severa through Visma Connect (seed 001). HTML pages and redirects, like /severa. */
@ApiTags('hand-off')
@Controller('severa')
export class SeveraDirectController {
  constructor(private readonly direct: SeveraDirectService) {}

  private reply(req: Request, res: Response, outcome: DirectOutcome): void {
    res.setHeader('Cache-Control', 'no-store');
    if (outcome.kind === 'signed-in') {
      res.cookie(SEVERA_COOKIE, outcome.token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/severa', expires: outcome.expiresAt });
      res.redirect(303, '/severa');
      return;
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (outcome.kind === 'choose') res.status(200).send(chooseOrganizationPage(outcome.choices));
    else res.status(403).send(refusedPage('Visma Connect', outcome.reference));
  }

  @Get('sign-in')
  @ApiOperation({ summary: 'Sign in to Severa with Visma Connect: 303 to /connect when not signed in; then 303 to /severa, an organization choice, or 403' })
  @ApiResponse({ status: 303, description: 'To /connect?continue=severa (sign in first) or /severa (signed in)' })
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    const identity = await this.direct.signedInIdentity(req.cookies?.[CONNECT_COOKIE]);
    if (!identity) {
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, '/connect?continue=severa');
      return;
    }
    this.reply(req, res, await this.direct.signIn(identity, null));
  }

  @Post('sign-in')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'The organization chosen on the choice page (same-origin form)' })
  async choose(@Body() body: ChooseOrganizationDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const identity = sameOrigin(req) ? await this.direct.signedInIdentity(req.cookies?.[CONNECT_COOKIE]) : null;
    if (!identity) {
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, '/connect?continue=severa');
      return;
    }
    const organizationId = /^[0-9a-f-]{36}$/i.test(body.organizationId) ? body.organizationId : '00000000-0000-0000-0000-000000000000';
    this.reply(req, res, await this.direct.signIn(identity, organizationId));
  }
}
