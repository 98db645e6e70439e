import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from './pagination-query.dto';

/** Filters on the car of a list (catalogue, listings, auctions), with the page window. */
export class CarFiltersQueryDto extends PaginationQueryDto {
  /** Exact make, any letter case. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  make?: string;

  /** Exact model, any letter case. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  model?: string;

  /** Model years from this one on. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  yearFrom?: number;

  /** Model years up to this one. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  yearTo?: number;
}
