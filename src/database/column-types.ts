import { ColumnType } from 'typeorm';
import { readEnv } from '../config/read-env';

/**
 * A UTC timestamp column type for the configured database: `timestamptz` on PostgreSQL,
 * TypeORM's ISO `datetime` text on SQLite. Decided when the entity classes are declared.
 */
export const TIMESTAMP: ColumnType = readEnv('DB_TYPE') === 'postgres' ? 'timestamptz' : 'datetime';
