import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';

export class UpdateSeveraUserDto {
  @ApiProperty({ description: 'true activates the Severa user, false deactivates it' })
  @IsBoolean()
  active: boolean;

  @ApiProperty({ description: 'Why the status changes (recorded with the change and in the audit log)', example: 'Back from parental leave' })
  @IsString()
  @Length(3, 500)
  @Matches(/\S{3}|\S.*\S.*\S/s, { message: 'reason must say why (at least three characters that are not spaces)' })
  reason: string;
}
