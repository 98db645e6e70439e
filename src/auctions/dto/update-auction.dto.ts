import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { CarChangesDto } from '../../cars/dto/car-changes.dto';
import { IsMoney } from '../../common/money';
import { IfGiven, IsFreeText, IsName, IsTimestamp } from '../../common/validation';
import { ListingSpecsDto } from '../../marketplace/dto/listing-specs.dto';

/**
 * `PATCH`: the fields given change. Once the auction has bids, the car, specs, prices and `endsAt`
 * only unchanged, and the description only added to.
 */
export class UpdateAuctionDto extends CarChangesDto {
  @IfGiven()
  @IsName(3, 120)
  title?: string;

  @IfGiven()
  @IsFreeText(5000)
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
