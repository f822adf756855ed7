import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LoginAttemptsService, LOGIN_ATTEMPT_LIST } from './login-attempts.service.js';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';

@ApiTags('login-attempts')
@Controller('login-attempts')
export class LoginAttemptsController {
  constructor(private readonly attempts: LoginAttemptsService) {}

  @Get()
  @ApiList('login-attempts')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.attempts.list(parseListQuery(query, LOGIN_ATTEMPT_LIST), actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.attempts.get(id, actor);
  }
}
