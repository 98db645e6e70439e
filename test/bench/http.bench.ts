/**
 * `npm run bench:http`: request throughput and latency of the API's common reads against a
 * catalogue of 100,000 cars, each as a share of a reference measured in the same run:
 * - `GET /api/status` against a bare Express 5 app answering the same JSON;
 * - the catalogue list, a car by id and `GET /api/auth/me` against the "stack limit" server
 *   (`node:http`, the same `sqlite3` driver on the same file, HS256 checked with `node:crypto`, the
 *   API's own catalogue SQL as prepared statements: test/bench/reference/limit-server.ts)
 *   answering the same requests with the same JSON (checked before the load);
 * - `/auth/me` again, a `304` answer to `If-None-Match` (skipped, with a note, while the API
 *   answers no `ETag`), an auction by id, the login and the hostile requests against the API's own
 *   `GET /api/status`, its bare route.
 *
 * The API is the compiled `dist/main.js` in its own process, on a fresh SQLite file whose cars are
 * inserted straight after the migrations (realistic makes, models and years: the sync benchmark's
 * generator), and a private Redis; each reference server is a process of its own on the same Node
 * (`BENCH_NODE` when set). The load comes from this process: autocannon, 50 connections for
 * `BENCH_SECONDS` (default 5) per measurement after `BENCH_WARMUP_SECONDS` (default 1) of warm-up,
 * with paths, ids, tokens and logins varied across requests.
 *
 * Every figure is measured between two measurements of its reference (reference, figure,
 * reference, next figure of the same reference, reference…), and its share is of their mean: the
 * two loads a share compares are then seconds apart, and a drift of the machine's speed during the
 * round (other work on its two cores, a process warming up) cancels out to first order, where a
 * reference measured only at a round's start and end would be minutes from most figures. The gap
 * between the two measurements around a figure is reported: a wide one says other work shared the
 * machine. `BENCH_ROUNDS` repeats the round; each reported value is then the median over the
 * rounds.
 *
 * `BENCH_NODE` may list several Node binaries, comma-separated: the whole measurement then runs
 * once per binary, with a fresh database and fresh processes, one table each, and a table of all of
 * them side by side. Results go to `test/bench/results/http.json`.
 *
 * The hostile figures are the requests of the security findings: how many of them the API refuses
 * a second, and how much of its bare route it keeps while 16 connections send 16,000-character
 * `Authorization` headers alongside (each once cost 167 ms of CPU to parse).
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CarRecord, createRandom, generateCars } from '../support/car-api/car-data';
import { sleep } from '../support/wait';
import {
  api,
  AppNode,
  appNodes,
  compared,
  Comparison,
  ComparisonSpec,
  comparisonTable,
  createAuction,
  insertCars,
  Measurement,
  migratedSqlite,
  Sandwich,
  Server,
  sideBySideTable,
  signUp,
  skipped,
  startApi,
  startPrivateRedis,
  startReference,
  writeResults,
} from './bench-support';

const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CARS = Number(process.env.BENCH_CARS ?? 100_000);
const USERS = 20;
const AUCTIONS = 100;
const PAGE_SIZE = 20;
const LIST_QUERIES = 2_000;
/** Cars whose `ETag` the `304` figure sends back. */
const CONDITIONAL_CARS = 100;

interface Figure {
  key: string;
  label: string;
  method?: 'GET' | 'POST';
  /** Signed in as one of the bench users, a different one from request to request. */
  signedIn?: boolean;
  path: () => string;
  body?: () => object;
  /** The status every answer must have (a refusal, a `304`); 2xx by default. */
  status?: number;
  /** Headers of the request to `path`. */
  headers?: (path: string) => Record<string, string>;
  /** Other connections that send these requests during the measurement. */
  alongside?: { connections: number; figure: Figure };
}

/** The servers of a run: the API and the two reference servers. */
type Target = 'api' | 'express' | 'limit';

/** A reference, and the API's figures measured against it. */
interface Chain {
  target: Target;
  figure: Figure;
  compared: { spec: ComparisonSpec; figure: Figure; skip?: string }[];
}

/** `GET /api/cars` queries drawn from the catalogue itself, so common makes and years come up often. */
function listPaths(cars: CarRecord[], pick: <T>(items: T[]) => T, random: () => number): string[] {
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

/** A body just under the 100 kB limit holding nothing but unknown keys. */
const UNKNOWN_KEYS = Object.fromEntries(Array.from({ length: 12_964 }, (_, i) => [i.toString(36), 1]));
const LONG_AUTHORIZATION = { authorization: 'a'.repeat(16_000) };

/** The requests of the security probe, each refused; and the bare route while one of them goes on. */
function hostileFigures(status: Figure): Figure[] {
  const longHeader: Figure = {
    key: 'longAuthorization',
    label: 'GET /api/cars, 16,000-char Authorization (401)',
    status: 401,
    headers: () => LONG_AUTHORIZATION,
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
      path: status.path,
      alongside: { connections: 16, figure: longHeader },
    },
  ];
}

/** One run: the API and the references on one Node binary, measured in `ROUNDS` rounds. */
async function runOn(node: AppNode, cars: CarRecord[]) {
  const random = createRandom(20_261_121);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];

  const dir = mkdtempSync(join(tmpdir(), 'car-http-bench-'));
  const dbPath = join(dir, 'app.sqlite');
  const db = await migratedSqlite(dbPath);
  await insertCars(db, cars);
  const [{ minId, maxId }] = (await db.query('SELECT MIN(id) AS minId, MAX(id) AS maxId FROM cars')) as {
    minId: number;
    maxId: number;
  }[];
  await db.destroy();

  const redis = await startPrivateRedis();
  const servers: Server[] = [];
  try {
    const apiServer = await startApi({
      node: node.path,
      dir,
      dbPath,
      redisUrl: redis.url,
      env: { AUTH_RATE_LIMIT: '10000000' },
    });
    servers.push(apiServer);
    const express = await startReference('bare-express', node.path);
    servers.push(express);
    const limit = await startReference('limit-server', node.path, { DB_PATH: dbPath });
    servers.push(limit);
    const bases: Record<Target, string> = { api: apiServer.base, express: express.base, limit: limit.base };

    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => signUp(bases.api, i)));
    const carId = () => minId + Math.floor(random() * (maxId - minId + 1));
    const auctions: number[] = [];
    for (let i = 0; i < AUCTIONS; i++) auctions.push(await createAuction(bases.api, pick(users), carId()));
    const lists = listPaths(cars, pick, random);

    const autocannonRequest = (figure: Figure): autocannon.Request => ({
      method: figure.method ?? 'GET',
      setupRequest: (request) => {
        const path = figure.path();
        return {
          ...request,
          path,
          headers: {
            ...request.headers,
            ...(figure.body ? { 'content-type': 'application/json' } : {}),
            ...(figure.signedIn ? { authorization: `Bearer ${pick(users).token}` } : {}),
            ...figure.headers?.(path),
          },
          ...(figure.body ? { body: JSON.stringify(figure.body()) } : {}),
        };
      },
    });

    /** One request as a figure sends it, answered. */
    const send = (target: Target, figure: Figure, path = figure.path()) =>
      api(bases[target], path, {
        method: figure.method,
        token: figure.signedIn ? users[0].token : undefined,
        body: figure.body?.(),
        headers: figure.headers?.(path),
      });

    /** One request of the figure: the bench counts answers of the expected status, so it must get one. */
    const probe = async (target: Target, figure: Figure): Promise<void> => {
      const { status, body } = await send(target, figure);
      const expected = figure.status === undefined ? status < 300 : status === figure.status;
      if (!expected || (Array.isArray(body?.data) && body.data.length === 0)) {
        throw new Error(`${figure.label} (${target}): ${status} ${JSON.stringify(body)?.slice(0, 300)}`);
      }
    };

    const measure = async (target: Target, figure: Figure): Promise<Measurement> => {
      const load = (connections: number, of: Figure) =>
        autocannon({
          url: bases[target],
          connections,
          duration: SECONDS,
          ...(WARMUP_SECONDS > 0 ? { warmup: { connections, duration: WARMUP_SECONDS } } : {}),
          requests: [autocannonRequest(of)],
        });
      const [result] = await Promise.all([
        load(CONCURRENCY, figure),
        ...(figure.alongside ? [load(figure.alongside.connections, figure.alongside.figure)] : []),
      ]);
      const answered =
        figure.status === undefined ? result['2xx'] : (result.statusCodeStats[figure.status]?.count ?? 0);
      const measurement = {
        requestsPerSecond: answered / result.duration,
        latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
        non2xx: figure.status === undefined ? result.non2xx : result.requests.total - answered,
        errors: result.errors + result.timeouts,
      };
      // Requests queued behind what the load left in flight: the next load starts on an idle server.
      await probe(target, figure);
      await sleep(500);
      await probe(target, figure);
      return measurement;
    };

    const status: Figure = { key: 'status', label: 'GET /api/status', path: () => '/api/status' };
    const me: Figure = { key: 'me', label: 'GET /api/auth/me', signedIn: true, path: () => '/api/auth/me' };
    const carsList: Figure = {
      key: 'carsList',
      label: 'GET /api/cars?make&year&page&limit=20',
      signedIn: true,
      path: () => pick(lists),
    };
    const carById: Figure = {
      key: 'carById',
      label: 'GET /api/cars/:id',
      signedIn: true,
      path: () => `/api/cars/${carId()}`,
    };

    // The `304` figure sends back the `ETag` a plain GET got.
    const etags = new Map<string, string>();
    let noEtag: string | undefined;
    for (let i = 0; i < CONDITIONAL_CARS && noEtag === undefined; i++) {
      const path = `/api/cars/${carId()}`;
      const response = await fetch(`${bases.api}${path}`, {
        headers: { authorization: `Bearer ${users[0].token}` },
      });
      await response.arrayBuffer();
      const etag = response.headers.get('etag');
      if (response.status !== 200 || !etag)
        noEtag = `GET ${path} answered ${response.status} without an ETag`;
      else etags.set(path, etag);
    }
    const etagPaths = [...etags.keys()];
    const notModified: Figure = {
      key: 'notModified',
      label: 'GET /api/cars/:id, If-None-Match (304)',
      status: 304,
      signedIn: true,
      path: () => pick(etagPaths),
      headers: (path) => ({ 'if-none-match': etags.get(path)! }),
    };
    if (noEtag === undefined) {
      noEtag = await probe('api', notModified).then(
        () => undefined,
        (error: Error) => `If-None-Match with its ETag: ${error.message}`,
      );
    }
    if (noEtag !== undefined) console.log(`\nNote: the 304 figure is skipped on ${node.version}: ${noEtag}`);

    const versus = (figure: Figure, reference: string, extra: Partial<ComparisonSpec> = {}) => ({
      spec: { key: figure.key, label: figure.label, reference, ...extra },
      figure,
    });
    const limitServer = 'limit server';
    const bareRoute = 'API GET /api/status';
    const chains: Chain[] = [
      { target: 'express', figure: status, compared: [versus(status, 'bare Express 5', { goal: 0.8 })] },
      { target: 'limit', figure: carsList, compared: [versus(carsList, limitServer, { goal: 0.7 })] },
      { target: 'limit', figure: carById, compared: [versus(carById, limitServer, { goal: 0.7 })] },
      { target: 'limit', figure: me, compared: [versus(me, limitServer, { key: 'meLimit' })] },
      {
        target: 'api',
        figure: status,
        compared: [
          versus(me, bareRoute, { goal: 0.85 }),
          { ...versus(notModified, bareRoute, { goal: 0.9 }), skip: noEtag },
          versus(
            {
              key: 'auctionById',
              label: 'GET /api/auctions/:id',
              signedIn: true,
              path: () => `/api/auctions/${pick(auctions)}`,
            },
            bareRoute,
          ),
          versus(
            {
              key: 'login',
              label: 'POST /api/auth/login',
              method: 'POST',
              path: () => '/api/auth/login',
              body: () => {
                const user = pick(users);
                return { email: user.email, password: user.password };
              },
            },
            bareRoute,
            { note: 'argon2 bound' },
          ),
          ...hostileFigures(status).map((figure) => versus(figure, bareRoute)),
        ],
      },
    ];

    for (const chain of chains) {
      await probe(chain.target, chain.figure);
      for (const { figure, skip } of chain.compared) if (!skip) await probe('api', figure);
    }
    await sameAnswers(send, { status, carsList, carById, me }, maxId);

    // Fresh processes: let the JIT settle on the common paths before the first measurement counts.
    for (const [target, figure] of [
      ['api', status],
      ['express', status],
      ['limit', carsList],
    ] as const) {
      await autocannon({
        url: bases[target],
        connections: CONCURRENCY,
        duration: 3,
        requests: [autocannonRequest(figure)],
      });
    }

    const loadBefore = loadavg();
    const rounds = new Map<string, Sandwich[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const chain of chains) {
        let before = await measure(chain.target, chain.figure);
        for (const { spec, figure, skip } of chain.compared) {
          if (skip) continue;
          const measured = await measure('api', figure);
          const after = await measure(chain.target, chain.figure);
          rounds.set(spec.key, [...(rounds.get(spec.key) ?? []), { api: measured, before, after }]);
          before = after;
        }
      }
    }
    const loadAfter = loadavg();

    const figures: Comparison[] = chains.flatMap((chain) =>
      chain.compared.map(({ spec, skip }) =>
        skip ? skipped(spec, skip) : compared(spec, rounds.get(spec.key)!),
      ),
    );
    const gap = Math.max(...figures.map((figure) => figure.gap ?? 0));
    console.log(
      `\nHTTP (API and references on Node ${node.version}, load from Node ${process.version}; ` +
        `${CARS.toLocaleString('en')} cars; ${CONCURRENCY} connections, ${SECONDS} s per measurement after ` +
        `${WARMUP_SECONDS} s warm-up; ${ROUNDS} round(s); a reference's gap around a figure up to ` +
        `${(gap * 100).toFixed(0)}%; load average ${loadBefore[0].toFixed(2)} before, ` +
        `${loadAfter[0].toFixed(2)} after)\n` +
        comparisonTable(figures),
    );
    return { apiNode: node.version, loadAverage: { before: loadBefore, after: loadAfter }, figures };
  } finally {
    for (const server of servers.reverse()) await server.stop();
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Send = (
  target: Target,
  figure: Figure,
  path?: string,
) => Promise<{ status: number; body?: { uptime?: unknown; [key: string]: unknown } }>;

/**
 * The references answer the requests they are measured on as the API does: the same status and
 * JSON (but the uptime of `/api/status`), refused without a token, and a missing car a 404.
 */
async function sameAnswers(
  send: Send,
  figures: Record<'status' | 'carsList' | 'carById' | 'me', Figure>,
  maxId: number,
) {
  const compare = async (target: Target, figure: Figure, path = figure.path(), withoutToken = false) => {
    const as = withoutToken ? { ...figure, signedIn: false } : figure;
    const [ours, theirs] = await Promise.all([send('api', as, path), send(target, as, path)]);
    if (figure === figures.status) {
      delete ours.body?.uptime;
      delete theirs.body?.uptime;
    }
    const same =
      ours.status === theirs.status && (ours.status >= 400 || isDeepStrictEqual(ours.body, theirs.body));
    if (!same) {
      throw new Error(
        `The ${target} reference answers ${path} otherwise than the API:\n` +
          `API ${ours.status} ${JSON.stringify(ours.body)?.slice(0, 500)}\n` +
          `${target} ${theirs.status} ${JSON.stringify(theirs.body)?.slice(0, 500)}`,
      );
    }
  };
  await compare('express', figures.status);
  for (const figure of [figures.carsList, figures.carById, figures.me]) {
    for (let i = 0; i < 3; i++) await compare('limit', figure);
    await compare('limit', figure, undefined, true);
  }
  await compare('limit', figures.carById, `/api/cars/${maxId + 1}`);
}

async function main(): Promise<void> {
  const nodes = appNodes();
  const cars = generateCars(CARS);
  const runs = [];
  for (const node of nodes) runs.push(await runOn(node, cars));
  if (runs.length > 1) {
    console.log(
      `\nSide by side (load from Node ${process.version}; share of each figure's reference)\n` +
        sideBySideTable(runs),
    );
  }
  writeResults('http', {
    at: new Date(),
    node: process.version,
    concurrency: CONCURRENCY,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    rounds: ROUNDS,
    cars: CARS,
    users: USERS,
    auctions: AUCTIONS,
    runs,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
