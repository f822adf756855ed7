import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';
import { PORTAL_IDS, PortalId } from '../../../shared/sign-in.js';
import { DEFAULT_OVERLAP_HOURS, MAX_ALLOWED_SOURCES, MAX_OVERLAP_HOURS } from '../../../shared/connections.js';
import { PortalConnectionsService, PORTAL_CONNECTION_LIST } from './portal-connections.service.js';
import { PortalConnectionChangesService } from './portal-connection-changes.service.js';

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

export class CreatePortalConnectionDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'organizationId must be an organization id' })
  organizationId: string;

  @ApiProperty({ enum: PORTAL_IDS })
  @IsIn(PORTAL_IDS, { message: `portal must be one of ${PORTAL_IDS.join(', ')}` })
  portal: PortalId;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ default: DEFAULT_OVERLAP_HOURS, minimum: 0, maximum: MAX_OVERLAP_HOURS, description: 'Hours the previous secret keeps verifying' })
  @IsOptional()
  @IsInt({ message: 'overlapHours must be a whole number of hours' })
  @Min(0)
  @Max(MAX_OVERLAP_HOURS)
  overlapHours?: number;
}

export class AllowedSourcesDto {
  @ApiProperty({ type: [String], description: 'CIDR networks hand-offs may come from; empty: any source', example: ['203.0.113.0/24'] })
  @IsArray()
  @ArrayMaxSize(MAX_ALLOWED_SOURCES)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  allowedSources: string[];
}

@ApiTags('portal-connections')
@Controller('portal-connections')
export class PortalConnectionsController {
  constructor(
    private readonly connections: PortalConnectionsService,
    private readonly changes: PortalConnectionChangesService,
  ) {}

  @Get()
  @ApiList('portal-connections')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.connections.list(parseListQuery(query, PORTAL_CONNECTION_LIST), actor);
  }

  @Post()
  @ApiOperation({ summary: 'Creates a connection; answers its generated secret once ({id, secret, connection}) (step-up)' })
  create(@Body() dto: CreatePortalConnectionDto, @CurrentActor() actor: Actor) {
    return this.changes.create(dto.organizationId, dto.portal, actor);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'One connection (as each row of the list): `lastFailureCause` is the recorded English text; `lastFailureCauseCode` and `lastFailureCauseParams` are the same cause as a code and its parameters (for a malformed hand-off, each refused field and its problem)' })
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
  @ApiOperation({ summary: 'New shared secret, shown once; the previous one keeps verifying for overlapHours (default 24, 0–168) (step-up)' })
  rotate(@Param('id', IdPipe) id: string, @Body() dto: RotateSecretDto, @CurrentActor() actor: Actor) {
    return this.changes.rotateSecret(id, dto.overlapHours, actor);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Enable or disable the connection (step-up)' })
  update(@Param('id', IdPipe) id: string, @Body() dto: UpdatePortalConnectionDto, @CurrentActor() actor: Actor) {
    return this.changes.setEnabled(id, dto.enabled, dto.reason, actor);
  }

  @Put(':id/allowed-sources')
  @ApiOperation({ summary: 'The networks (CIDR) hand-offs may come from; others are refused before anything else and only counted (step-up)' })
  sources(@Param('id', IdPipe) id: string, @Body() dto: AllowedSourcesDto, @CurrentActor() actor: Actor) {
    return this.changes.setAllowedSources(id, dto.allowedSources, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes the connection: every hand-off for it is refused until a new one is created (step-up)' })
  async remove(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.changes.remove(id, actor);
  }
}
