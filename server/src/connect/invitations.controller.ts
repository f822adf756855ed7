import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { ActivationService } from './activation.service.js';
import { InviteDto } from './connect.dto.js';
import { RateLimited } from '../common/rate-limited.js';

/** Staff invite a person to the Customer Portal (seed 004): an invited identity and an activation link by e-mail. */
@ApiTags('identities')
@Controller('identities')
export class InvitationsController {
  constructor(private readonly activation: ActivationService) {}

  @Post('invite')
  @HttpCode(202)
  @RateLimited('invite')
  @ApiOperation({
    summary:
      'Invite a person: the activation link (valid 24 hours) goes out by e-mail. Supervisors; org admins for their own organization and its Severa users’ addresses or owned domains. Always 202: an existing account gets a "you already have an account" e-mail instead.',
  })
  invite(@Body() dto: InviteDto, @CurrentActor() actor: Actor) {
    return this.activation.invite(dto, actor);
  }
}
