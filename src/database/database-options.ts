import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSourceOptions } from 'typeorm';
import { databaseConfig } from '../config/database.config';

type DatabaseConfig = ReturnType<typeof databaseConfig>;

/**
 * sqlite3 as TypeORM gets it, minus debug mode: TypeORM calls `verbose()`, which wraps every
 * statement to capture a stack trace, and the API runs several statements per request.
 */
const sqlite3WithoutTraces = { ...sqlite3, verbose: () => sqlite3 };

/**
 * The one data source definition, used by the API, the worker and the migration CLI.
 * Schema changes go through the one migration set (src/database/migrations), never `synchronize`.
 */
export function buildDataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const shared = {
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
  };
  if (config.type === 'postgres') {
    return { ...shared, type: 'postgres', url: config.url, poolSize: 10 };
  }
  mkdirSync(dirname(config.path), { recursive: true });
  return {
    ...shared,
    type: 'sqlite',
    driver: sqlite3WithoutTraces,
    database: config.path,
    // WAL lets the API read while the worker writes; the busy timeout makes a writer wait for the
    // other process's transaction instead of failing with SQLITE_BUSY. Foreign keys are always on.
    enableWAL: true,
    busyTimeout: 10_000,
  };
}
