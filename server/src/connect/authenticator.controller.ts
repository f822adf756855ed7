import { Body, Controller, Get, Headers, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { IdPipe } from '../common/id-param.js';
import { RateLimited } from '../common/rate-limited.js';
import { DEVICE_HEADERS } from '../../../shared/two-factor.js';
import { ConnectRequestGuard } from './connect-request.guard.js';
import { DevicesService } from './devices.service.js';
import { PushService } from './push.service.js';
import { DeviceRegistrationDto, PushAnswerDto } from './push.dto.js';

/**
 * The Visma Authenticator app's API. No session: a device proves itself with its P-256 key — requests carry a
 * timestamp, a nonce and a signature over `METHOD|path|timestamp|nonce`; answers are signed over `pushId|decision|number`.
 */
@ApiTags('authenticator')
@Controller('authenticator')
@UseGuards(ConnectRequestGuard)
export class AuthenticatorController {
  constructor(
    private readonly devices: DevicesService,
    private readonly push: PushService,
  ) {}

  @Post('devices')
  @RateLimited('one-time-code')
  @ApiOperation({ summary: 'Enrol a device with the token of its enrolment URI → { deviceId }' })
  register(@Body() dto: DeviceRegistrationDto, @Req() req: Request) {
    return this.devices.register(dto.token, dto.name, dto.publicKeyJwk, req.ip ?? null);
  }

  @Get('devices/:id/requests')
  @ApiHeader({ name: DEVICE_HEADERS.timestamp, required: true, description: 'Unix time in milliseconds (within 5 minutes)', schema: { type: 'string', maxLength: 16 } })
  @ApiHeader({ name: DEVICE_HEADERS.nonce, required: true, description: '16–128 base64url characters, never reused', schema: { type: 'string', maxLength: 128 } })
  @ApiHeader({ name: DEVICE_HEADERS.signature, required: true, description: 'ECDSA P-256/SHA-256 over `GET|/api/authenticator/devices/<id>/requests|<timestamp>|<nonce>`, r||s, base64url', schema: { type: 'string', maxLength: 200 } })
  @ApiOperation({ summary: 'Pending sign-in requests for the device: where and when, and three numbers to choose from' })
  async requests(@Param('id', IdPipe) id: string, @Headers() headers: Record<string, string | undefined>, @Req() req: Request) {
    const device = await this.devices.authenticate(id, 'GET', `/api/authenticator/devices/${id}/requests`, {
      timestamp: headers[DEVICE_HEADERS.timestamp],
      nonce: headers[DEVICE_HEADERS.nonce],
      signature: headers[DEVICE_HEADERS.signature],
    }, req.ip ?? null);
    return this.push.pendingFor(device);
  }

  @Post('requests/:pushId')
  @RateLimited('one-time-code')
  @ApiOperation({ summary: 'Answer a sign-in request: approve (with the number shown on the sign-in page), deny, or report' })
  answer(@Param('pushId', IdPipe) pushId: string, @Body() dto: PushAnswerDto) {
    return this.push.answer(pushId, dto.decision, dto.number, dto.signature);
  }
}
