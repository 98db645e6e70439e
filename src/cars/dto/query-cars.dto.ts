import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CarFiltersQueryDto } from '../../common/pagination/car-filters-query.dto';
import { IsSortOf } from '../../common/pagination/sort';
import { nfc, normalizedName } from '../../common/validation';
import { CarSource } from '../car.entity';

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
  @MaxLength(64)
  category?: string;

  /** Substring of make or model, any letter case. */
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @MaxLength(128)
  q?: string;

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
