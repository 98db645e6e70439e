import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { SaleFiltersQueryDto } from '../../common/pagination/car-filters-query.dto';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { IsSortOf } from '../../common/pagination/sort';
import { IsTimestamp, nfc } from '../../common/validation';
import { AuctionStatus } from '../auction.entity';
import { AUCTION_STATUS_SCHEMA } from './auction.dto';

export const AUCTION_SORT_FIELDS = ['endsAt', 'currentPrice', 'createdAt'] as const;

export class QueryAuctionsDto extends SaleFiltersQueryDto {
  /** Default `active`. */
  @ApiPropertyOptional(AUCTION_STATUS_SCHEMA)
  @IsOptional()
  @IsEnum(AuctionStatus)
  status?: AuctionStatus;

  /** Auctions ending before this time (ISO-8601, years 0001 to 9999). */
  @IsOptional()
  @IsTimestamp()
  endingBefore?: Date;

  @IsSortOf(AUCTION_SORT_FIELDS)
  sort?: string;
}

export class SearchAuctionsDto extends PaginationQueryDto {
  /** Words to find in title, description, make or model (any letter case). */
  @Transform(nfc)
  @IsString()
  @MaxLength(128)
  q!: string;
}
