import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';

export type DbType = 'sqlite' | 'postgres';

export const databaseConfig = registerAs('db', () => ({
  type: (readEnv('DB_TYPE') ?? 'sqlite') as DbType,
  path: readEnv('DB_PATH') ?? 'data/app.sqlite',
  url: readEnv('DATABASE_URL'),
}));
