import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { MAX_LIST_WINDOW, MAX_PAGE_SIZE, PaginationQueryDto } from './pagination-query.dto';

// Stated in full: the OpenAPI plugin reads only `*.dto.ts` files.
export class PageMeta {
  @ApiProperty({ minimum: 1, maximum: MAX_LIST_WINDOW })
  page!: number;
  @ApiProperty({ minimum: 1, maximum: MAX_PAGE_SIZE })
  limit!: number;
  @ApiProperty({ minimum: 0, description: "Items matching the list's filters, on every page." })
  total!: number;
  @ApiProperty({ minimum: 0 })
  totalPages!: number;
}

/** `{ data, meta }`: the envelope of every list. */
export interface Paginated<T> {
  data: T[];
  meta: PageMeta;
}

/** The OpenAPI schema of a page of `item`s. */
export function PaginatedResponseOf<T>(item: Type<T>): Type<Paginated<T>> {
  class PaginatedResponse implements Paginated<T> {
    @ApiProperty({ type: [item], maxItems: MAX_PAGE_SIZE })
    data!: T[];

    @ApiProperty({ type: PageMeta })
    meta!: PageMeta;
  }
  Object.defineProperty(PaginatedResponse, 'name', { value: `Paginated${item.name}` });
  return PaginatedResponse;
}

export function pageMeta({ page, limit }: PaginationQueryDto, total: number): PageMeta {
  return { page, limit, total, totalPages: Math.ceil(total / limit) };
}

/**
 * Sort spec `field` or `-field` against an allow-list mapping API field names to SQL columns.
 * The DTO has already rejected names outside the list.
 */
export function applySort<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  sort: string | undefined,
  columns: Record<string, string>,
  fallback: string,
): SelectQueryBuilder<T> {
  const spec = sort ?? fallback;
  const descending = spec.startsWith('-');
  const column = columns[descending ? spec.slice(1) : spec];
  query.orderBy(column, descending ? 'DESC' : 'ASC');
  // A unique tiebreaker keeps pages stable when the sort key repeats.
  return query.addOrderBy(`${query.alias}.id`, descending ? 'DESC' : 'ASC');
}

/** Runs a list query with its page window and one count. */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  pagination: PaginationQueryDto,
): Promise<Paginated<T>> {
  // offset/limit, not skip/take: lists join only many-to-one relations, so rows are not multiplied
  // and TypeORM need not run its extra DISTINCT query of ids.
  const [data, total] = await query
    .offset((pagination.page - 1) * pagination.limit)
    .limit(pagination.limit)
    .getManyAndCount();
  return { data, meta: pageMeta(pagination, total) };
}
