import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TicketsService, TICKET_LIST } from './tickets.service.js';
import { TicketChangesService } from './ticket-changes.service.js';
import { TicketCommentsService } from './ticket-comments.service.js';
import { TicketTimelineService } from './ticket-timeline.service.js';
import { VerificationService } from './verification.service.js';
import { CreateCommentDto, CreateTicketDto, RecordVerificationDto, ReplyDto, UpdateTicketDto } from './tickets.dto.js';
import { TicketMailService } from './ticket-mail.service.js';
import { TicketQueueService } from './ticket-queue.service.js';
import { parseListQuery } from '../common/pagination.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly changes: TicketChangesService,
    private readonly commentsService: TicketCommentsService,
    private readonly timelineService: TicketTimelineService,
    private readonly verification: VerificationService,
    private readonly mail: TicketMailService,
    private readonly queueService: TicketQueueService,
  ) {}

  @Get()
  @ApiList('tickets')
  list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.tickets.list(parseListQuery(query, TICKET_LIST), actor);
  }

  @Get('queue')
  @ApiOperation({ summary: "The caller's queue: unassigned, mine, waiting for the person, resolved today (UTC), each oldest first" })
  queue(@CurrentActor() actor: Actor) {
    return this.queueService.queue(actor);
  }

  @Get('load')
  @ApiOperation({ summary: "Every agent's load: open, waiting and resolved today (supervisors)" })
  load() {
    return this.queueService.load();
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.tickets.get(id, actor);
  }

  @Post()
  @ApiOperation({ summary: 'Opens a ticket for an identity or the e-mail a caller gave' })
  create(@Body() dto: CreateTicketDto, @CurrentActor() actor: Actor) {
    return this.changes.create(dto, actor);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Assigns, links an identity, or resolves / closes (invalid transitions: 409)' })
  update(@Param('id', IdPipe) id: string, @Body() dto: UpdateTicketDto, @CurrentActor() actor: Actor) {
    return this.changes.update(id, dto, actor);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "The ticket's comments, oldest first" })
  comments(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.commentsService.comments(id, actor);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Adds a comment to the ticket' })
  addComment(@Param('id', IdPipe) id: string, @Body() dto: CreateCommentDto, @CurrentActor() actor: Actor) {
    return this.commentsService.addComment(id, dto.body, actor);
  }

  @Post(':id/replies')
  @ApiOperation({ summary: 'Replies to the person by e-mail (through the outbox, subject carries [#n])' })
  reply(@Param('id', IdPipe) id: string, @Body() dto: ReplyDto, @CurrentActor() actor: Actor) {
    return this.mail.reply(id, dto.body, actor);
  }

  @Get(':id/attachments')
  @ApiOperation({ summary: 'Attachments of inbound mail (names, types, sizes; whether the content was kept)' })
  attachments(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.mail.attachments(id, actor);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Everything that happened on the ticket, oldest first' })
  timeline(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.timelineService.timeline(id, actor);
  }

  @Get(':id/verification')
  @ApiOperation({ summary: 'The configurable list of checks, the policy, and the verifications recorded' })
  verificationOverview(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.verification.overview(id, actor);
  }

  @Post(':id/verification')
  @ApiOperation({ summary: 'Records the identity checks performed and their outcome' })
  recordVerification(@Param('id', IdPipe) id: string, @Body() dto: RecordVerificationDto, @CurrentActor() actor: Actor) {
    return this.verification.record(id, dto.checks, actor);
  }
}
