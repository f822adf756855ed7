import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, MaxLength } from 'class-validator';
import { LOCALES, type Locale } from '../../../shared/locales.js';

export class SignInDto {
  @ApiProperty({ example: 'agent@demo.accessdesk.test' })
  @IsString()
  @Length(1, 320)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1024)
  password: string;
}

export class TotpDto {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  challenge: string;

  @ApiProperty({ example: '123456' })
  @IsString()
  @MaxLength(10)
  code: string;
}

export class StepUpDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @MaxLength(10)
  code: string;
}

export class LocaleDto {
  @ApiProperty({ enum: LOCALES, example: 'fi' })
  @IsIn(LOCALES)
  locale: Locale;
}
