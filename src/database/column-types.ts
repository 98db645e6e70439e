import { ColumnType } from 'typeorm';

/**
 * The type of every UTC timestamp column, the same in every environment: PostgreSQL's
 * `timestamptz`. SQLite has no such type; there `AppDataSource` maps it to `SQLITE_TIMESTAMP`.
 */
export const TIMESTAMP = 'timestamptz' satisfies ColumnType;

/** TypeORM's `datetime` on SQLite: ISO text in UTC, what the SQLite schema has always used. */
export const SQLITE_TIMESTAMP = 'datetime' satisfies ColumnType;
