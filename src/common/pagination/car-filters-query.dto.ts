import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_MAKE_LENGTH, MAX_MODEL_LENGTH } from '../car-name-lengths';
import { IsAmount, MAX_AMOUNT } from '../money';
import { MAX_ID } from '../pipes/parse-id.pipe';
import { normalizedName } from '../validation';
import { PaginationQueryDto } from './pagination-query.dto';

/** Filters on the car of a list (catalogue, listings, auctions), with the page window. */
export class CarFiltersQueryDto extends PaginationQueryDto {
  /** Exact make, any letter case (compared as names are stored: NFC, one space between words). */
  @IsOptional()
  @Transform(normalizedName)
  @IsString()
  @MaxLength(MAX_MAKE_LENGTH)
  make?: string;

  /** Exact model, any letter case (compared as names are stored). */
  @IsOptional()
  @Transform(normalizedName)
  @IsString()
  @MaxLength(MAX_MODEL_LENGTH)
  model?: string;

  /** Model years from this one on. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(9999)
  yearFrom?: number;

  /** Model years up to this one. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(9999)
  yearTo?: number;
}

/** Car filters plus the price range and the seller: listings and auctions. */
export class SaleFiltersQueryDto extends CarFiltersQueryDto {
  /** Price from (for auctions, the current price). */
  @IsOptional()
  @Type(() => Number)
  @IsAmount()
  @Min(0)
  @Max(MAX_AMOUNT)
  priceMin?: number;

  /** Price up to (for auctions, the current price). */
  @IsOptional()
  @Type(() => Number)
  @IsAmount()
  @Min(0)
  @Max(MAX_AMOUNT)
  priceMax?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  sellerId?: number;
}
