import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';

/**
 * A fresh PostgreSQL database on the server of `TEST_DATABASE_URL` (dropped by `close`), for the
 * e2e-postgres Jest project.
 */
async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `car_platform_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

export interface TestApp {
  app: NestExpressApplication;
  /** supertest bound to the app's HTTP server. */
  http: TestAgent;
  /** The folder of this app's logs (and SQLite file). */
  dir: string;
  close(): Promise<void>;
}

/**
 * The real API (AppModule with its global setup) on a fresh database, the test Redis and a silent
 * logger. The database is a SQLite file, or in the e2e-postgres project (see on-postgres.ts) a
 * PostgreSQL database; the environment it leaves (DB_TYPE, DB_PATH, DATABASE_URL) is inherited by
 * the worker and API processes a test spawns. `env` overrides configuration for this app; the
 * AppModule is loaded after the environment is set because configuration is read when it loads,
 * so use one app per test file.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  {
    database = process.env.TEST_DB_TYPE === 'postgres' ? 'postgres' : 'sqlite',
  }: { database?: 'sqlite' | 'postgres' } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'car-platform-test-'));
  const postgres = database === 'postgres' ? await createPostgresDatabase() : undefined;
  const redisUrl = new URL(process.env.REDIS_URL!);
  // Each Jest worker gets its own logical Redis database, so parallel test files don't mix.
  redisUrl.pathname = `/${Number(process.env.JEST_WORKER_ID ?? 1) % 16}`;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DB_TYPE: database,
    DB_PATH: join(dir, 'app.sqlite'),
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    LOG_DIR: join(dir, 'logs'),
    REDIS_URL: redisUrl.toString(),
    AUTH_RATE_LIMIT: '10000',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  // The Jest worker's Redis database starts empty: no counters, jobs or schedules of another file.
  const redis = new Redis(redisUrl.toString());
  await redis.flushdb();
  redis.disconnect();
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only now that the env is set */
  const { AppModule } = require('../../src/app.module') as typeof import('../../src/app.module');
  const { configureApp } = require('../../src/app.setup') as typeof import('../../src/app.setup');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: false,
  });
  configureApp(app);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    dir,
    close: async () => {
      await app.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
