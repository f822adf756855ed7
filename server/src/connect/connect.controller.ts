import { Body, Controller, Get, HttpCode, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ActivationService } from './activation.service.js';
import { ConnectSignInService, type SignInDone } from './connect-sign-in.service.js';
import { CodeSignInService } from './code-sign-in.service.js';
import { LostAccessService } from './lost-access.service.js';
import { ConnectSessionsService, userActor } from './connect-sessions.service.js';
import { localeFromAcceptLanguage } from '../../../shared/locales.js';
import type { ConnectSessionState } from '../../../shared/connect.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { CONNECT_COOKIE, ConnectRequestGuard, CurrentConnect, OptionalConnect, OptionalConnectSession, RequiresConnectSession, type ConnectContext } from './connect-request.guard.js';
import { EnrolmentService } from './enrolment.service.js';
import { AcknowledgeDto, ChallengeCodeDto, ConnectLocaleDto, ChallengeDto, CodeDto, ConnectSignInDto, LostDto, OneTimeCodeDto, PhoneDto, ResetRequestDto, TokenDto, TokenPasswordDto } from './connect.dto.js';
import { RateLimited } from '../common/rate-limited.js';
import { UsesPasswordKdf } from '../common/kdf-gate.js';
import { REMEMBER_COOKIE } from './remember-device.service.js';

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(CONNECT_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

function signedIn(req: Request, res: Response, done: SignInDone) {
  setSessionCookie(req, res, done.token);
  return { next: done.next, identity: done.identity };
}

/**
 * Visma Connect, the user's side: JSON for the pages under /connect. Public routes (no staff session); a Connect
 * session (cookie `connect_session`) where noted. Every state-changing call must be same-origin JSON (see
 * ConnectRequestGuard for the CSRF rules).
 */
@ApiTags('connect')
@Controller('connect')
@UseGuards(ConnectRequestGuard)
export class ConnectController {
  constructor(
    private readonly signIn: ConnectSignInService,
    private readonly codes: CodeSignInService,
    private readonly lostAccess: LostAccessService,
    private readonly enrolment: EnrolmentService,
    private readonly activation: ActivationService,
    private readonly connect: ConnectSessionsService,
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  // --- sign-in ---

  @Post('sign-in')
  @HttpCode(200)
  @RateLimited('connect-sign-in')
  @UsesPasswordKdf()
  @ApiOperation({ summary: 'E-mail and password → { challenge, factors, next }. The same 401 for unknown e-mails and wrong passwords.' })
  async passwordStep(@Body() dto: ConnectSignInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { session, ...body } = await this.signIn.signIn(dto.email, dto.password, req.ip ?? null, req.cookies?.[REMEMBER_COOKIE] as string | undefined, localeFromAcceptLanguage(req.headers['accept-language']));
    if (session) setSessionCookie(req, res, session);
    return body;
  }

  @Post('sign-in/totp')
  @HttpCode(200)
  @RateLimited('connect-sign-in')
  @ApiOperation({ summary: 'The authenticator app code (6 digits, accepted once) → signed in' })
  async totp(@Body() dto: ChallengeCodeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return signedIn(req, res, await this.codes.signInTotp(dto.challenge, dto.code, req.ip ?? null));
  }

  @Post('sign-in/sms/send')
  @HttpCode(200)
  @RateLimited('connect-sign-in')
  @ApiOperation({ summary: '"Try another way": send a code by SMS to the verified phone number' })
  sendSms(@Body() dto: ChallengeDto, @Req() req: Request) {
    return this.codes.sendSms(dto.challenge, req.ip ?? null);
  }

  @Post('sign-in/sms')
  @HttpCode(200)
  @RateLimited('one-time-code')
  @ApiOperation({ summary: 'The SMS code → signed in' })
  async sms(@Body() dto: ChallengeCodeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return signedIn(req, res, await this.codes.signInSms(dto.challenge, dto.code, req.ip ?? null));
  }

  @Post('sign-in/one-time-code')
  @HttpCode(200)
  @RateLimited('one-time-code')
  @ApiOperation({ summary: '"Use another method → One-time code": a code from customer service or the emergency code → { next: "choose-loss-type" }' })
  oneTimeCode(@Body() dto: OneTimeCodeDto, @Req() req: Request) {
    return this.lostAccess.oneTimeCode(dto.challenge, dto.code, req.ip ?? null);
  }

  @Post('recovery/lost')
  @HttpCode(200)
  @ApiOperation({ summary: 'After a one-time code: temporarily lost (sign in once) or permanently lost (every second factor removed, enrolment starts)' })
  async lost(@Body() dto: LostDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return signedIn(req, res, await this.lostAccess.chooseLoss(dto.challenge, dto.permanently, req.ip ?? null));
  }

  @Get('me')
  @RequiresConnectSession()
  @ApiOperation({ summary: 'The signed-in identity and the step its session is at' })
  me(@CurrentConnect() ctx: ConnectContext) {
    return this.connect.view(ctx.identity, ctx.data);
  }

  @Get('session')
  @OptionalConnectSession()
  @ApiOperation({ summary: 'Whether this browser has a Connect session: `{signedIn, me}` with `me` as GET /me answers it, or null. Always 200, so a signed-out page load makes no failing request' })
  async session(@OptionalConnect() ctx: ConnectContext | null): Promise<ConnectSessionState> {
    return ctx ? { signedIn: true, me: await this.connect.view(ctx.identity, ctx.data) } : { signedIn: false, me: null };
  }

  @Put('me/locale')
  @RequiresConnectSession()
  @ApiOperation({ summary: "The language switcher: the person's language for these pages, e-mails and SMS" })
  async setLocale(@Body() dto: ConnectLocaleDto, @CurrentConnect() ctx: ConnectContext) {
    await this.db.tx(async (m) => {
      const before = ctx.identity.locale;
      await this.connect.setLocale(m, ctx.identity, dto.locale, { onlyIfUnset: false });
      await this.audit.record({ action: 'identity.locale-changed', targetType: 'identity', targetId: ctx.identity.id, before: { locale: before }, after: { locale: dto.locale }, actor: userActor(ctx.identity) }, m);
    });
    return this.connect.view(ctx.identity, ctx.data);
  }

  @Post('sign-out')
  @ApiOperation({ summary: 'Ends the Connect session' })
  @HttpCode(200)
  @RequiresConnectSession()
  async signOut(@CurrentConnect() ctx: ConnectContext, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.connect.signOut(ctx.session.id, ctx.identity);
    res.clearCookie(CONNECT_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    return { signedOut: true };
  }

  // --- enrolment ---

  @Post('enrolment/totp')
  @HttpCode(200)
  @RequiresConnectSession('enrol-totp')
  @ApiOperation({ summary: 'A new authenticator secret: { secret, otpauthUri, qrPngDataUrl }' })
  startTotp(@CurrentConnect() ctx: ConnectContext) {
    return this.enrolment.startTotp(ctx);
  }

  @Post('enrolment/totp/confirm')
  @HttpCode(200)
  @RequiresConnectSession('enrol-totp')
  @ApiOperation({ summary: 'Confirm the new authenticator with its current code → { emergencyCode, next } (the code is shown this once)' })
  confirmTotp(@CurrentConnect() ctx: ConnectContext, @Body() dto: CodeDto) {
    return this.enrolment.confirmTotp(ctx, dto.code);
  }

  @Post('enrolment/emergency-code')
  @HttpCode(200)
  @RequiresConnectSession('add-phone', 'emergency-code')
  @ApiOperation({ summary: 'A new emergency code (replaces the previous one) → { emergencyCode }' })
  emergencyCode(@CurrentConnect() ctx: ConnectContext) {
    return this.enrolment.issueEmergencyCode(ctx);
  }

  @Post('enrolment/emergency-code/acknowledge')
  @HttpCode(200)
  @RequiresConnectSession('emergency-code')
  @ApiOperation({ summary: '"I have safely copied and stored this code" → signed in' })
  acknowledge(@CurrentConnect() ctx: ConnectContext, @Body() _dto: AcknowledgeDto) {
    return this.enrolment.acknowledgeEmergencyCode(ctx);
  }

  @Post('enrolment/sms')
  @HttpCode(200)
  @RequiresConnectSession('add-phone', 'signed-in')
  @ApiOperation({ summary: 'Add a phone number for SMS: a 6-digit code is sent to it' })
  addPhone(@CurrentConnect() ctx: ConnectContext, @Body() dto: PhoneDto) {
    return this.enrolment.addPhone(ctx, dto.phoneNumber);
  }

  @Post('enrolment/sms/confirm')
  @HttpCode(200)
  @RequiresConnectSession('add-phone', 'signed-in')
  @ApiOperation({ summary: 'Verify the phone number with the code sent to it' })
  confirmPhone(@CurrentConnect() ctx: ConnectContext, @Body() dto: CodeDto) {
    return this.enrolment.confirmPhone(ctx, dto.code);
  }

  @Post('enrolment/sms/skip')
  @HttpCode(200)
  @RequiresConnectSession('add-phone')
  @ApiOperation({ summary: 'The SMS step is optional' })
  skipPhone(@CurrentConnect() ctx: ConnectContext) {
    return this.enrolment.skipPhone(ctx);
  }

  // --- activation and password reset ---

  @Get('password-policy')
  @ApiOperation({ summary: 'The password rules in force (PASSWORD_POLICY)' })
  passwordPolicy() {
    return this.activation.passwordPolicy();
  }

  @Post('links/inspect')
  @HttpCode(200)
  @RateLimited('one-time-code')
  @ApiOperation({ summary: 'Whether an e-mailed link is usable: 404 LINK_INVALID, 410 LINK_EXPIRED' })
  inspect(@Body() dto: TokenDto) {
    return this.activation.inspect(dto.token);
  }

  @Post('activation')
  @HttpCode(200)
  @UsesPasswordKdf()
  @ApiOperation({ summary: 'Activate an invited account: set the password (policy), then enrol the authenticator' })
  async activate(@Body() dto: TokenPasswordDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { session, next } = await this.activation.activate(dto.token, dto.password, req.ip ?? null, localeFromAcceptLanguage(req.headers['accept-language']));
    setSessionCookie(req, res, session);
    return { next };
  }

  @Post('password-reset/request')
  @HttpCode(202)
  @RateLimited('invite')
  @ApiOperation({ summary: 'Send a reset (or new activation) link; the same answer whether or not the address has an account' })
  requestReset(@Body() dto: ResetRequestDto, @Req() req: Request) {
    return this.activation.requestReset(dto.email, req.ip ?? null);
  }

  @Post('password-reset')
  @HttpCode(200)
  @UsesPasswordKdf()
  @ApiOperation({ summary: 'Set a new password from a reset link' })
  resetPassword(@Body() dto: TokenPasswordDto) {
    return this.activation.resetPassword(dto.token, dto.password);
  }
}
