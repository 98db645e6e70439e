import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsAmount } from '../../common/money';
import { CarFiltersQueryDto } from '../../common/pagination/car-filters-query.dto';
import { IsSortOf } from '../../common/pagination/sort';
import { ListingStatus } from '../listing.entity';

export const LISTING_SORT_FIELDS = ['price', 'year', 'mileage', 'createdAt'] as const;

export class QueryListingsDto extends CarFiltersQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsAmount()
  @Min(0)
  priceMin?: number;

  @IsOptional()
  @Type(() => Number)
  @IsAmount()
  @Min(0)
  priceMax?: number;

  /** Default `active`. */
  @IsOptional()
  @IsEnum(ListingStatus)
  status?: ListingStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  sellerId?: number;

  /** Substring of make, model or description, any letter case. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  q?: string;

  @IsSortOf(LISTING_SORT_FIELDS)
  sort?: string;
}
