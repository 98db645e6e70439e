import { Transform } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { SaleFiltersQueryDto } from '../../common/pagination/car-filters-query.dto';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { IsSortOf } from '../../common/pagination/sort';
import { AuctionStatus } from '../auction.entity';
import { toDate } from '../../common/validation';

export const AUCTION_SORT_FIELDS = ['endsAt', 'currentPrice', 'createdAt'] as const;

export class QueryAuctionsDto extends SaleFiltersQueryDto {
  /** Default `active`. */
  @IsOptional()
  @IsEnum(AuctionStatus)
  status?: AuctionStatus;

  /** Auctions ending before this time (ISO-8601). */
  @IsOptional()
  @Transform(toDate)
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
