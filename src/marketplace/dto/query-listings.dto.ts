import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { SaleFiltersQueryDto } from '../../common/pagination/car-filters-query.dto';
import { IsSortOf } from '../../common/pagination/sort';
import { nfc } from '../../common/validation';
import { ListingStatus } from '../listing.entity';
import { LISTING_STATUS_SCHEMA } from './listing.dto';

export const LISTING_SORT_FIELDS = ['price', 'year', 'mileage', 'createdAt'] as const;

export class QueryListingsDto extends SaleFiltersQueryDto {
  /** Default `active`. */
  @ApiPropertyOptional(LISTING_STATUS_SCHEMA)
  @IsOptional()
  @IsEnum(ListingStatus)
  status?: ListingStatus;

  /** Substring of make, model or description, any letter case. */
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @MaxLength(128)
  q?: string;

  @IsSortOf(LISTING_SORT_FIELDS)
  sort?: string;
}
