import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsCarYear, IsMake, IsModel } from '../../cars/dto/car-fields';
import { IsMoney } from '../../common/money';
import { IfGiven, IsFreeText, IsName, IsTimestamp } from '../../common/validation';
import { ListingSpecsDto } from '../../marketplace/dto/listing-specs.dto';

/** `PUT`: the whole auction; description, specs and reserve left out are cleared. */
export class ReplaceAuctionDto {
  @IsName(3, 120)
  title!: string;

  @IsOptional()
  @IsFreeText(5000)
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
