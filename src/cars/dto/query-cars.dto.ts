import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_CATEGORY_LENGTH, MAX_MODEL_LENGTH } from '../../common/car-name-lengths';
import { CarFiltersQueryDto } from '../../common/pagination/car-filters-query.dto';
import { IsSortOf } from '../../common/pagination/sort';
import { nfc, normalizedName } from '../../common/validation';
import { CarSource } from '../car.entity';
import { CAR_SOURCE_SCHEMA } from './car.dto';

export const CAR_SORT_FIELDS = ['make', 'model', 'year', 'createdAt'] as const;

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class QueryCarsDto extends CarFiltersQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(9999)
  year?: number;

  /** Exact category, any letter case (compared as names are stored). */
  @IsOptional()
  @Transform(normalizedName)
  @IsString()
  @MaxLength(MAX_CATEGORY_LENGTH)
  category?: string;

  /** Substring of make or model, any letter case. */
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @MaxLength(MAX_MODEL_LENGTH)
  q?: string;

  @ApiPropertyOptional(CAR_SOURCE_SCHEMA)
  @IsOptional()
  @IsEnum(CarSource)
  source?: CarSource;

  /** Include cars the sync found removed at the source (`true`/`false`, default false). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeRemoved?: boolean;

  @IsSortOf(CAR_SORT_FIELDS)
  sort?: string;
}
