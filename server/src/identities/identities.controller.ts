import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdentitiesService, IDENTITY_LIST } from './identities.service.js';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';

@ApiTags('identities')
@Controller('identities')
export class IdentitiesController {
  constructor(private readonly identities: IdentitiesService) {}

  @Get()
  @ApiList('identities')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.identities.list(parseListQuery(query, IDENTITY_LIST), actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.identities.get(id, actor);
  }
}
