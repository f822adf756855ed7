import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { TicketChannel } from '../../../shared/identity.js';
import { TICKET_STATUSES, VERIFICATION_CHECK_IDS, VerificationCheck } from '../../../shared/tickets.js';
import type { TicketStatus } from '../../../shared/identity.js';

const CHANNELS = [TicketChannel.PHONE, TicketChannel.EMAIL, TicketChannel.CHAT];
const NOT_BLANK = /\S/;

export class CreateTicketDto {
  @ApiPropertyOptional({ description: 'The Visma Connect identity the ticket is about (give this or callerEmail)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  identityId?: string;

  @ApiPropertyOptional({ description: 'The e-mail the caller gave. Never used to send anything.', example: 'erik.nurmi@northwind.test' })
  @IsOptional()
  @IsEmail({}, { message: 'callerEmail must be an e-mail address' })
  @MaxLength(320)
  callerEmail?: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel: TicketChannel;

  @ApiPropertyOptional({ maxLength: 200, description: 'Defaults to the start of the description' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'subject must not be blank' })
  subject?: string;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description: string;

  @ApiPropertyOptional({ description: 'The phone is lost or stolen: verification checks that rely on it do not count' })
  @IsOptional()
  @IsBoolean()
  phoneLost?: boolean;
}

export class UpdateTicketDto {
  @ApiPropertyOptional({ nullable: true, description: 'A support agent or supervisor; null unassigns' })
  @IsOptional()
  @ValidateIf((o: UpdateTicketDto) => o.assigneeId !== null)
  @IsString()
  @Length(1, 64)
  assigneeId?: string | null;

  @ApiPropertyOptional({ enum: TICKET_STATUSES, description: 'Only resolved and closed are set directly; verified and code-issued follow from verification and codes' })
  @IsOptional()
  @IsIn(TICKET_STATUSES, { message: `status must be one of ${TICKET_STATUSES.join(', ')}` })
  status?: TicketStatus;

  @ApiPropertyOptional({ description: 'Links the ticket to an identity (open tickets only)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  identityId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'subject must not be blank' })
  subject?: string;

  @ApiPropertyOptional({ description: 'The phone is lost or stolen: verification checks that rely on it do not count' })
  @IsOptional()
  @IsBoolean()
  phoneLost?: boolean;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required when resolving by hand: what was done' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'note must not be blank' })
  note?: string;
}

export class ReplyDto {
  @ApiProperty({ maxLength: 5000, description: 'Mailed through the outbox to the person (never a code or link)' })
  @IsString()
  @Length(1, 5000)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body: string;
}

export class CreateCommentDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body: string;
}

export class VerificationCheckDto {
  @ApiProperty({ enum: VERIFICATION_CHECK_IDS })
  @IsIn(VERIFICATION_CHECK_IDS, { message: `check must be one of ${VERIFICATION_CHECK_IDS.join(', ')}` })
  check: VerificationCheck;

  @ApiProperty({ description: 'Whether the check was performed and passed' })
  @IsBoolean()
  passed: boolean;

  @ApiPropertyOptional({ maxLength: 500, description: 'What was done (never the answer to a secret question)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class RecordVerificationDto {
  @ApiProperty({ type: [VerificationCheckDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VERIFICATION_CHECK_IDS.length)
  @ValidateNested({ each: true })
  @Type(() => VerificationCheckDto)
  checks: VerificationCheckDto[];
}
