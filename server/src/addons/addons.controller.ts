import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiList } from '../common/api-docs.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import { IdPipe } from '../common/id-param.js';
import { parseListQuery } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { AddonChangesService } from './addon-changes.service.js';
import { AddonPreflightService, preflightRange } from './addon-preflight.service.js';
import { AddonPreflightDto, PurchaseAddonDto, UpdateOrganizationAddonDto } from './addons.dto.js';
import { ADDON_HISTORY_LIST, ADDON_LIST, AddonsService, ORGANIZATION_ADDON_LIST } from './addons.service.js';

@ApiTags('addons')
@Controller('addons')
export class AddonsController {
  constructor(private readonly addons: AddonsService) {}

  @Get()
  @ApiList('addons')
  @ApiOperation({ summary: 'The add-on catalog: each add-on, the portal it unlocks, its price (0) and description' })
  list(@Query() query: Record<string, unknown>) {
    return this.addons.listCatalog(parseListQuery(query, ADDON_LIST));
  }
}

@ApiTags('addons')
@Controller('organization-addons')
export class OrganizationAddonsController {
  constructor(
    private readonly addons: AddonsService,
    private readonly preflights: AddonPreflightService,
    private readonly changes: AddonChangesService,
  ) {}

  @Get()
  @ApiList('organization-addons')
  @ApiOperation({ summary: "Organizations' add-ons (filters: organizationId, addonId, status)" })
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.addons.list(parseListQuery(query, ORGANIZATION_ADDON_LIST), actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.addons.get(id, actor);
  }

  @Post('preflight')
  @HttpCode(200)
  @ApiOperation({ summary: 'Who would gain, keep lacking or lose Severa access if the add-on were turned on or off. Writes nothing.' })
  preflight(@Body() dto: AddonPreflightDto, @CurrentActor() actor: Actor) {
    return this.preflights.forActor(actor, dto.organizationId, dto.addonId, dto.change, preflightRange(dto.range));
  }

  @Post()
  @ApiOperation({ summary: 'Buy (price 0) and activate an add-on for an organization. Needs step-up.' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'A new unique value per purchase; retrying with the same value returns the same order', schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]{1,128}$' } })
  @ApiResponse({ status: 201, description: 'Ordered and activated' })
  @ApiResponse({ status: 200, description: 'The same Idempotency-Key was used before: the same order' })
  @ApiResponse({ status: 409, description: 'ADDON_ALREADY_ACTIVE, ORGANIZATION_LEFT_SEVERA or IDEMPOTENCY_KEY_REUSED' })
  async purchase(
    @Body() dto: PurchaseAddonDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, result } = await this.changes.purchase(dto.organizationId, dto.addonId, idempotencyKey, actor);
    res.status(created ? 201 : 200);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    return result;
  }

  @Put(':id')
  @ApiOperation({ summary: 'Deactivate an add-on ({status: "inactive", reason}). Needs step-up.' })
  deactivate(@Param('id', IdPipe) id: string, @Body() dto: UpdateOrganizationAddonDto, @CurrentActor() actor: Actor) {
    return this.changes.deactivate(id, dto.reason, actor);
  }
}

@ApiTags('addons')
@Controller('organizations')
export class OrganizationAddonHistoryController {
  constructor(private readonly addons: AddonsService) {}

  @Get(':id/addon-history')
  @ApiList('addon-history')
  @ApiOperation({ summary: "Every order, activation and deactivation of the organization's add-ons (filters: addonId, kind)" })
  history(@Param('id', IdPipe) id: string, @Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.addons.history(id, parseListQuery(query, ADDON_HISTORY_LIST), actor);
  }
}
