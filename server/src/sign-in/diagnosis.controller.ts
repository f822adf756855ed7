import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { PORTAL_IDS, PortalId } from '../../../shared/sign-in.js';
import { DiagnosisService } from './diagnosis.service.js';
import { LoginStatsService } from './login-stats.service.js';
import { PeopleSearchService } from './people-search.service.js';

const ID = /^[A-Za-z0-9-]{1,64}$/;

export class PreflightQuery {
  @ApiProperty({ enum: PORTAL_IDS })
  @IsIn(PORTAL_IDS, { message: `portal must be one of ${PORTAL_IDS.join(', ')}` })
  portal: PortalId;

  @ApiProperty()
  @IsString()
  @Matches(ID, { message: 'organizationId must be an organization id' })
  organizationId: string;
}

export class DiagnosisQuery extends PreflightQuery {
  @ApiProperty({ description: 'The portal account e-mail, exactly as the portal has it (not trimmed)' })
  @IsString()
  @Length(1, 320)
  email: string;
}

export class PeopleQuery {
  @ApiProperty()
  @IsString()
  @Matches(ID, { message: 'organizationId must be an organization id' })
  organizationId: string;

  @ApiProperty({ description: 'Name or e-mail (or a part of one)' })
  @IsString()
  @Length(1, 320)
  @Matches(/\S/, { message: 'q must not be blank' })
  q: string;
}

export class LoginFailureStatsQuery {
  @ApiPropertyOptional({ default: 14, minimum: 1, maximum: 90 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  days?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(ID, { message: 'organizationId must be an organization id' })
  organizationId?: string;

  @ApiPropertyOptional({ enum: PORTAL_IDS })
  @IsOptional()
  @IsIn(PORTAL_IDS)
  portal?: PortalId;
}

@ApiTags('sign-in')
@Controller()
export class DiagnosisController {
  constructor(
    private readonly diagnosis: DiagnosisService,
    private readonly stats: LoginStatsService,
    private readonly people: PeopleSearchService,
  ) {}

  @Get('sign-in/people')
  @ApiOperation({ summary: "People of an organization by name or e-mail, found among its Severa users, portal accounts (both portals) and recent failed attempts, grouped per person with every spelling" })
  findPeople(@Query() q: PeopleQuery, @CurrentActor() actor: Actor) {
    return this.people.search(q.organizationId, q.q, actor);
  }

  @Get('sign-in/diagnosis')
  @ApiOperation({ summary: 'Why can (not) this portal account sign in to Severa: all five checks with evidence, owner, remedy and fixes' })
  diagnose(@Query() q: DiagnosisQuery, @CurrentActor() actor: Actor) {
    return this.diagnosis.diagnose(q.portal, q.organizationId, q.email, actor);
  }

  @Get('sign-in/preflight')
  @ApiOperation({ summary: "Every portal account of the organization through the rules engine, with counts per failing check" })
  preflight(@Query() q: PreflightQuery, @CurrentActor() actor: Actor) {
    return this.diagnosis.preflight(q.portal, q.organizationId, actor);
  }

  @Get('stats/login-failures')
  @ApiOperation({ summary: 'Failed hand-offs per day (UTC) and reason' })
  loginFailures(@Query() q: LoginFailureStatsQuery, @CurrentActor() actor: Actor) {
    return this.stats.failuresByDay(q.days ?? 14, actor, { organizationId: q.organizationId, portal: q.portal });
  }
}
