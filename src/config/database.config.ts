import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';

export type DbType = 'sqlite' | 'postgres';

export const DEFAULT_DB_PATH = 'data/app.sqlite';

export const databaseConfig = registerAs('db', () => ({
  type: (readEnv('DB_TYPE') ?? 'sqlite') as DbType,
  path: readEnv('DB_PATH') ?? DEFAULT_DB_PATH,
  url: readEnv('DATABASE_URL'),
}));
