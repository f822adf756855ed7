import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SecondFactorsService } from './second-factors.service.js';
import { SecondFactorsResetService } from './second-factors-reset.service.js';
import { ResetSecondFactorsDto } from './recovery.dto.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';

@ApiTags('identities')
@Controller('identities')
export class SecondFactorsController {
  constructor(
    private readonly factors: SecondFactorsService,
    private readonly resets: SecondFactorsResetService,
  ) {}

  @Get(':id/second-factors')
  @ApiOperation({ summary: 'Enrolled second factors, with dates, and the 2FA policy (Required / Adaptive)' })
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.factors.overview(id, actor);
  }

  @Post(':id/second-factors/reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove every second factor of the person at once (every application), ending their sessions: a verified ticket of theirs, step-up' })
  reset(@Param('id', IdPipe) id: string, @Body() dto: ResetSecondFactorsDto, @CurrentActor() actor: Actor) {
    return this.resets.reset(id, dto.ticketId, actor);
  }
}
