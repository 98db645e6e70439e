/**
 * What the benchmarks share: the compiled app's helpers, a private Redis, a migrated SQLite file
 * and a fast catalogue insert, the API and the reference servers as child processes, a few API
 * calls, and the tables that report a figure beside its reference.
 *
 * The app processes (API, worker, reference servers) run on `BENCH_NODE` when it is set, so one
 * suite can compare Node versions with the same load generator; the benchmark process itself stays
 * on this Node. `BENCH_NODE` may list several binaries, comma-separated: a benchmark then runs its
 * whole measurement once per binary, with fresh processes each time.
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

/** A Node binary the app processes run on, and its version. */
export interface AppNode {
  path: string;
  version: string;
}

/** The Node binaries of the app processes: those `BENCH_NODE` lists, else the one running the benchmark. */
export function appNodes(): AppNode[] {
  const paths = (process.env.BENCH_NODE || process.execPath)
    .split(',')
    .map((path) => path.trim())
    .filter((path) => path !== '');
  return paths.map((path) => {
    const result = spawnSync(path, ['--version'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`BENCH_NODE: ${path} does not run: ${result.stderr}`);
    return { path, version: result.stdout.trim() };
  });
}

/** The environment every app process of a benchmark gets. */
const BENCH_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
};

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

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

/** `argv` on `node`, with `env` over this process's environment and the benchmarks' settings. */
function benchProcess(name: string, node: string, argv: string[], env: Record<string, string>): TestProcess {
  return new TestProcess(name, [node, ...argv], { env: { ...process.env, ...BENCH_ENV, ...env } });
}

/** The compiled app's `file` (in dist/) on `node`, with `env` over this process's environment. */
export function appProcess(
  name: string,
  file: string,
  env: Record<string, string>,
  node: string,
): TestProcess {
  return benchProcess(name, node, [join(DIST, file)], env);
}

export interface Server {
  base: string;
  stop(): Promise<void>;
}

/**
 * `child`, to listen on `port`, once `ready` holds (its output is shown when it never does); its
 * `stop` shows whatever it wrote.
 */
async function started(
  child: TestProcess,
  port: number,
  ready: (base: string) => Promise<boolean>,
): Promise<Server> {
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await child.stop('SIGTERM', 10_000);
    // Quiet when all is well: anything it wrote is worth seeing.
    if (child.output) console.error(child.tail());
  };
  try {
    await waitWhileRunning(`${child.name} to answer`, () => ready(base), [child], 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop };
}

/**
 * The compiled API (`dist/main.js`) on `node`, on the SQLite file `dbPath` and Redis `redisUrl`;
 * resolves once it answers `GET /api/status`.
 */
export async function startApi(options: {
  node: string;
  dir: string;
  dbPath: string;
  redisUrl: string;
  env?: Record<string, string>;
}): Promise<Server> {
  const port = await freePort();
  const env = {
    LOG_LEVEL: 'error',
    LOG_DIR: join(options.dir, 'logs'),
    DB_PATH: options.dbPath,
    REDIS_URL: options.redisUrl,
    ...options.env,
    PORT: String(port),
  };
  return started(appProcess('api', 'main.js', env, options.node), port, (base) =>
    fetch(`${base}/api/status`).then(
      (response) => response.ok,
      () => false,
    ),
  );
}

/** The reference servers of test/bench/reference. */
export type ReferenceName = 'bare-express' | 'limit-server' | 'limit-bids';

/**
 * A reference server (test/bench/reference/`name`.ts, run through tsx) on `node`, with the
 * benchmarks' settings and `env` (the API's names: `DB_PATH`); resolves once it answers at all.
 */
export async function startReference(
  name: ReferenceName,
  node: string,
  env: Record<string, string> = {},
): Promise<Server> {
  const port = await freePort();
  const file = join(__dirname, 'reference', `${name}.ts`);
  const child = benchProcess(name, node, ['--import', 'tsx', file], { ...env, PORT: String(port) });
  return started(child, port, (base) =>
    fetch(base).then(
      () => true,
      () => false,
    ),
  );
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

/** Answers of one load: those that count per second, their latency, and the others. */
export interface Measurement {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  /** Answers of another status than the one counted. */
  non2xx: number;
  errors: number;
}

/** The mean of the two measurements of a reference taken before and after a figure. */
export function meanOf(a: Measurement, b: Measurement): Measurement {
  return {
    requestsPerSecond: (a.requestsPerSecond + b.requestsPerSecond) / 2,
    latencyMs: { p50: (a.latencyMs.p50 + b.latencyMs.p50) / 2, p99: (a.latencyMs.p99 + b.latencyMs.p99) / 2 },
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
  };
}

/** The median of each value over rounds. */
export function medianOf(measurements: Measurement[]): Measurement {
  const of = (value: (m: Measurement) => number) => median(measurements.map(value));
  return {
    requestsPerSecond: of((m) => m.requestsPerSecond),
    latencyMs: { p50: of((m) => m.latencyMs.p50), p99: of((m) => m.latencyMs.p99) },
    non2xx: measurements.reduce((sum, m) => sum + m.non2xx, 0),
    errors: measurements.reduce((sum, m) => sum + m.errors, 0),
  };
}

/** A figure of the API as a share of its reference, measured in the same run. */
export interface Comparison {
  key: string;
  label: string;
  /** What the figure is measured against. */
  reference: string;
  /** Least share of the reference. */
  goal: number | null;
  note: string | null;
  /** Why the figure was not measured, when it was not. */
  skipped: string | null;
  api: Measurement | null;
  referenceMeasurement: Measurement | null;
  share: number | null;
  /** The largest gap between the reference's measurements before and after the figure, over its mean. */
  gap: number | null;
  pass: boolean | null;
  /** Each round's measurements: the figure, and its reference before and after it. */
  rounds: Sandwich[];
}

export interface Sandwich {
  api: Measurement;
  before: Measurement;
  after: Measurement;
}

/** What a comparison is: its figure, its reference, its goal. */
export interface ComparisonSpec {
  key: string;
  label: string;
  reference: string;
  goal?: number;
  note?: string;
}

/** A figure's rounds as a comparison: medians over rounds, each share against the mean of its reference. */
export function compared(spec: ComparisonSpec, rounds: Sandwich[]): Comparison {
  const references = rounds.map(({ before, after }) => meanOf(before, after));
  const share = median(rounds.map(({ api }, i) => api.requestsPerSecond / references[i].requestsPerSecond));
  return {
    ...skipped(spec, null),
    api: medianOf(rounds.map(({ api }) => api)),
    referenceMeasurement: medianOf(references),
    share,
    gap: Math.max(
      ...rounds.map(
        ({ before, after }, i) =>
          Math.abs(after.requestsPerSecond - before.requestsPerSecond) / references[i].requestsPerSecond,
      ),
    ),
    pass: spec.goal === undefined ? null : share >= spec.goal,
    rounds,
  };
}

/** A comparison not measured, and why (null: nothing measured yet). */
export function skipped(spec: ComparisonSpec, why: string | null): Comparison {
  return {
    key: spec.key,
    label: spec.label,
    reference: spec.reference,
    goal: spec.goal ?? null,
    note: spec.note ?? null,
    skipped: why,
    api: null,
    referenceMeasurement: null,
    share: null,
    gap: null,
    pass: null,
    rounds: [],
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const goalText = (goal: number | null) => (goal === null ? '' : `>= ${percent(goal)}`);

function result(row: Comparison): string {
  if (row.skipped) return `skipped: ${row.skipped}`;
  const verdict = row.pass === null ? (row.note ?? '') : row.pass ? 'PASS' : 'MISS';
  const failures = [row.api, row.referenceMeasurement].some((m) => m && (m.non2xx || m.errors))
    ? ` (API ${row.api!.non2xx}/${row.api!.errors}, reference ${row.referenceMeasurement!.non2xx}/` +
      `${row.referenceMeasurement!.errors} other answers/errors)`
    : '';
  return verdict + failures;
}

/** Rows of cells as aligned columns, the first left-aligned. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One run's figures, each beside its reference. */
export function comparisonTable(rows: Comparison[]): string {
  const number = (value: number | undefined, digits = 1) =>
    value === undefined ? '-' : value.toFixed(digits);
  return formatTable([
    [
      'Figure',
      'req/s',
      'p50 ms',
      'p99 ms',
      'Reference',
      'req/s',
      'p50 ms',
      'p99 ms',
      'Gap',
      'Share',
      'Goal',
      'Result',
    ],
    ...rows.map((row) => [
      row.label,
      number(row.api?.requestsPerSecond, 0),
      number(row.api?.latencyMs.p50),
      number(row.api?.latencyMs.p99),
      row.reference,
      number(row.referenceMeasurement?.requestsPerSecond, 0),
      number(row.referenceMeasurement?.latencyMs.p50),
      number(row.referenceMeasurement?.latencyMs.p99),
      row.gap === null ? '-' : percent(row.gap),
      row.share === null ? '-' : percent(row.share),
      goalText(row.goal),
      result(row),
    ]),
  ]);
}

/** The same figures of runs on several Node versions, side by side. */
export function sideBySideTable(runs: { apiNode: string; figures: Comparison[] }[]): string {
  const header = ['Figure', 'Reference', 'Goal'];
  for (const { apiNode } of runs) header.push(`${apiNode} req/s`, 'p99 ms', 'share', 'result');
  return formatTable([
    header,
    ...runs[0].figures.map((first, i) => {
      const cells = [first.label, first.reference, goalText(first.goal)];
      for (const { figures } of runs) {
        const row = figures[i];
        cells.push(
          row.api ? row.api.requestsPerSecond.toFixed(0) : '-',
          row.api ? row.api.latencyMs.p99.toFixed(1) : '-',
          row.share === null ? '-' : percent(row.share),
          row.skipped ? 'skipped' : row.pass === null ? (row.note ?? '') : row.pass ? 'PASS' : 'MISS',
        );
      }
      return cells;
    }),
  ]);
}

/** Writes `test/bench/results/<name>.json`. */
export function writeResults(name: string, results: object): void {
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.json`), JSON.stringify(results, null, 2));
}
