import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { CarChangesDto } from '../../cars/dto/car-changes.dto';
import { IsMoney } from '../../common/money';
import { IfGiven, IsFreeText, IsName, IsTimestamp } from '../../common/validation';
import { MAX_DESCRIPTION_LENGTH } from '../../marketplace/dto/listing-details.dto';
import { ListingSpecsDto } from '../../marketplace/dto/listing-specs.dto';
import { MAX_TITLE_LENGTH, MIN_TITLE_LENGTH } from './auction.dto';

/**
 * `PATCH`: the fields given change. Once the auction has bids, the car, specs, prices and `endsAt`
 * only unchanged, and the description only added to.
 */
export class UpdateAuctionDto extends CarChangesDto {
  @IfGiven()
  @IsName(MIN_TITLE_LENGTH, MAX_TITLE_LENGTH)
  title?: string;

  @IfGiven()
  @IsFreeText(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @IfGiven()
  @IsObject()
  @ValidateNested()
  @Type(() => ListingSpecsDto)
  specs?: ListingSpecsDto;

  @IfGiven()
  @IsMoney()
  startingPrice?: number;

  /** `null` removes the reserve. */
  @IsOptional()
  @IsMoney()
  reservePrice?: number | null;

  @IfGiven()
  @IsMoney()
  minIncrement?: number;

  @IfGiven()
  @IsTimestamp()
  endsAt?: Date;
}
