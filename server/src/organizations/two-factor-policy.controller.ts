import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { IdentitiesService } from '../identities/identities.service.js';
import { TWO_FACTOR_POLICIES, TwoFactorPolicyService } from './two-factor-policy.js';

export class TwoFactorPolicyDto {
  @ApiProperty({ enum: TWO_FACTOR_POLICIES, description: '`required`: a second factor at every sign-in; `adaptive`: when the device is not remembered, the last second factor is older than 30 days, or after failed attempts' })
  @IsString()
  @IsIn(TWO_FACTOR_POLICIES as string[], { message: `policy must be one of ${TWO_FACTOR_POLICIES.join(', ')}` })
  policy: string;
}

/** The organization's 2FA policy (seed 003) and an identity's effective policy. */
@ApiTags('organizations')
@Controller()
export class TwoFactorPolicyController {
  constructor(
    private readonly policies: TwoFactorPolicyService,
    private readonly identities: IdentitiesService,
  ) {}

  @Put('organizations/:id/two-factor-policy')
  @ApiOperation({ summary: "Change the organization's two-step verification policy (supervisors; org admins for their own organization; step-up)" })
  set(@Param('id', IdPipe) id: string, @Body() dto: TwoFactorPolicyDto, @CurrentActor() actor: Actor) {
    return this.policies.setForOrganization(id, dto.policy, actor);
  }

  @Get('identities/:id/two-factor-policy')
  @ApiOperation({ summary: "The identity's effective policy: the strictest of its organizations'" })
  async effective(@Param('id', IdPipe) id: string, @CurrentActor() actor: Actor) {
    const identity = await this.identities.getEntity(id, actor);
    const eff = await this.policies.effectiveFor(identity.id);
    // Org admins see only their own organizations by name; the effective policy itself is not a secret.
    const organizations = actor.allOrganizations ? eff.organizations : eff.organizations.filter((o) => actor.organizationIds.includes(o.id));
    return { identityId: identity.id, policy: eff.policy, organizations };
  }
}
