import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '../common/errors.js';
import { CodeDto } from './connect.dto.js';
import { ConnectRequestGuard, CurrentConnect, RequiresConnectSession, type ConnectContext } from './connect-request.guard.js';
import { ConnectStepUpService } from './connect-step-up.service.js';
import { SecuritySettingsService } from './security-settings.service.js';
import { ConnectStepUpDto, ConnectStepUpStartDto, DefaultMethodDto } from './passkeys.dto.js';
import { StepUpPushResultDto } from './push.dto.js';

/** The person's security settings (/connect/settings): every change needs a fresh step-up (5 minutes). */
@ApiTags('connect')
@Controller('connect')
@UseGuards(ConnectRequestGuard)
export class SecuritySettingsController {
  constructor(
    private readonly settings: SecuritySettingsService,
    private readonly stepUp: ConnectStepUpService,
  ) {}

  @Get('settings/overview')
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Every method, the default, the policy and whether the session has a fresh step-up' })
  view(@CurrentConnect() ctx: ConnectContext) {
    return this.settings.view(ctx);
  }

  @Post('step-up/start')
  @HttpCode(200)
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Step-up with SMS (sends a code), a passkey (WebAuthn options) or Visma Authenticator push ({ pushId, number, expiresAt })' })
  startStepUp(@CurrentConnect() ctx: ConnectContext, @Body() dto: ConnectStepUpStartDto, @Req() req: Request) {
    if (dto.method === 'push') return this.stepUp.startPush(ctx, req.ip ?? null, req.headers['user-agent']);
    return this.stepUp.start(ctx, dto.method);
  }

  @Post('step-up/push/result')
  @HttpCode(200)
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Where the step-up push stands (long poll with waitSeconds): pending, denied, reported, expired — or approved, which steps the session up for 5 minutes' })
  stepUpPushResult(@CurrentConnect() ctx: ConnectContext, @Body() dto: StepUpPushResultDto) {
    return this.stepUp.pushResult(ctx, dto.pushId, dto.waitSeconds ?? 0);
  }

  @Post('step-up')
  @HttpCode(200)
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Prove a second factor again (passkey, authenticator code or SMS code) → changes allowed for 5 minutes' })
  verifyStepUp(@CurrentConnect() ctx: ConnectContext, @Body() dto: ConnectStepUpDto, @Req() req: Request) {
    return this.stepUp.verify(ctx, dto.method, { code: dto.code, response: dto.response }, req.ip ?? null);
  }

  @Post('settings/totp')
  @HttpCode(200)
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Add or replace the authenticator app: { secret, otpauthUri, qrPngDataUrl } (fresh step-up)' })
  startTotp(@CurrentConnect() ctx: ConnectContext) {
    return this.settings.startTotp(ctx);
  }

  @Post('settings/totp/confirm')
  @HttpCode(200)
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Confirm the new authenticator with its current code; the previous one stops working' })
  confirmTotp(@CurrentConnect() ctx: ConnectContext, @Body() dto: CodeDto) {
    return this.settings.confirmTotp(ctx, dto.code);
  }

  @Delete('settings/methods/:method')
  @RequiresConnectSession('signed-in')
  @ApiParam({ name: 'method', enum: ['totp', 'sms'] })
  @ApiOperation({ summary: 'Remove the authenticator app or the SMS number (fresh step-up; never the last way to sign in while 2FA is required)' })
  remove(@CurrentConnect() ctx: ConnectContext, @Param('method') method: string) {
    if (method !== 'totp' && method !== 'sms') throw DomainError.notFound('Method');
    return this.settings.removeMethod(ctx, method);
  }

  @Post('settings/emergency-code')
  @HttpCode(200)
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'A new emergency code, shown once; the previous one stops working (fresh step-up)' })
  renewEmergencyCode(@CurrentConnect() ctx: ConnectContext) {
    return this.settings.renewEmergencyCode(ctx);
  }

  @Put('settings/default-method')
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'The method sign-in opens with (fresh step-up)' })
  setDefault(@CurrentConnect() ctx: ConnectContext, @Body() dto: DefaultMethodDto) {
    return this.settings.setDefault(ctx, dto.method);
  }
}
