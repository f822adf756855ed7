import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsBoolean, IsIn, IsEmail, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { LOCALES, type Locale } from '../../../shared/locales.js';

export class ConnectSignInDto {
  @ApiProperty({ example: 'erik.nurmi@northwind.test' })
  @IsString()
  @Length(1, 320)
  email: string;

  @ApiProperty({ description: 'Up to 4096 characters are accepted here; the password policy decides what can be set.' })
  @IsString()
  @Length(1, 4096)
  password: string;
}

export class ChallengeDto {
  @ApiProperty({ description: 'The challenge returned by POST /api/connect/sign-in' })
  @IsString()
  @Length(1, 100)
  challenge: string;
}

export class ChallengeCodeDto extends ChallengeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @MaxLength(10)
  code: string;
}

export class OneTimeCodeDto extends ChallengeDto {
  @ApiProperty({ example: '5917-AJ4D-JMPZ-JRCB-4DK8', description: 'A code from customer service or your emergency code; case-insensitive, dashes optional' })
  @IsString()
  @MaxLength(64)
  code: string;
}

export class LostDto extends ChallengeDto {
  @ApiProperty({ description: 'true: "I have permanently lost access" (every second factor is removed, then a new one is enrolled); false: sign in this once' })
  @IsBoolean()
  permanently: boolean;
}

export class CodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @MaxLength(10)
  code: string;
}

export class AcknowledgeDto {
  @ApiProperty({ description: 'The "I have safely copied and stored this code" box', example: true })
  @IsBoolean()
  @Equals(true, { message: 'tick "I have safely copied and stored this code" first' })
  stored: boolean;
}

export class PhoneDto {
  @ApiProperty({ example: '+358401234567', description: 'International format: + country code and number' })
  @IsString()
  @MaxLength(32)
  phoneNumber: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString()
  @Length(1, 200)
  token: string;
}

export class TokenPasswordDto extends TokenDto {
  @ApiProperty({ description: 'The new password; the password policy names every rule it breaks' })
  @IsString()
  @MaxLength(4096)
  password: string;
}

export class ResetRequestDto {
  @ApiProperty({ example: 'erik.nurmi@northwind.test' })
  @IsString()
  @Length(1, 320)
  email: string;
}

export class InviteDto {
  @ApiProperty({ example: 'new.person@northwind.test' })
  @IsString()
  @Length(3, 320)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty({ example: 'New Person' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ description: 'The organization the person joins (org admins: one of theirs)' })
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId: string;
}

export class ConnectLocaleDto {
  @ApiProperty({ enum: LOCALES, example: 'sv' })
  @IsIn(LOCALES)
  locale: Locale;
}
