import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { StaffService } from './staff.service.js';
import { CurrentActor } from '../common/current-actor.decorator.js';
import type { Actor } from '../common/request-context.js';
import { IdPipe } from '../common/id-param.js';
import { ApiList } from '../common/api-docs.js';
import { STAFF_ROLES, StaffRole } from '../../../shared/roles.js';

export class GrantDto {
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role: StaffRole;

  @ApiPropertyOptional({ description: 'Required for org admins' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  organizationId?: string;
}

export class SetRolesDto {
  @ApiProperty({ type: [GrantDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  roles: GrantDto[];
}

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiList('staff')
  list(@Query() query: Record<string, unknown>) {
    return this.staff.list(query);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: string) {
    return this.staff.get(id);
  }

  /** Grants and revokes console roles (supervisors, step-up). */
  @Put(':id')
  @ApiOperation({ summary: "Changes a staff member's console roles (supervisors, step-up)" })
  setRoles(@Param('id', IdPipe) id: string, @Body() dto: SetRolesDto, @CurrentActor() actor: Actor) {
    return this.staff.setRoles(id, dto.roles, actor);
  }
}
