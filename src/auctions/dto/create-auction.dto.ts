import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { PickType } from '@nestjs/swagger';
import { IsMoney } from '../../common/money';
import { IfGiven, IsFreeText, IsName, IsTimestamp } from '../../common/validation';
import { ListingSpecsDto } from '../../marketplace/dto/listing-specs.dto';
import { CreateListingDto } from '../../marketplace/dto/create-listing.dto';
import { MAX_DESCRIPTION_LENGTH } from '../../marketplace/dto/listing-details.dto';
import { MAX_TITLE_LENGTH, MIN_TITLE_LENGTH } from './auction.dto';

/** An auction of a catalogue car (`carId`) or of a car described by `make`, `model` and `year`. */
export class CreateAuctionDto extends PickType(CreateListingDto, [
  'carId',
  'make',
  'model',
  'year',
] as const) {
  /** 3 to 120 characters, without control or invisible characters. */
  @IsName(MIN_TITLE_LENGTH, MAX_TITLE_LENGTH)
  title!: string;

  /** Up to 5000 characters; line breaks and tabs are the only control characters taken. */
  @IsOptional()
  @IsFreeText(MAX_DESCRIPTION_LENGTH)
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

  /** When bidding opens (default now); years 0001 to 9999. */
  @IfGiven()
  @IsTimestamp()
  startsAt?: Date;

  /** When bidding ends: in the future, at most AUCTION_MAX_DAYS ahead. */
  @IsTimestamp()
  endsAt!: Date;
}
