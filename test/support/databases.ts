import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSourceOptions } from 'typeorm';

export type DatabaseType = 'sqlite' | 'postgres';

/** The database of the running Jest project: PostgreSQL in e2e-postgres (see on-postgres.ts), else SQLite. */
export function projectDatabaseType(): DatabaseType {
  return process.env.TEST_DB_TYPE === 'postgres' ? 'postgres' : 'sqlite';
}

/** Every database a test of its own may run on: SQLite, and PostgreSQL when `TEST_DATABASE_URL` names a server. */
export function availableDatabaseTypes(): DatabaseType[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Whether the running Jest project is e2e-postgres (fixed before any test file loads). */
export const onPostgres = projectDatabaseType() === 'postgres';

/** One statement on the server of `TEST_DATABASE_URL`, on a connection of its own. */
async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database on the server of `TEST_DATABASE_URL`; `drop` removes it, connections and all. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl)
    throw new Error('TEST_DATABASE_URL is not set: it names the PostgreSQL server of the tests');
  const name = `car_platform_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A database of a test: where it is, as configuration and as data source options. */
export interface TestDatabase {
  type: DatabaseType;
  /** The configuration that points the app, or a process, at it (DB_TYPE with DB_PATH or DATABASE_URL). */
  env: Record<string, string>;
  /** Connection options for reading it from the test (entities and migrations are the caller's). */
  connection: DataSourceOptions;
  /** Removes a PostgreSQL database; a SQLite file goes with its folder. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database of `type` (by default the Jest project's): a SQLite file `app.sqlite` in
 * `dir`, or a new PostgreSQL database on the server of `TEST_DATABASE_URL`.
 */
export async function createTestDatabase(dir: string, type = projectDatabaseType()): Promise<TestDatabase> {
  if (type === 'postgres') {
    const { url, drop } = await createPostgresDatabase();
    return { type, env: { DB_TYPE: type, DATABASE_URL: url }, connection: { type, url }, drop };
  }
  const path = join(dir, 'app.sqlite');
  return {
    type,
    env: { DB_TYPE: type, DB_PATH: path },
    connection: { type, database: path },
    drop: async () => {},
  };
}
