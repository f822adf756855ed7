import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';
import { parseListQuery } from '../common/pagination.js';
import { INVITATION_REQUEST_LIST, InvitationRequestsService } from './invitation-requests.service.js';

export class RequestInvitationDto {
  @ApiProperty({ description: "The person's organization: its org admin confirms" })
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ description: 'Defaults to the e-mail on the ticket' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;
}

@ApiTags('identities')
@Controller()
export class InvitationRequestsController {
  constructor(private readonly requests: InvitationRequestsService) {}

  @Post('tickets/:id/invitation-request')
  @ApiOperation({ summary: "A caller without an identity: ask the organization's admin to confirm an invitation" })
  request(@Param('id', IdPipe) id: string, @Body() dto: RequestInvitationDto, @CurrentActor() actor: Actor) {
    return this.requests.request(id, dto, actor);
  }

  @Get('invitation-requests')
  @ApiList('invitation-requests')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.requests.list(parseListQuery(query, INVITATION_REQUEST_LIST), actor);
  }

  @Get('invitation-requests/:id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.requests.get(id, actor);
  }

  @Post('invitation-requests/:id/confirm')
  @ApiOperation({ summary: 'The org admin confirms: the invitation goes out' })
  confirm(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.requests.decide(id, true, actor);
  }

  @Post('invitation-requests/:id/reject')
  @ApiOperation({ summary: 'The org admin rejects the request' })
  reject(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.requests.decide(id, false, actor);
  }
}
