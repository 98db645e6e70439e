import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { CarChangesDto } from '../../cars/dto/car-changes.dto';
import { IsMoney } from '../../common/money';
import { IfGiven, IsFreeText } from '../../common/validation';
import { ListingStatus } from '../listing.entity';
import { IsMileage, IsSellerStatus, MAX_DESCRIPTION_LENGTH } from './listing-details.dto';
import { ListingSpecsDto } from './listing-specs.dto';

/** `PATCH`: the fields given change (none can be set to null). */
export class UpdateListingDto extends CarChangesDto {
  @IfGiven()
  @IsMoney()
  price?: number;

  @IfGiven()
  @IsMileage()
  mileage?: number;

  @IfGiven()
  @IsFreeText(MAX_DESCRIPTION_LENGTH)
  description?: string;

  /** Replaces the specs as a whole. */
  @IfGiven()
  @IsObject()
  @ValidateNested()
  @Type(() => ListingSpecsDto)
  specs?: ListingSpecsDto;

  @IsSellerStatus()
  status?: ListingStatus.Active | ListingStatus.Withdrawn;
}
