import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OrganizationsService, ORGANIZATION_LIST } from './organizations.service.js';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly orgs: OrganizationsService) {}

  @Get()
  @ApiList('organizations')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.orgs.list(parseListQuery(query, ORGANIZATION_LIST), actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.orgs.get(id, actor);
  }
}
