import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SecondFactorsService } from './second-factors.service.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';

@ApiTags('identities')
@Controller('identities')
export class SecondFactorsController {
  constructor(private readonly factors: SecondFactorsService) {}

  @Get(':id/second-factors')
  @ApiOperation({ summary: 'Enrolled second factors, with dates, and the 2FA policy (Required / Adaptive)' })
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.factors.overview(id, actor);
  }
}
