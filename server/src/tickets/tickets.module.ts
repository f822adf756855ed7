import { Module } from '@nestjs/common';
import { TicketsController } from './tickets.controller.js';
import { TicketsService } from './tickets.service.js';
import { TicketChangesService } from './ticket-changes.service.js';
import { TicketCommentsService } from './ticket-comments.service.js';
import { TicketTimelineService } from './ticket-timeline.service.js';
import { VerificationService } from './verification.service.js';
import { TicketMailService } from './ticket-mail.service.js';
import { InboundMailListener } from './inbound-mail.listener.js';
import { TicketQueueService } from './ticket-queue.service.js';

@Module({
  controllers: [TicketsController],
  providers: [TicketsService, TicketChangesService, TicketCommentsService, TicketTimelineService, VerificationService, TicketMailService, InboundMailListener, TicketQueueService],
  exports: [TicketsService, TicketChangesService, VerificationService, TicketMailService, InboundMailListener],
})
export class TicketsModule {}
