import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IdPipe } from '../common/id-param.js';
import { RateLimited } from '../common/rate-limited.js';
import { CONNECT_COOKIE, ConnectRequestGuard, CurrentConnect, RequiresConnectSession, type ConnectContext } from './connect-request.guard.js';
import { PasskeySignInService } from './passkey-sign-in.service.js';
import { PasskeysService } from './passkeys.service.js';
import { PasskeyOptionsDto, PasskeyRegistrationDto, PasskeyRenameDto, PasskeyVerifyDto } from './passkeys.dto.js';

/** Passkeys and security keys (WebAuthn): registration, sign-in (second factor or password-less), list, rename, remove. */
@ApiTags('connect')
@Controller('connect')
@UseGuards(ConnectRequestGuard)
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly signIn: PasskeySignInService,
  ) {}

  @Post('passkeys/registration/options')
  @HttpCode(200)
  @RequiresConnectSession('add-phone', 'signed-in')
  @ApiOperation({ summary: 'Options for navigator.credentials.create() (attestation none, discoverable preferred). Signed in: needs a fresh step-up.' })
  registrationOptions(@CurrentConnect() ctx: ConnectContext) {
    return this.passkeys.registrationOptions(ctx);
  }

  @Post('passkeys/registration/verify')
  @HttpCode(200)
  @RequiresConnectSession('add-phone', 'signed-in')
  @ApiOperation({ summary: 'The browser’s answer and a name → the stored passkey (the challenge is answered once)' })
  registrationVerify(@CurrentConnect() ctx: ConnectContext, @Body() dto: PasskeyRegistrationDto) {
    return this.passkeys.registrationVerify(ctx, dto.response, dto.name);
  }

  @Get('passkeys')
  @RequiresConnectSession('add-phone', 'emergency-code', 'signed-in')
  @ApiOperation({ summary: 'My passkeys and security keys: name, kind, created, last used' })
  list(@CurrentConnect() ctx: ConnectContext) {
    return this.passkeys.list(ctx);
  }

  @Patch('passkeys/:id')
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Rename a passkey (fresh step-up)' })
  rename(@CurrentConnect() ctx: ConnectContext, @Param('id', IdPipe) id: string, @Body() dto: PasskeyRenameDto) {
    return this.passkeys.rename(ctx, id, dto.name);
  }

  @Delete('passkeys/:id')
  @RequiresConnectSession('signed-in')
  @ApiOperation({ summary: 'Remove a passkey (fresh step-up; never the last way to sign in while 2FA is required)' })
  remove(@CurrentConnect() ctx: ConnectContext, @Param('id', IdPipe) id: string) {
    return this.passkeys.remove(ctx, id);
  }

  @Post('sign-in/passkey/options')
  @HttpCode(200)
  @RateLimited('connect-sign-in')
  @ApiOperation({ summary: 'With the password step’s challenge: options for this account’s keys. Without: a password-less sign-in with a discoverable passkey → { challenge, options }' })
  signInOptions(@Body() dto: PasskeyOptionsDto, @Req() req: Request) {
    return this.signIn.options(dto.challenge, req.ip ?? null);
  }

  @Post('sign-in/passkey/verify')
  @HttpCode(200)
  @RateLimited('connect-sign-in')
  @ApiOperation({ summary: 'The passkey’s answer → signed in. A counter that does not move forward (a cloned key) is refused: 401 PASSKEY_COUNTER_REPLAY' })
  async signInVerify(@Body() dto: PasskeyVerifyDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const done = await this.signIn.verify(dto.challenge, dto.response, req.ip ?? null);
    res.cookie(CONNECT_COOKIE, done.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    return { next: done.next, identity: done.identity };
  }
}
