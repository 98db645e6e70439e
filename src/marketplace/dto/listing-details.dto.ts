import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsMoney } from '../../common/money';
import { IfGiven, IsFreeText } from '../../common/validation';
import { ListingStatus } from '../listing.entity';
import { ListingSpecsDto } from './listing-specs.dto';

/** The longest description of a listing or an auction. */
export const MAX_DESCRIPTION_LENGTH = 5000;

const MAX_MILEAGE = 10_000_000;

/** A whole number of kilometres or miles. */
export const IsMileage = () =>
  applyDecorators(IsInt(), Min(0), Max(MAX_MILEAGE), ApiProperty({ minimum: 0, maximum: MAX_MILEAGE }));

const SELLER_STATUSES = [ListingStatus.Active, ListingStatus.Withdrawn];

/** A `status` a seller may set: `withdrawn` takes the listing off the market, `active` puts it back. */
export const IsSellerStatus = () =>
  applyDecorators(
    IfGiven(),
    IsIn(SELLER_STATUSES),
    ApiProperty({ enum: SELLER_STATUSES, enumName: 'SellerListingStatus' }),
  );

/** What a listing says besides its car: price, mileage, description and specs. */
export class ListingDetailsDto {
  /** Asking price, at most 2 decimals (e.g. 12500.5). */
  @IsMoney()
  price!: number;

  /** Kilometres or miles on the clock, a whole number. */
  @IsMileage()
  mileage!: number;

  /** Up to 5000 characters; line breaks and tabs are the only control characters taken. */
  @IsOptional()
  @IsFreeText(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ListingSpecsDto)
  specs?: ListingSpecsDto;
}
