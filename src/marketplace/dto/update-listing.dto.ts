import { Type } from 'class-transformer';
import { IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCarYear, IsMake, IsModel } from '../../cars/dto/car-fields';
import { IsMoney } from '../../common/money';
import { IfGiven } from '../../common/validation';
import { ListingStatus } from '../listing.entity';
import { IsMileage, IsSellerStatus } from './listing-details.dto';
import { ListingSpecsDto } from './listing-specs.dto';

/** `PATCH`: the fields given change (none can be set to null). */
export class UpdateListingDto {
  @IfGiven()
  @IsMake()
  make?: string;

  @IfGiven()
  @IsModel()
  model?: string;

  @IfGiven()
  @IsCarYear()
  year?: number;

  @IfGiven()
  @IsMoney()
  price?: number;

  @IfGiven()
  @IsMileage()
  mileage?: number;

  @IfGiven()
  @IsString()
  @MaxLength(5000)
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
