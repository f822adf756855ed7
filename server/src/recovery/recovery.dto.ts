import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { APPROVAL_REASONS, RECOVERY_CODE_LIFETIME, type ApprovalBasis } from '../../../shared/tickets.js';
import { STAFF_ROLES, type StaffRole } from '../../../shared/roles.js';

const { minMinutes, maxMinutes, defaultMinutes } = RECOVERY_CODE_LIFETIME;
const LIFETIME_MESSAGE = `expiresInMinutes must be a whole number of minutes between ${minMinutes} and ${maxMinutes} (24 hours)`;

export class IssueRecoveryCodeDto {
  @ApiProperty({ description: 'The ticket on which the identity was verified' })
  @IsString()
  @Length(1, 64)
  ticketId: string;

  @ApiProperty({ description: 'The identity the code is for (must be the ticket’s identity)' })
  @IsString()
  @Length(1, 64)
  identityId: string;

  @ApiPropertyOptional({ minimum: minMinutes, maximum: maxMinutes, default: defaultMinutes })
  @IsOptional()
  @IsInt({ message: LIFETIME_MESSAGE })
  @Min(minMinutes, { message: LIFETIME_MESSAGE })
  @Max(maxMinutes, { message: LIFETIME_MESSAGE })
  expiresInMinutes?: number;
}

export class RejectRecoveryCodeDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** `201`: the code, shown this once. */
export class IssuedRecoveryCode {
  @ApiProperty({ format: 'uuid', maxLength: 36 }) id: string;
  @ApiProperty({ example: '7K3M-Q9TZ-4HWD-X2PA-M6RN', description: 'XXXX-XXXX-XXXX-XXXX-XXXX; never shown again', maxLength: 24, pattern: '^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$' }) code: string;
  @ApiProperty({ type: 'string', format: 'date-time', maxLength: 30 }) expiresAt: Date;
  @ApiProperty({ enum: ['active'] }) status: 'active';
}

/** Why a second supervisor must approve: a code and the person's console roles (the console words them). */
export class RecoveryApprovalBasis {
  @ApiProperty({ enum: APPROVAL_REASONS, description: '`staff-roles`: the person holds console roles; `privileged-identity`: the person is marked privileged' }) reason: ApprovalBasis['reason'];
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, maxItems: STAFF_ROLES.length, description: 'The console roles the person holds (empty when privileged)' }) roles: StaffRole[];
}

/** `202`: a second supervisor must approve first. */
export class PendingRecoveryCode {
  @ApiProperty({ format: 'uuid', maxLength: 36 }) id: string;
  @ApiProperty({ enum: ['pending-approval'] }) status: 'pending-approval';
  @ApiProperty({ type: RecoveryApprovalBasis }) approval: RecoveryApprovalBasis;
}

export class ResetSecondFactorsDto {
  @ApiProperty({ description: 'The person’s ticket on which the caller was verified' })
  @IsString()
  @Length(1, 64)
  ticketId: string;
}
