import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsCarYear, IsMake, IsModel } from '../../cars/dto/car-fields';
import { IsMoney } from '../../common/money';
import { IfGiven, IsFreeText, IsName, IsTimestamp } from '../../common/validation';
import { MAX_DESCRIPTION_LENGTH } from '../../marketplace/dto/listing-details.dto';
import { ListingSpecsDto } from '../../marketplace/dto/listing-specs.dto';
import { MAX_TITLE_LENGTH, MIN_TITLE_LENGTH } from './auction.dto';

/** `PUT`: the whole auction; description, specs and reserve left out are cleared. */
export class ReplaceAuctionDto {
  @IsName(MIN_TITLE_LENGTH, MAX_TITLE_LENGTH)
  title!: string;

  @IsOptional()
  @IsFreeText(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ListingSpecsDto)
  specs?: ListingSpecsDto;

  @IsMake()
  make!: string;

  @IsModel()
  model!: string;

  @IsCarYear()
  year!: number;

  @IsMoney()
  startingPrice!: number;

  @IfGiven()
  @IsMoney()
  reservePrice?: number;

  @IsMoney()
  minIncrement!: number;

  @IsTimestamp()
  endsAt!: Date;
}
