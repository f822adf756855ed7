import { Body, Controller, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { SessionService } from './session.service.js';
import { StaffAuthService } from './staff-auth.service.js';
import { LocaleDto, SignInDto, StepUpDto, TotpDto } from './staff-auth.dto.js';
import { STAFF_COOKIE } from './access.guard.js';
import { RateLimited } from '../common/rate-limited.js';
import { UsesPasswordKdf } from '../common/kdf-gate.js';

@ApiTags('auth')
@Controller('auth')
export class StaffAuthController {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly sessions: SessionService,
  ) {}

  @Post('sign-in')
  @ApiOperation({ summary: 'E-mail and password → { challenge, factor: "totp" }. The same 401 for unknown e-mails, wrong passwords and locked accounts.' })
  @HttpCode(200)
  @RateLimited('sign-in')
  @UsesPasswordKdf()
  signIn(@Body() dto: SignInDto, @Req() req: Request) {
    return this.auth.signIn(dto.email, dto.password, req.ip ?? null);
  }

  @Post('sign-in/totp')
  @ApiOperation({ summary: 'The authenticator code for the challenge → the session cookie, the CSRF token and the user' })
  @HttpCode(200)
  @RateLimited('sign-in')
  async totp(@Body() dto: TotpDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { token, csrfToken, actor } = await this.auth.verifySecondFactor(dto.challenge, dto.code, req.ip ?? null);
    res.cookie(STAFF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    return { user: this.auth.toUser(actor), csrfToken };
  }

  /**
   * Whether this browser holds a live staff session, answered 200 either way: the console's first request, so a
   * signed-out visit loads the sign-in screen without an error in the browser's console.
   */
  @Get('session')
  async session(@Req() req: Request): Promise<{ signedIn: boolean }> {
    return { signedIn: !!(await this.auth.sessionActor(req.cookies?.[STAFF_COOKIE])) };
  }

  /** The signed-in staff member, with a fresh CSRF token (the SPA may have been reloaded). */
  @Get('me')
  @ApiOperation({ summary: 'The signed-in staff member, roles, organizations and the CSRF token' })
  me(@CurrentActor() actor: Actor) {
    return { user: this.auth.toUser(actor), csrfToken: this.sessions.csrfFor(actor.sessionId), steppedUp: actor.steppedUpAt ? this.sessions.isSteppedUp(actor) : false };
  }

  /** The language menu's choice, remembered for this staff member on every device. */
  @Put('me/locale')
  async setLocale(@Body() dto: LocaleDto, @CurrentActor() actor: Actor) {
    return { user: await this.auth.setLocale(actor, dto.locale) };
  }

  @Post('sign-out')
  @ApiOperation({ summary: 'Ends the staff session' })
  @HttpCode(200)
  async signOut(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.signOut(actor);
    res.clearCookie(STAFF_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    return { signedOut: true };
  }

  @Post('step-up')
  @ApiOperation({ summary: 'Confirms a fresh authenticator code: sensitive actions are allowed for 5 minutes' })
  @HttpCode(200)
  @RateLimited('step-up')
  stepUp(@Body() dto: StepUpDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.auth.stepUp(actor, dto.code, req.ip ?? null);
  }
}
