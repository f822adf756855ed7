import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { AddonId, AddonStatus } from '../../../shared/sign-in.js';
import { ADDON_CHANGES, AddonChange } from '../../../shared/addons.js';

const ADDON_IDS = Object.values(AddonId);
const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The organization and the add-on it buys; the preflight asks the same plus what would change. */
export class PurchaseAddonDto {
  @ApiProperty({ description: 'The organization' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'organizationId must be an organization id' })
  organizationId: string;

  @ApiProperty({ enum: ADDON_IDS, example: AddonId.AZETS_WORK })
  @IsIn(ADDON_IDS, { message: `addonId must be one of ${ADDON_IDS.join(', ')}` })
  addonId: AddonId;
}

export class AddonPreflightDto extends PurchaseAddonDto {
  @ApiProperty({ enum: ADDON_CHANGES, example: AddonChange.ACTIVATE })
  @IsIn(ADDON_CHANGES, { message: `change must be one of ${ADDON_CHANGES.join(', ')}` })
  change: AddonChange;

  @ApiPropertyOptional({ description: 'Page of each list: [first, last] (default [0, 24]; at most 1000 rows)', example: [0, 24], type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2, { message: 'range must be [first, last]' })
  @ArrayMaxSize(2, { message: 'range must be [first, last]' })
  @IsInt({ each: true, message: 'range must hold whole numbers' })
  @Min(0, { each: true, message: 'range must not be negative' })
  range?: number[];
}

export class UpdateOrganizationAddonDto {
  @ApiProperty({ enum: [AddonStatus.INACTIVE], description: 'Only deactivation is done here; activate with POST /api/organization-addons (a new order)' })
  @IsIn([AddonStatus.INACTIVE], { message: 'status must be "inactive" (activate with POST /api/organization-addons)' })
  status: AddonStatus.INACTIVE;

  @ApiProperty({ description: 'Why the add-on is turned off (kept in the history and the audit log)', maxLength: 500 })
  @Transform(trim)
  @IsString({ message: 'reason is required: say why the add-on is turned off' })
  @IsNotEmpty({ message: 'reason is required: say why the add-on is turned off' })
  @MaxLength(500)
  reason: string;
}
