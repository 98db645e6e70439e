import { registerAs } from '@nestjs/config';

export type DbType = 'sqlite' | 'postgres';

export const databaseConfig = registerAs('db', () => ({
  type: (process.env.DB_TYPE ?? 'sqlite') as DbType,
  path: process.env.DB_PATH ?? 'data/app.sqlite',
  url: process.env.DATABASE_URL,
}));
