import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';

/**
 * How far into a list a page may reach: `page × limit` at most this. An offset costs the database
 * every row it skips, so deep pages would be cheap to ask for and dear to answer.
 */
export const MAX_LIST_WINDOW = 10_000;

/** The most items a page holds (`limit`). */
export const MAX_PAGE_SIZE = 100;

const WINDOW_TEXT = MAX_LIST_WINDOW.toLocaleString('en-US');

/** `page × limit` within MAX_LIST_WINDOW (each alone is judged by its own validators). */
const IsWithinListWindow = () =>
  ValidateBy({
    name: 'isWithinListWindow',
    validator: {
      validate: (page: unknown, args) => {
        const { limit } = args!.object as PaginationQueryDto;
        return typeof page !== 'number' || typeof limit !== 'number' || page * limit <= MAX_LIST_WINDOW;
      },
      defaultMessage: (args) => {
        const { page, limit } = args!.object as PaginationQueryDto;
        return (
          `page × limit must be at most ${WINDOW_TEXT} (${page} × ${limit} asks for more): ` +
          'narrow the filters or reverse the sort to reach further'
        );
      },
    },
  });

/** `?page=1&limit=20`, shared by every list. Lists extend it with their filters and `sort`. */
export class PaginationQueryDto {
  /** 1-based page number; `page × limit` at most 10,000 (else 400). */
  // Optional in the OpenAPI document: the plugin marks a property required unless it has `?`,
  // and these have defaults. The bound on the product is documented as the page's maximum.
  @ApiPropertyOptional({ maximum: MAX_LIST_WINDOW })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @IsWithinListWindow()
  page: number = 1;

  /** Items per page, 1 to 100. */
  @ApiPropertyOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;
}
