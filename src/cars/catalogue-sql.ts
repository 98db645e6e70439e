import { containsPattern } from '../common/like-pattern';
import type { SqlDialect } from '../database/sql-dialect';
import type { Car, CarSource } from './car.entity';

/**
 * The catalogue's hot reads as hand-written SQL: the list's page with its total in one statement,
 * and a car by id. Plain text and parameters, so the repository runs them as prepared statements and
 * the benchmark's reference server runs the very same ones.
 */

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** The list's filters, sort and page window, as `QueryCarsDto` carries them once validated. */
export interface CatalogueQuery {
  make?: string;
  model?: string;
  year?: number;
  yearFrom?: number;
  yearTo?: number;
  category?: string;
  source?: CarSource;
  q?: string;
  includeRemoved?: boolean;
  sort?: string;
  page: number;
  limit: number;
}

/** A `cars` row as the driver returns it. */
export interface CarRow {
  id: number;
  make: string;
  model: string;
  year: number;
  category: string | null;
  source: CarSource;
  external_id: string | null;
  removed_at: string | Date | null;
  created_by_id: number | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const COLUMNS = [
  'id',
  'make',
  'model',
  'year',
  'category',
  'source',
  'external_id',
  'removed_at',
  'created_by_id',
  'created_at',
  'updated_at',
];

const SORT_COLUMNS: Record<string, string> = {
  make: 'make',
  model: 'model',
  year: 'year',
  createdAt: 'created_at',
};

/** Positional markers: `?` on SQLite, `$1, $2, …` on PostgreSQL. */
function markers(dialect: SqlDialect): ((value: unknown) => string) & { params: unknown[] } {
  const params: unknown[] = [];
  const mark = (value: unknown) => (params.push(value), dialect === 'sqlite' ? '?' : `$${params.length}`);
  return Object.assign(mark, { params });
}

function conditions(query: CatalogueQuery, mark: (value: unknown) => string): string {
  const where: string[] = [];
  if (!query.includeRemoved) where.push('removed_at IS NULL');
  if (query.make) where.push(`LOWER(make) = LOWER(${mark(query.make)})`);
  if (query.model) where.push(`LOWER(model) = LOWER(${mark(query.model)})`);
  if (query.year !== undefined) where.push(`year = ${mark(query.year)}`);
  if (query.yearFrom !== undefined) where.push(`year >= ${mark(query.yearFrom)}`);
  if (query.yearTo !== undefined) where.push(`year <= ${mark(query.yearTo)}`);
  if (query.category) where.push(`LOWER(category) = LOWER(${mark(query.category)})`);
  if (query.source) where.push(`source = ${mark(query.source)}`);
  if (query.q) {
    const pattern = containsPattern(query.q);
    where.push(
      `(LOWER(make) LIKE LOWER(${mark(pattern)}) ESCAPE '\\' OR LOWER(model) LIKE LOWER(${mark(pattern)}) ESCAPE '\\')`,
    );
  }
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
}

/**
 * A page of the catalogue and the number of cars matching, in one statement: the count (answered
 * from an index for the common filters) left-joined to the page, so that a page past the end is
 * still one row, holding the total and no car. The id breaks ties so that pages stay stable.
 */
export function carPageStatement(query: CatalogueQuery, dialect: SqlDialect): SqlStatement {
  const mark = markers(dialect);
  const spec = query.sort ?? 'make';
  const descending = spec.startsWith('-');
  const column = SORT_COLUMNS[descending ? spec.slice(1) : spec];
  const direction = descending ? 'DESC' : 'ASC';
  const countWhere = conditions(query, mark);
  const pageWhere = conditions(query, mark);
  const sql =
    `SELECT page.*, matching.total FROM (SELECT COUNT(*) AS total FROM cars ${countWhere}) matching ` +
    `LEFT JOIN (SELECT ${COLUMNS.join(', ')} FROM cars ${pageWhere} ` +
    `ORDER BY ${column} ${direction}, id ${direction} ` +
    `LIMIT ${mark(query.limit)} OFFSET ${mark((query.page - 1) * query.limit)}) page ON 1 = 1 ` +
    `ORDER BY page.${column} ${direction}, page.id ${direction}`;
  return { sql, params: mark.params };
}

/** One car by id (one positional parameter). */
export function carByIdStatement(dialect: SqlDialect): string {
  return `SELECT ${COLUMNS.join(', ')} FROM cars WHERE id = ${dialect === 'sqlite' ? '?' : '$1'}`;
}

/**
 * A timestamp as the driver gives it: a `Date` (PostgreSQL), or SQLite's UTC text
 * `YYYY-MM-DD HH:MM:SS.SSS`, read as TypeORM reads it.
 */
function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const iso = value.replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}

export function carFromRow(row: CarRow): Car {
  return {
    id: Number(row.id),
    make: row.make,
    model: row.model,
    year: Number(row.year),
    category: row.category,
    source: row.source,
    externalId: row.external_id,
    removedAt: row.removed_at === null ? null : toDate(row.removed_at),
    createdById: row.created_by_id === null ? null : Number(row.created_by_id),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}
