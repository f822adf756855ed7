import { Module } from '@nestjs/common';
import { LoginAttemptsController } from './login-attempts.controller.js';
import { LoginAttemptsService } from './login-attempts.service.js';
import { HandoffFactsService } from './handoff-facts.service.js';

@Module({ controllers: [LoginAttemptsController], providers: [LoginAttemptsService, HandoffFactsService], exports: [LoginAttemptsService, HandoffFactsService] })
export class SignInModule {}
