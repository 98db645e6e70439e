import { Transform, Type } from 'class-transformer';
import { IsDate, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { CarChangesDto } from '../../cars/dto/car-changes.dto';
import { IsMoney } from '../../common/money';
import { IfGiven, toDate, trim } from '../../common/validation';
import { ListingSpecsDto } from '../../marketplace/dto/listing-specs.dto';

/** `PATCH`: the fields given change. Prices and `endsAt` only while the auction has no bids. */
export class UpdateAuctionDto extends CarChangesDto {
  @IfGiven()
  @Transform(trim)
  @IsString()
  @Length(3, 120)
  title?: string;

  @IfGiven()
  @IsString()
  @MaxLength(5000)
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
  @Transform(toDate)
  @IsDate()
  endsAt?: Date;
}
