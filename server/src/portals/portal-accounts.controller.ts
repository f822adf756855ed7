import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PortalAccountsService, PORTAL_ACCOUNT_LIST } from './portal-accounts.service.js';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';

@ApiTags('portal-accounts')
@Controller('portal-accounts')
export class PortalAccountsController {
  constructor(private readonly accounts: PortalAccountsService) {}

  @Get()
  @ApiList('portal-accounts')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.accounts.list(parseListQuery(query, PORTAL_ACCOUNT_LIST), actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.accounts.get(id, actor);
  }
}
