import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** `?page=1&limit=20`, shared by every list. Lists extend it with their filters and `sort`. */
export class PaginationQueryDto {
  /** 1-based page number. */
  // Optional in the OpenAPI document: the plugin marks a property required unless it has `?`,
  // and these have defaults.
  @ApiPropertyOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  /** Items per page, 1 to 100. */
  @ApiPropertyOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}
