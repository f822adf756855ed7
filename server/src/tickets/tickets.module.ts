import { Module } from '@nestjs/common';
import { TicketsController } from './tickets.controller.js';
import { TicketsService } from './tickets.service.js';
import { VerificationService } from './verification.service.js';

@Module({ controllers: [TicketsController], providers: [TicketsService, VerificationService], exports: [TicketsService, VerificationService] })
export class TicketsModule {}
