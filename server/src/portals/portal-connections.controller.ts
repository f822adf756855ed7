import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';
import { PortalConnectionsService, PORTAL_CONNECTION_LIST } from './portal-connections.service.js';

export class UpdatePortalConnectionDto {
  @ApiProperty()
  @IsBoolean()
  enabled: boolean;

  @ApiProperty({ description: 'Why (recorded in the audit log)' })
  @IsString()
  @Length(3, 500)
  @Matches(/\S{3}|\S.*\S.*\S/s, { message: 'reason must say why (at least three characters that are not spaces)' })
  reason: string;
}

@ApiTags('portal-connections')
@Controller('portal-connections')
export class PortalConnectionsController {
  constructor(private readonly connections: PortalConnectionsService) {}

  @Get()
  @ApiList('portal-connections')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.connections.list(parseListQuery(query, PORTAL_CONNECTION_LIST), actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.connections.get(id, actor);
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check now: verifies the configuration (secret, signature, enabled, organization, add-on, recent hand-offs)' })
  check(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.connections.check(id, actor);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'New shared secret, shown once (supervisors, step-up)' })
  rotate(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.connections.rotateSecret(id, actor);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Enable or disable the connection (supervisors, step-up)' })
  update(@Param('id', IdPipe) id: string, @Body() dto: UpdatePortalConnectionDto, @CurrentActor() actor: Actor) {
    return this.connections.setEnabled(id, dto.enabled, dto.reason, actor);
  }
}
