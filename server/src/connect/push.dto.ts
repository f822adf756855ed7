import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import type { ChallengeDto } from './connect.dto.js';

/** Asking for a push's answer (step-up); the sign-in push asks with its challenge too (PushResultDto). */
export class StepUpPushResultDto {
  @ApiProperty({ description: 'The pushId from POST /api/connect/sign-in/push or POST /api/connect/step-up/start { method: "push" }' })
  @IsUUID('all', { message: 'pushId must be a push id' })
  pushId: string;

  @ApiPropertyOptional({ description: 'Long poll: wait up to this many seconds (0–25) for an answer before replying `pending`', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(25)
  waitSeconds?: number;
}

export class PushResultDto extends StepUpPushResultDto implements ChallengeDto {
  @ApiProperty({ description: 'The challenge returned by POST /api/connect/sign-in' })
  @IsString()
  @Length(1, 100)
  challenge: string;
}

export class DeviceRegistrationDto {
  @ApiProperty({ description: 'The token from the enrolment URI (after `#enrol=`)' })
  @IsString()
  @Length(20, 200)
  token: string;

  @ApiProperty({ example: "Erik's phone" })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ description: 'The P-256 public key as a JWK: { kty: "EC", crv: "P-256", x, y }', example: { kty: 'EC', crv: 'P-256', x: '…', y: '…' } })
  @IsObject()
  publicKeyJwk: Record<string, unknown>;
}

export class PushAnswerDto {
  @ApiProperty({ enum: ['approve', 'deny', 'report'] })
  @IsIn(['approve', 'deny', 'report'], { message: 'decision must be approve, deny or report' })
  decision: 'approve' | 'deny' | 'report';

  @ApiProperty({ description: 'The number the person chose (approve); any of the offered numbers, or 0, for deny and report', example: 42 })
  @IsInt()
  @Min(0)
  @Max(99)
  number: number;

  @ApiProperty({ description: 'ECDSA P-256 / SHA-256 over `pushId|decision|number` with the device key, r||s, base64url' })
  @IsString()
  @Length(1, 200)
  signature: string;
}
