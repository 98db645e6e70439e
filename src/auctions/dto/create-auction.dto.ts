import { Transform, Type } from 'class-transformer';
import { IsDate, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsMoney } from '../../common/money';
import { IfGiven, toDate } from '../../common/validation';
import { ListingSpecsDto } from '../../marketplace/dto/listing-specs.dto';
import { CreateListingDto } from '../../marketplace/dto/create-listing.dto';
import { PickType } from '@nestjs/swagger';
import { trim } from '../../common/validation';

/** An auction of a catalogue car (`carId`) or of a car described by `make`, `model` and `year`. */
export class CreateAuctionDto extends PickType(CreateListingDto, [
  'carId',
  'make',
  'model',
  'year',
] as const) {
  /** 3 to 120 characters. */
  @Transform(trim)
  @IsString()
  @Length(3, 120)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ListingSpecsDto)
  specs?: ListingSpecsDto;

  /** The lowest first bid. */
  @IsMoney()
  startingPrice!: number;

  /** Without bids reaching it the auction closes unsold; only the seller sees it. */
  @IfGiven()
  @IsMoney()
  reservePrice?: number;

  /** How much each bid after the first must add (default 1). */
  @IfGiven()
  @IsMoney()
  minIncrement?: number;

  /** When bidding opens (default now). */
  @IfGiven()
  @Transform(toDate)
  @IsDate()
  startsAt?: Date;

  /** When bidding ends: in the future, at most AUCTION_MAX_DAYS ahead. */
  @Transform(toDate)
  @IsDate()
  endsAt!: Date;
}
