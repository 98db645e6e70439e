/**
 * `npm run bench:sync`: the car sync at 10,000 and 100,000 models, against a baseline measured in
 * the same run on the same machine.
 *
 * For each size: a Parse-protocol server in this process, a fresh SQLite file, and the real worker
 * (`dist/worker.js`) whose start runs the first sync (a full pass). Then a manual sync with nothing
 * changed. Reported: wall time, rows per second, requests, and the worker's peak resident memory
 * (VmHWM). Baseline: the same rows inserted into a fresh file with the same driver (TypeORM over
 * sqlite3) in one transaction, in multi-row statements. The worker runs on `BENCH_NODE` when set;
 * a comma-separated list runs every size on each binary in turn.
 */
import { Queue } from 'bullmq';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CarApiServer } from '../support/car-api/car-api-server';
import { WORKER_READY_LINE } from '../../src/worker-ready';
import { TestProcess, waitWhileRunning } from '../support/processes';
import {
  AppNode,
  appNodes,
  appProcess,
  bullConnection,
  insertCars,
  migratedSqlite,
  redisServerInstalled,
  startPrivateRedis,
  writeResults,
} from './bench-support';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
/** Far beyond a sync of the largest size: only a stuck run takes this long. */
const RUN_TIMEOUT_MS = 30 * 60_000;

interface RunRow {
  status: string;
  fetched: number;
  inserted: number;
  unchanged: number;
  started_at: string;
  finished_at: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

function peakRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** The same rows, straight into `cars` in one transaction. */
async function baseline(dir: string, server: CarApiServer): Promise<number> {
  const dataSource = await migratedSqlite(join(dir, 'baseline.sqlite'));
  const rows = server.all();
  const started = performance.now();
  await insertCars(dataSource, rows);
  const elapsed = performance.now() - started;
  await dataSource.destroy();
  return elapsed;
}

/** Sync run `id` once it has ended, while the worker runs. */
async function waitForRun(dataSource: DataSource, id: number, worker: TestProcess): Promise<RunRow> {
  let run: RunRow | undefined;
  await waitWhileRunning(
    `sync run ${id} to end`,
    async () => {
      [run] = (await dataSource.query(
        'SELECT status, fetched, inserted, unchanged, started_at, finished_at FROM sync_runs WHERE id = ?',
        [id],
      )) as RunRow[];
      return run !== undefined && run.status !== 'running';
    },
    [worker],
    RUN_TIMEOUT_MS,
  );
  return run!;
}

const runMs = (run: RunRow) => Date.parse(`${run.finished_at}Z`) - Date.parse(`${run.started_at}Z`);

async function measure(size: number, redisUrl: string, node: AppNode) {
  const dir = mkdtempSync(join(tmpdir(), 'car-sync-bench-'));
  const server = await CarApiServer.start({ count: size, appId: 'bench', apiKey: 'bench' });
  const baselineMs = await baseline(dir, server);

  const dbPath = join(dir, 'app.sqlite');
  const db = await migratedSqlite(dbPath); // the API's part: the schema
  const worker = appProcess(
    'worker',
    'worker.js',
    {
      LOG_LEVEL: 'warn',
      LOG_DIR: join(dir, 'logs'),
      DB_PATH: dbPath,
      REDIS_URL: redisUrl,
      CAR_API_URL: server.url,
      CAR_API_ID: 'bench',
      CAR_API_KEY: 'bench',
      SYNC_INTERVAL_MS: '3600000',
    },
    node.path,
  );
  const first = await waitForRun(db, 1, worker);
  const requestsFirst = server.requests.length;

  server.resetRequests();
  const queue = new Queue('car-sync', { connection: bullConnection(redisUrl) });
  await queue.add('sync-cars', { trigger: 'manual' });
  const second = await waitForRun(db, 2, worker);
  const peak = peakRssKb(worker.pid);

  await worker.stop();
  // Anything beyond its readiness line is worth seeing.
  if (worker.output.trim() !== WORKER_READY_LINE) console.error(worker.tail());
  await queue.obliterate({ force: true });
  await queue.close();
  await db.destroy();
  await server.close();
  rmSync(dir, { recursive: true, force: true });

  return {
    size,
    baselineMs,
    first: { ms: runMs(first), fetched: first.fetched, inserted: first.inserted, requests: requestsFirst },
    second: {
      ms: runMs(second),
      fetched: second.fetched,
      unchanged: second.unchanged,
      requests: server.requests.length,
    },
    peakRssKb: peak,
  };
}

async function main(): Promise<void> {
  const redis = redisServerInstalled() ? await startPrivateRedis() : undefined;
  const redisUrl = redis?.url ?? process.env.REDIS_URL;
  if (!redisUrl) throw new Error('bench:sync needs redis-server installed or REDIS_URL');
  const runs = [];
  try {
    for (const node of appNodes()) {
      const results: Awaited<ReturnType<typeof measure>>[] = [];
      runs.push({ workerNode: node.version, results });
      for (const size of SIZES) {
        const result = await measure(size, redisUrl, node);
        results.push(result);
        const ratio = result.first.ms / result.baselineMs;
        console.log(
          [
            `\n${size.toLocaleString('en')} models (worker on Node ${node.version})`,
            `  baseline: one-transaction insert ${seconds(result.baselineMs)}` +
              ` (${Math.round(size / (result.baselineMs / 1000)).toLocaleString('en')} rows/s)`,
            `  first sync: ${seconds(result.first.ms)} (${Math.round(size / (result.first.ms / 1000)).toLocaleString('en')} rows/s),` +
              ` ${result.first.requests} requests, ${result.first.inserted} inserted: ${ratio.toFixed(2)}x baseline (goal <= 3x)`,
            `  unchanged re-sync: ${seconds(result.second.ms)}, ${result.second.requests} request(s),` +
              ` ${result.second.fetched} fetched, ${result.second.unchanged} unchanged`,
            `  worker peak RSS: ${mb(result.peakRssKb)} (goal < 300 MB)`,
          ].join('\n'),
        );
      }
    }
  } finally {
    redis?.stop();
  }
  writeResults('sync', { node: process.version, at: new Date(), runs });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
