import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { IsIn, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';

const RESPONSE_DOC = 'What navigator.credentials.create()/get() returned, as JSON (@simplewebauthn/browser startRegistration / startAuthentication)';

export class PasskeyRegistrationDto {
  @ApiProperty({ description: RESPONSE_DOC, type: 'object', additionalProperties: true })
  @IsObject()
  response: RegistrationResponseJSON;

  @ApiProperty({ example: 'YubiKey', description: 'A name to recognise it by ("YubiKey", "This laptop"): 1–60 characters' })
  @IsString()
  @MaxLength(200)
  name: string;
}

export class PasskeyRenameDto {
  @ApiProperty({ example: 'Work laptop' })
  @IsString()
  @MaxLength(200)
  name: string;
}

export class PasskeyOptionsDto {
  @ApiPropertyOptional({ description: 'The challenge of POST /api/connect/sign-in (second factor after the password); omit it for a password-less sign-in with a discoverable passkey' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  challenge?: string;
}

export class PasskeyVerifyDto {
  @ApiProperty({ description: 'The challenge the options call returned' })
  @IsString()
  @Length(1, 100)
  challenge: string;

  @ApiProperty({ description: RESPONSE_DOC, type: 'object', additionalProperties: true })
  @IsObject()
  response: AuthenticationResponseJSON;
}

export class ConnectStepUpStartDto {
  @ApiProperty({ enum: ['sms', 'passkey', 'push'] })
  @IsIn(['sms', 'passkey', 'push'])
  method: 'sms' | 'passkey' | 'push';
}

export class ConnectStepUpDto {
  @ApiProperty({ enum: ['passkey', 'totp', 'sms'] })
  @IsIn(['passkey', 'totp', 'sms'])
  method: 'passkey' | 'totp' | 'sms';

  @ApiPropertyOptional({ example: '123456', description: 'totp and sms' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  code?: string;

  @ApiPropertyOptional({ description: 'passkey: ' + RESPONSE_DOC, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  response?: AuthenticationResponseJSON;
}

export class DefaultMethodDto {
  @ApiProperty({ enum: ['push', 'passkey', 'totp', 'sms'] })
  @IsIn(['push', 'passkey', 'totp', 'sms'])
  method: 'push' | 'passkey' | 'totp' | 'sms';
}
