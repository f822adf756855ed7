import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ description: 'One login attempt (as each row of the list): `detail` is the recorded English text; `detailCode` and `detailParams` are the same cause as a code and its parameters (for a malformed hand-off, each refused field and its problem)' })
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.attempts.get(id, actor);
  }
}
