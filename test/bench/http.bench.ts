/**
 * `npm run bench:http`: request throughput and latency of the API's common reads against a
 * catalogue of 100,000 cars, each beside the API's own `GET /api/status` measured in the same run.
 *
 * The API is the compiled `dist/main.js` in its own process (on `BENCH_NODE` when set), on a fresh
 * SQLite file whose cars are inserted straight after the migrations (realistic makes, models and
 * years: the sync benchmark's generator), and a private Redis. The load comes from this process:
 * autocannon, 50 connections for `BENCH_SECONDS` (default 5) per figure after a short warm-up,
 * with paths, ids, tokens and logins varied across requests. A round measures the baseline, every
 * figure, and the baseline again: a figure's ratio is its share of the mean of the two, and a wide
 * gap between them says other work shared the machine. `BENCH_ROUNDS` repeats the round; each
 * reported value is then the median over the rounds. Results go to `test/bench/results/http.json`.
 *
 * The last figures are the hostile requests of the security findings: how many of them the API
 * refuses a second, and how much of its baseline `GET /api/status` keeps while 16 connections send
 * 16,000-character `Authorization` headers alongside (each once cost 167 ms of CPU to parse).
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom, generateCars } from '../support/car-api/car-data';
import {
  api,
  appNodeVersion,
  BenchUser,
  createAuction,
  insertCars,
  migratedSqlite,
  signUp,
  startApi,
  startPrivateRedis,
  writeResults,
} from './bench-support';
import { sleep } from '../support/wait';

const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CARS = Number(process.env.BENCH_CARS ?? 100_000);
const USERS = 20;
const AUCTIONS = 100;
const PAGE_SIZE = 20;
const LIST_QUERIES = 2_000;

interface Figure {
  key: string;
  label: string;
  /** Least share of the baseline's requests per second. */
  goal?: number;
  note?: string;
  method?: 'GET' | 'POST';
  /** Signed in as one of the bench users, a different one from request to request. */
  signedIn?: boolean;
  path: () => string;
  body?: () => object;
  /** The status every answer must have (a refusal, for hostile requests); 2xx by default. */
  status?: number;
  /** Headers of every request. */
  headers?: Record<string, string>;
  /** Other connections that send these requests during the measurement. */
  alongside?: { connections: number; figure: Figure };
}

interface Measurement {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

type Rated = Measurement & { ratio: number };

interface Summary extends Rated {
  key: string;
  label: string;
  goal: number | null;
  pass: boolean | null;
  note: string | null;
  rounds: Rated[];
}

interface Round {
  measured: Measurement[];
  /** The baseline's requests per second at the start and at the end of the round. */
  baseline: { first: number; last: number; mean: number };
}

const random = createRandom(20_261_121);
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];

/** `GET /api/cars` queries drawn from the catalogue itself, so common makes and years come up often. */
function listPaths(cars: ReturnType<typeof generateCars>): string[] {
  const counts = new Map<string, number>();
  for (const car of cars)
    counts.set(`${car.Make}|${car.Year}`, (counts.get(`${car.Make}|${car.Year}`) ?? 0) + 1);
  return Array.from({ length: LIST_QUERIES }, () => {
    const car = pick(cars);
    const pages = Math.ceil(counts.get(`${car.Make}|${car.Year}`)! / PAGE_SIZE);
    const page = 1 + Math.floor(random() * pages);
    return `/api/cars?make=${encodeURIComponent(car.Make)}&year=${car.Year}&page=${page}&limit=${PAGE_SIZE}`;
  });
}

function autocannonRequest(figure: Figure, users: BenchUser[]): autocannon.Request {
  return {
    method: figure.method ?? 'GET',
    setupRequest: (request) => ({
      ...request,
      path: figure.path(),
      headers: {
        ...request.headers,
        ...(figure.body ? { 'content-type': 'application/json' } : {}),
        ...(figure.signedIn ? { authorization: `Bearer ${pick(users).token}` } : {}),
        ...figure.headers,
      },
      ...(figure.body ? { body: JSON.stringify(figure.body()) } : {}),
    }),
  };
}

/** One request of each figure before the load: the bench measures successes, so they must succeed. */
async function probe(base: string, figure: Figure, users: BenchUser[]): Promise<void> {
  const { status, body } = await api(base, figure.path(), {
    method: figure.method,
    token: figure.signedIn ? users[0].token : undefined,
    body: figure.body?.(),
    headers: figure.headers,
  });
  const expected = figure.status === undefined ? status < 300 : status === figure.status;
  if (!expected || (Array.isArray(body?.data) && body.data.length === 0)) {
    throw new Error(`${figure.label}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

async function measure(base: string, figure: Figure, users: BenchUser[]): Promise<Measurement> {
  const load = (connections: number, of: Figure) =>
    autocannon({
      url: base,
      connections,
      duration: SECONDS,
      ...(WARMUP_SECONDS > 0 ? { warmup: { connections, duration: WARMUP_SECONDS } } : {}),
      requests: [autocannonRequest(of, users)],
    });
  const [result] = await Promise.all([
    load(CONCURRENCY, figure),
    ...(figure.alongside ? [load(figure.alongside.connections, figure.alongside.figure)] : []),
  ]);
  const answered =
    figure.status === undefined ? result['2xx'] : (result.statusCodeStats[figure.status]?.count ?? 0);
  return {
    requestsPerSecond: answered / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    non2xx: figure.status === undefined ? result.non2xx : result.requests.total - answered,
    errors: result.errors + result.timeouts,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summarize(figure: Figure, rounds: Rated[]): Summary {
  const of = (value: (round: Rated) => number) => median(rounds.map(value));
  const ratio = of((round) => round.ratio);
  return {
    key: figure.key,
    label: figure.label,
    requestsPerSecond: of((round) => round.requestsPerSecond),
    latencyMs: { p50: of((round) => round.latencyMs.p50), p99: of((round) => round.latencyMs.p99) },
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    ratio,
    goal: figure.goal ?? null,
    pass: figure.goal === undefined ? null : ratio >= figure.goal,
    note: figure.note ?? null,
    rounds,
  };
}

function table(figures: Summary[]): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const rows = [
    ['Figure', 'req/s', 'p50 ms', 'p99 ms', 'Ratio', 'Goal', 'Result'],
    ...figures.map((figure) => [
      figure.label,
      figure.requestsPerSecond.toFixed(0),
      figure.latencyMs.p50.toFixed(1),
      figure.latencyMs.p99.toFixed(1),
      percent(figure.ratio),
      figure.goal === null ? '' : `>= ${percent(figure.goal)}`,
      (figure.pass === null ? (figure.note ?? '') : figure.pass ? 'PASS' : 'MISS') +
        (figure.non2xx || figure.errors ? ` (${figure.non2xx} non-2xx, ${figure.errors} errors)` : ''),
    ]),
  ];
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

/** A body just under the 100 kB limit holding nothing but unknown keys. */
const UNKNOWN_KEYS = Object.fromEntries(Array.from({ length: 12_964 }, (_, i) => [i.toString(36), 1]));
const LONG_AUTHORIZATION = { authorization: 'a'.repeat(16_000) };

/** The requests of the security probe, each refused; and the baseline while one of them goes on. */
function hostileFigures(baseline: Figure): Figure[] {
  const longHeader: Figure = {
    key: 'longAuthorization',
    label: 'GET /api/cars, 16,000-char Authorization (401)',
    status: 401,
    headers: LONG_AUTHORIZATION,
    path: () => '/api/cars',
  };
  return [
    longHeader,
    {
      key: 'unknownKeys',
      label: 'POST /api/cars, 12,964 unknown keys (400)',
      status: 400,
      method: 'POST',
      signedIn: true,
      path: () => '/api/cars',
      body: () => UNKNOWN_KEYS,
    },
    {
      key: 'statusUnderAttack',
      label: 'GET /api/status beside 16 long-Authorization connections',
      path: baseline.path,
      alongside: { connections: 16, figure: longHeader },
    },
  ];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'car-http-bench-'));
  const dbPath = join(dir, 'app.sqlite');
  const apiNode = appNodeVersion();

  const cars = generateCars(CARS);
  const db = await migratedSqlite(dbPath);
  await insertCars(db, cars);
  const [{ minId, maxId }] = (await db.query('SELECT MIN(id) AS minId, MAX(id) AS maxId FROM cars')) as {
    minId: number;
    maxId: number;
  }[];
  await db.destroy();

  const redis = await startPrivateRedis();
  const server = await startApi({ dir, dbPath, redisUrl: redis.url, env: { AUTH_RATE_LIMIT: '10000000' } });
  const { base } = server;
  try {
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => signUp(base, i)));
    const carId = () => minId + Math.floor(random() * (maxId - minId + 1));
    const auctions: number[] = [];
    for (let i = 0; i < AUCTIONS; i++) auctions.push(await createAuction(base, pick(users), carId()));
    const lists = listPaths(cars);

    const figures: Figure[] = [
      { key: 'status', label: 'GET /api/status (baseline, public)', path: () => '/api/status' },
      {
        key: 'me',
        label: 'GET /api/auth/me (JWT guard)',
        goal: 0.85,
        signedIn: true,
        path: () => '/api/auth/me',
      },
      {
        key: 'carsList',
        label: 'GET /api/cars?make&year&page&limit=20',
        goal: 0.35,
        signedIn: true,
        path: () => pick(lists),
      },
      {
        key: 'carById',
        label: 'GET /api/cars/:id',
        goal: 0.5,
        signedIn: true,
        path: () => `/api/cars/${carId()}`,
      },
      {
        key: 'auctionById',
        label: 'GET /api/auctions/:id',
        signedIn: true,
        path: () => `/api/auctions/${pick(auctions)}`,
      },
      {
        key: 'login',
        label: 'POST /api/auth/login',
        note: 'argon2 bound',
        method: 'POST',
        path: () => '/api/auth/login',
        body: () => {
          const user = pick(users);
          return { email: user.email, password: user.password };
        },
      },
    ];
    figures.push(...hostileFigures(figures[0]));
    for (const figure of figures) await probe(base, figure, users);

    const run = async (figure: Figure) => {
      const measurement = await measure(base, figure, users);
      // Requests queued behind what the load left in flight: the next figure starts on an idle API.
      await probe(base, figure, users);
      await sleep(500);
      await probe(base, figure, users);
      return measurement;
    };
    // A fresh process: let the JIT settle on the common path before the first baseline counts.
    await autocannon({ url: `${base}/api/status`, connections: CONCURRENCY, duration: 3 });
    const loadBefore = loadavg();
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measured: Measurement[] = [];
      for (const figure of figures) measured.push(await run(figure));
      const first = measured[0].requestsPerSecond;
      const last = (await run(figures[0])).requestsPerSecond;
      rounds.push({ measured, baseline: { first, last, mean: (first + last) / 2 } });
    }
    const loadAfter = loadavg();

    const summaries = figures.map((figure, i) =>
      summarize(
        figure,
        rounds.map(({ measured, baseline }) => ({
          ...measured[i],
          ...(i === 0 ? { requestsPerSecond: baseline.mean } : {}),
          ratio: i === 0 ? 1 : measured[i].requestsPerSecond / baseline.mean,
        })),
      ),
    );
    const drift = Math.max(
      ...rounds.map(({ baseline }) => Math.abs(baseline.last - baseline.first) / baseline.mean),
    );
    console.log(
      `\nHTTP (API on Node ${apiNode}, load from Node ${process.version}; ${CARS.toLocaleString('en')} cars; ` +
        `${CONCURRENCY} connections, ${SECONDS} s per figure after ${WARMUP_SECONDS} s warm-up; ` +
        `${ROUNDS} round(s), baseline drift within a round up to ${(drift * 100).toFixed(0)}%; ` +
        `load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after)\n` +
        table(summaries),
    );
    writeResults('http', {
      at: new Date(),
      node: process.version,
      apiNode,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      rounds: ROUNDS,
      cars: CARS,
      users: USERS,
      auctions: AUCTIONS,
      loadAverage: { before: loadBefore, after: loadAfter },
      baselines: rounds.map(({ baseline }) => baseline),
      figures: summaries,
    });
  } finally {
    await server.stop();
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
