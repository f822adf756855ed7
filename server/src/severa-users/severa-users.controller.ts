import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UpdateSeveraUserDto } from './severa-users.dto.js';
import { SeveraUsersService, SEVERA_USER_LIST } from './severa-users.service.js';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';

@ApiTags('severa-users')
@Controller('severa-users')
export class SeveraUsersController {
  constructor(private readonly users: SeveraUsersService) {}

  @Get()
  @ApiList('severa-users')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.users.list(parseListQuery(query, SEVERA_USER_LIST), actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.users.get(id, actor);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Activate or deactivate a Severa user (reason required, step-up)' })
  update(@Param('id', IdPipe) id: string, @Body() dto: UpdateSeveraUserDto, @CurrentActor() actor: Actor) {
    return this.users.setActive(id, dto.active, dto.reason, actor);
  }
}
