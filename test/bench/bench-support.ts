/**
 * What the benchmarks share: the compiled app's helpers, a private Redis, a migrated SQLite file
 * and a fast catalogue insert, the API as a child process, and a few API calls.
 *
 * The app processes (API, worker) run on `BENCH_NODE` when it is set, so one suite can compare
 * Node versions with the same load generator; the benchmark process itself stays on this Node.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { CarRecord } from '../support/car-api/car-data';
import { freePort } from '../support/global-setup';
import { TestProcess, waitWhileRunning } from '../support/processes';
import type { AppDataSource as AppDataSourceClass } from '../../src/database/app-data-source';
import type { buildDataSourceOptions as BuildOptions } from '../../src/database/database-options';
import type { bullConnection as BullConnection } from '../../src/queue/queue-root.module';
import type {
  redisServerInstalled as Installed,
  startRedisServer as Start,
} from '../../src/redis/local-redis-server';

/* eslint-disable @typescript-eslint/no-require-imports -- the compiled app (decorator metadata intact) */
const DIST = join(__dirname, '..', '..', 'dist');
export const { buildDataSourceOptions } = require(join(DIST, 'database/database-options')) as {
  buildDataSourceOptions: typeof BuildOptions;
};
const { AppDataSource } = require(join(DIST, 'database/app-data-source')) as {
  AppDataSource: typeof AppDataSourceClass;
};
const { redisServerInstalled, startRedisServer } = require(join(DIST, 'redis/local-redis-server')) as {
  redisServerInstalled: typeof Installed;
  startRedisServer: typeof Start;
};
export const { bullConnection } = require(join(DIST, 'queue/queue-root.module')) as {
  bullConnection: typeof BullConnection;
};
/* eslint-enable @typescript-eslint/no-require-imports */

export { redisServerInstalled };

/** The Node binary of the app processes: `BENCH_NODE`, else the one running the benchmark. */
export const APP_NODE = process.env.BENCH_NODE || process.execPath;

/** `APP_NODE --version`. */
export function appNodeVersion(): string {
  const result = spawnSync(APP_NODE, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`BENCH_NODE=${APP_NODE} does not run: ${result.stderr}`);
  return result.stdout.trim();
}

/** The environment every app process of a benchmark gets. */
const BENCH_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
};

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** A private, memory-only redis-server on a free port. */
export async function startPrivateRedis(): Promise<{ url: string; stop: () => void }> {
  if (!redisServerInstalled()) throw new Error('The benchmarks need redis-server installed');
  const port = await freePort();
  const server = await startRedisServer(port);
  return { url: `redis://127.0.0.1:${port}`, stop: () => server.kill() };
}

/** A SQLite file with the app's schema (its migrations), through the app's own data source options. */
export async function migratedSqlite(path: string): Promise<DataSource> {
  const dataSource = new AppDataSource({
    ...buildDataSourceOptions({ type: 'sqlite', path, url: undefined }),
    logging: false,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

const ROWS_PER_STATEMENT = 500;

/** `rows` straight into `cars` as synced cars, in one transaction of multi-row statements. */
export async function insertCars(dataSource: DataSource, rows: CarRecord[]): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const now = new Date().toISOString();
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      const params = chunk.flatMap((car) => [
        car.Make,
        car.Model,
        car.Year,
        car.Category,
        'sync',
        car.objectId,
        now,
        now,
      ]);
      await manager.query(
        `INSERT INTO cars (make, model, year, category, source, external_id, created_at, updated_at) VALUES ${values}`,
        params,
      );
    }
  });
}

/** The compiled app's `file` (in dist/) on `APP_NODE`, with `env` over this process's environment. */
export function appProcess(name: string, file: string, env: Record<string, string>): TestProcess {
  return new TestProcess(name, [APP_NODE, join(DIST, file)], {
    env: { ...process.env, ...BENCH_ENV, ...env },
  });
}

export interface ApiServer {
  base: string;
  stop(): Promise<void>;
}

/**
 * The compiled API (`dist/main.js`) on `APP_NODE`, on the SQLite file `dbPath` and Redis `redisUrl`;
 * resolves once it answers `GET /api/status`.
 */
export async function startApi(options: {
  dir: string;
  dbPath: string;
  redisUrl: string;
  env?: Record<string, string>;
}): Promise<ApiServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = appProcess('api', 'main.js', {
    LOG_LEVEL: 'error',
    LOG_DIR: join(options.dir, 'logs'),
    DB_PATH: options.dbPath,
    REDIS_URL: options.redisUrl,
    ...options.env,
    PORT: String(port),
  });
  const stop = async () => {
    await child.stop('SIGTERM', 10_000);
    // At LOG_LEVEL=error, anything it wrote is worth seeing.
    if (child.output) console.error(child.tail());
  };
  try {
    await waitWhileRunning(
      'the API to answer GET /api/status',
      () =>
        fetch(`${base}/api/status`).then(
          (response) => response.ok,
          () => false,
        ),
      [child],
      60_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop };
}

export async function api(
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: object; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export interface BenchUser {
  token: string;
  id: number;
  email: string;
  password: string;
}

const PASSWORD = 'bench-password-1';

export async function signUp(base: string, n: number): Promise<BenchUser> {
  const tag = `${process.pid}_${n}_${Math.random().toString(36).slice(2, 8)}`;
  const email = `b_${tag}@bench.test`;
  const { status, body } = await api(base, '/api/auth/signup', {
    method: 'POST',
    body: { username: `b_${tag}`.slice(0, 32), email, password: PASSWORD },
  });
  if (status !== 201) throw new Error(`signup ${status}: ${JSON.stringify(body)}`);
  return { token: body.accessToken, id: body.user.id, email, password: PASSWORD };
}

/** An auction ending in a day, of a catalogue car (`carId`) or of a made-up one. */
export async function createAuction(base: string, seller: BenchUser, carId?: number): Promise<number> {
  const { status, body } = await api(base, '/api/auctions', {
    method: 'POST',
    token: seller.token,
    body: {
      title: 'Bench auction',
      ...(carId ? { carId } : { make: 'Bench', model: 'Mark I', year: 2020 }),
      startingPrice: 1,
      minIncrement: 0.01,
      endsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    },
  });
  if (status !== 201) throw new Error(`auction ${status}: ${JSON.stringify(body)}`);
  return body.id;
}

/** Writes `test/bench/results/<name>.json`. */
export function writeResults(name: string, results: object): void {
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.json`), JSON.stringify(results, null, 2));
}
