import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IdPipe } from '../common/id-param.js';
import { RateLimited } from '../common/rate-limited.js';
import { ChallengeDto } from './connect.dto.js';
import { setSessionCookie } from './connect.controller.js';
import { ConnectRequestGuard, CurrentConnect, RequiresConnectSession, type ConnectContext } from './connect-request.guard.js';
import { DevicesService } from './devices.service.js';
import { PushService } from './push.service.js';
import { PushResultDto } from './push.dto.js';
import { REMEMBER_COOKIE, RememberDeviceService } from './remember-device.service.js';

/** Visma Authenticator push and the Adaptive policy on the person's side (/api/connect). */
@ApiTags('connect')
@Controller('connect')
@UseGuards(ConnectRequestGuard)
export class PushController {
  constructor(
    private readonly push: PushService,
    private readonly devices: DevicesService,
    private readonly remember: RememberDeviceService,
  ) {}

  @Post('sign-in/push')
  @HttpCode(200)
  @RateLimited('connect-sign-in')
  @ApiOperation({ summary: 'After the password: send a push to Visma Authenticator → { pushId, number, expiresAt } (60 s). 429 PUSH_PAUSED after 3 unanswered pushes in 10 minutes' })
  start(@Body() dto: ChallengeDto, @Req() req: Request) {
    return this.push.start(dto.challenge, req.ip ?? null, req.headers['user-agent']);
  }

  @Post('sign-in/push/result')
  @HttpCode(200)
  @ApiOperation({ summary: 'Where the push stands (long poll with waitSeconds): pending, denied, reported, expired — or approved, which signs in (sets the session cookie)' })
  async result(@Body() dto: PushResultDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const r = await this.push.result(dto.challenge, dto.pushId, dto.waitSeconds ?? 0, req.ip ?? null);
    if (!r.done) return { status: r.status, reason: r.reason };
    setSessionCookie(req, res, r.done.token);
    return { status: r.status, reason: null, next: r.done.next, identity: r.done.identity };
  }

  @Post('devices/enrolment')
  @HttpCode(200)
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Start enrolling a Visma Authenticator device (second factor within 5 minutes) → { enrolmentUri, qrPngDataUrl, expiresAt } (single use, 10 minutes)' })
  enrol(@CurrentConnect() ctx: ConnectContext, @Req() req: Request) {
    return this.devices.startEnrolment(ctx, `${req.protocol}://${req.get('host')}`);
  }

  @Get('devices')
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'The Visma Authenticator devices of the signed-in person' })
  list(@CurrentConnect() ctx: ConnectContext) {
    return this.devices.list(ctx.identity.id);
  }

  @Delete('devices/:id')
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Remove one Visma Authenticator device (fresh step-up; never the last way to sign in while 2FA is required); audited and e-mailed' })
  removeDevice(@CurrentConnect() ctx: ConnectContext, @Param('id', IdPipe) id: string) {
    return this.devices.removeOne(ctx, id);
  }

  @Get('two-factor-policy')
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'The effective 2FA policy (required / adaptive), whether this browser is remembered, and whether to offer it' })
  policy(@CurrentConnect() ctx: ConnectContext, @Req() req: Request) {
    return this.remember.view(ctx, req.cookies?.[REMEMBER_COOKIE]);
  }

  @Post('remember-device')
  @HttpCode(200)
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: '"Remember this device" for 30 days (Adaptive policy; right after a second factor): sets a signed cookie' })
  async rememberDevice(@CurrentConnect() ctx: ConnectContext, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { cookie, expiresAt } = await this.remember.remember(ctx);
    res.cookie(REMEMBER_COOKIE, cookie, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api/connect', expires: expiresAt });
    return { rememberedUntil: expiresAt.toISOString() };
  }
}
