import { ColumnType } from 'typeorm';

/**
 * A UTC timestamp column type for the configured database: `timestamptz` on PostgreSQL,
 * TypeORM's ISO `datetime` text on SQLite. Read when the entity classes are loaded, which
 * happens after the environment (and `.env`) is in place.
 */
export const TIMESTAMP: ColumnType = process.env.DB_TYPE === 'postgres' ? 'timestamptz' : 'datetime';
