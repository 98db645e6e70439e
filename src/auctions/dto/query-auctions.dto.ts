import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsAmount } from '../../common/money';
import { CarFiltersQueryDto } from '../../common/pagination/car-filters-query.dto';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { IsSortOf } from '../../common/pagination/sort';
import { AuctionStatus } from '../auction.entity';

export const AUCTION_SORT_FIELDS = ['endsAt', 'currentPrice', 'createdAt'] as const;

export class QueryAuctionsDto extends CarFiltersQueryDto {
  /** Default `active`. */
  @IsOptional()
  @IsEnum(AuctionStatus)
  status?: AuctionStatus;

  /** Current price from. */
  @IsOptional()
  @Type(() => Number)
  @IsAmount()
  @Min(0)
  priceMin?: number;

  /** Current price up to. */
  @IsOptional()
  @Type(() => Number)
  @IsAmount()
  @Min(0)
  priceMax?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  sellerId?: number;

  /** Auctions ending before this time (ISO-8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endingBefore?: Date;

  @IsSortOf(AUCTION_SORT_FIELDS)
  sort?: string;
}

export class SearchAuctionsDto extends PaginationQueryDto {
  /** Words to find in title, description, make or model (any letter case). */
  @IsString()
  @MaxLength(128)
  q!: string;
}
