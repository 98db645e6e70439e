import { NestExpressApplication } from '@nestjs/platform-express';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { createTestDatabase, DatabaseType, projectDatabaseType } from './databases';
import { freshRedisDatabase } from './redis';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

export interface TestApp {
  app: NestExpressApplication;
  /** supertest bound to the app's HTTP server. */
  http: TestAgent;
  /** The folder of this app's logs (and SQLite file). */
  dir: string;
  /** The configuration this app was made with, over the test file's environment. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** SQLite, or PostgreSQL (the default in the e2e-postgres project, see on-postgres.ts). */
  database?: DatabaseType;
  /** Replaces providers before the app is built, e.g. `(builder) => builder.overrideProvider(X).useValue(fake)`. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** The environment of the test file before any app configured it. */
const BASE_ENV = { ...process.env };

/** Makes process.env the file's environment with `env` over it, whatever an earlier app set. */
function useEnvironment(env: Record<string, string>): void {
  for (const key of Object.keys(process.env)) if (!(key in BASE_ENV)) delete process.env[key];
  Object.assign(process.env, BASE_ENV, env);
}

/**
 * The real API (AppModule with its global setup) on a fresh database, the test Redis and a silent
 * logger. The database is a SQLite file, or in the e2e-postgres project a PostgreSQL database.
 * `env` overrides configuration for this app; it is read while the app is created, so a file may
 * make several apps of different configurations. The environment of the app last made stays in
 * process.env: the worker and API processes a test spawns inherit it (its database, its Redis).
 * Each app empties the Jest worker's Redis database.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  { database = projectDatabaseType(), override = (builder) => builder }: TestAppOptions = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'car-platform-test-'));
  const db = await createTestDatabase(dir, database);
  const redisUrl = await freshRedisDatabase(env.REDIS_URL ?? BASE_ENV.REDIS_URL);
  const appEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOG_DIR: join(dir, 'logs'),
    AUTH_RATE_LIMIT: '10000',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...db.env,
    ...env,
    REDIS_URL: redisUrl,
  };
  useEnvironment(appEnv);
  const moduleRef = await override(Test.createTestingModule({ imports: [AppModule] })).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    dir,
    env: appEnv,
    close: async () => {
      await app.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
