import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RecoveryService } from './recovery.service.js';
import { recoveryCodeList } from './recovery-code.views.js';
import { IssueRecoveryCodeDto, IssuedRecoveryCode, PendingRecoveryCode, RejectRecoveryCodeDto } from './recovery.dto.js';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';
import { Clock } from '../common/clock.js';
import { RecoveryCodeStatus } from '../../../shared/identity.js';

@ApiTags('recovery-codes')
@Controller('recovery-codes')
export class RecoveryController {
  constructor(
    private readonly recovery: RecoveryService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiList('recovery-codes')
  @ApiOperation({ summary: 'Codes and requests (filter status: pending-approval is the approval queue); never the code or its hash' })
  list(@Query() query: Record<string, unknown>) {
    return this.recovery.list(parseListQuery(query, recoveryCodeList(this.clock.now())));
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string) {
    return this.recovery.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Issues a one-time code after a sufficient verification (step-up). The code is in this answer only.' })
  @ApiCreatedResponse({ type: IssuedRecoveryCode })
  @ApiAcceptedResponse({ type: PendingRecoveryCode, description: 'The person holds a console role or is privileged: a second supervisor must approve' })
  async issue(@Body() dto: IssueRecoveryCodeDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const result = await this.recovery.issue(dto, actor);
    res.setHeader('Cache-Control', 'no-store');
    if (result.status === RecoveryCodeStatus.PENDING_APPROVAL) res.status(202);
    return result;
  }

  @Post(':id/approve')
  @ApiOperation({ summary: 'A different supervisor approves a pending request (step-up); the code is shown to them once' })
  @ApiCreatedResponse({ type: IssuedRecoveryCode })
  async approve(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const result = await this.recovery.approve(id, actor);
    res.setHeader('Cache-Control', 'no-store');
    return result;
  }

  @Post(':id/reject')
  @ApiOperation({ summary: 'A supervisor rejects a pending code request' })
  reject(@Param('id', IdPipe) id: string, @Body() dto: RejectRecoveryCodeDto, @CurrentActor() actor: Actor) {
    return this.recovery.reject(id, dto.reason, actor);
  }

  @Post(':id/revoke')
  @ApiOperation({ summary: 'Revokes an unused code' })
  revoke(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.recovery.revoke(id, actor);
  }
}
