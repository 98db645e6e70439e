/**
 * `npm run bench:bids`: bids against a real API process (`dist/main.js`, fresh SQLite file,
 * private Redis), loaded from this process. Baseline, in the same run: the API's own
 * `GET /api/status` throughput at the same concurrency. Reported: accepted bids per second on one
 * auction and across 100 auctions with 50 concurrent bidders, and the latency from a bid request
 * to its `new_bid` event at 100 connected sockets (p50, p99).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import { freePort } from '../support/global-setup';
import type {
  redisServerInstalled as Installed,
  startRedisServer as Start,
} from '../../src/redis/local-redis-server';

/* eslint-disable @typescript-eslint/no-require-imports -- the compiled app */
const DIST = join(__dirname, '..', '..', 'dist');
const { redisServerInstalled, startRedisServer } = require(join(DIST, 'redis/local-redis-server')) as {
  redisServerInstalled: typeof Installed;
  startRedisServer: typeof Start;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SOCKETS = 100;
const LATENCY_BIDS = 200;

interface Client {
  token: string;
  id: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function api(
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: object } = {},
) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function signUp(base: string, n: number): Promise<Client> {
  const tag = `${process.pid}_${n}_${Math.random().toString(36).slice(2, 8)}`;
  const { status, body } = await api(base, '/api/auth/signup', {
    method: 'POST',
    body: { username: `b_${tag}`.slice(0, 32), email: `b_${tag}@bench.test`, password: 'bench-password-1' },
  });
  if (status !== 201) throw new Error(`signup ${status}: ${JSON.stringify(body)}`);
  return { token: body.accessToken, id: body.user.id };
}

async function createAuction(base: string, seller: Client): Promise<number> {
  const { status, body } = await api(base, '/api/auctions', {
    method: 'POST',
    token: seller.token,
    body: {
      title: 'Bench auction',
      make: 'Bench',
      model: 'Mark I',
      year: 2020,
      startingPrice: 1,
      minIncrement: 0.01,
      endsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    },
  });
  if (status !== 201) throw new Error(`auction ${status}: ${JSON.stringify(body)}`);
  return body.id;
}

/** `CONCURRENCY` loops calling `request` for `SECONDS`; returns the successes per second. */
async function load(request: (worker: number) => Promise<boolean>): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let ok = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (Date.now() < until) if (await request(worker)) ok++;
    }),
  );
  return ok / SECONDS;
}

/** Bids on `auctionOf(worker)` with ever higher amounts, so most are accepted. */
function bidding(base: string, bidders: Client[], auctionOf: (worker: number) => number) {
  const next = new Map<number, number>();
  return async (worker: number) => {
    const auctionId = auctionOf(worker);
    const cents = (next.get(auctionId) ?? 100) + 1;
    next.set(auctionId, cents);
    const { status } = await api(base, `/api/bids/auction/${auctionId}`, {
      method: 'POST',
      token: bidders[worker].token,
      body: { amount: cents / 100 },
    });
    return status === 201;
  };
}

async function latency(base: string, seller: Client, bidders: Client[]): Promise<number[]> {
  const auctionId = await createAuction(base, seller);
  const sockets: Socket[] = await Promise.all(
    Array.from(
      { length: SOCKETS },
      (_, i) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(`${base}/auctions`, {
            auth: { token: bidders[i % bidders.length].token },
            transports: ['websocket'],
            reconnection: false,
          });
          socket.on('connect', () => {
            socket.once('auction_joined', () => resolve(socket));
            socket.emit('join_auction', { auctionId });
          });
          socket.on('connect_error', reject);
        }),
    ),
  );
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_BIDS; i++) {
    const amount = (200 + i) / 100;
    const started = performance.now();
    const received = sockets.map(
      (socket) =>
        new Promise<void>((resolve) =>
          socket.once('new_bid', () => {
            samples.push(performance.now() - started);
            resolve();
          }),
        ),
    );
    const { status } = await api(base, `/api/bids/auction/${auctionId}`, {
      method: 'POST',
      token: bidders[i % bidders.length].token,
      body: { amount },
    });
    if (status !== 201) throw new Error(`latency bid ${status}`);
    await Promise.all(received);
  }
  sockets.forEach((socket) => socket.disconnect());
  return samples.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  if (!redisServerInstalled()) throw new Error('bench:bids needs redis-server installed');
  const dir = mkdtempSync(join(tmpdir(), 'car-bids-bench-'));
  const redisPort = await freePort();
  const redis = await startRedisServer(redisPort);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [join(DIST, 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
      LOG_LEVEL: 'error',
      LOG_DIR: join(dir, 'logs'),
      DB_PATH: join(dir, 'app.sqlite'),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      AUTH_RATE_LIMIT: '100000',
      PORT: String(port),
    },
    stdio: 'inherit',
  });
  try {
    for (let ready = false; !ready;) {
      ready = await fetch(`${base}/api/status`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seller = await signUp(base, 0);
    const bidders = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => signUp(base, i + 1)));

    const statusPerSecond = await load(
      async () =>
        (await fetch(`${base}/api/status`).then(
          (r) => r.text(),
          () => '',
        )) !== '',
    );
    const one = await createAuction(base, seller);
    const oneAuction = await load(bidding(base, bidders, () => one));
    const many = await Promise.all(Array.from({ length: 100 }, () => createAuction(base, seller)));
    const manyAuctions = await load(
      bidding(base, bidders, (worker) => many[(worker * 7 + Date.now()) % 100]),
    );
    const samples = await latency(base, seller, bidders);

    const results = {
      node: process.version,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      baselineStatusPerSecond: statusPerSecond,
      acceptedBidsPerSecondOneAuction: oneAuction,
      acceptedBidsPerSecond100Auctions: manyAuctions,
      newBidLatencyMs: {
        p50: percentile(samples, 0.5),
        p99: percentile(samples, 0.99),
        samples: samples.length,
      },
    };
    const ratio = (value: number) => `${((value / statusPerSecond) * 100).toFixed(1)}% of baseline`;
    console.log(
      [
        `\nBids (Node ${process.version}, ${CONCURRENCY} concurrent clients, ${SECONDS} s each)`,
        `  baseline GET /api/status: ${statusPerSecond.toFixed(0)} req/s`,
        `  accepted bids, one auction: ${oneAuction.toFixed(0)}/s (${ratio(oneAuction)}; goal >= 15%)`,
        `  accepted bids, 100 auctions: ${manyAuctions.toFixed(0)}/s (${ratio(manyAuctions)})`,
        `  bid -> new_bid at ${SOCKETS} sockets: p50 ${results.newBidLatencyMs.p50.toFixed(1)} ms, ` +
          `p99 ${results.newBidLatencyMs.p99.toFixed(1)} ms (${samples.length} deliveries)`,
      ].join('\n'),
    );
    const out = join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'bids.json'), JSON.stringify({ at: new Date(), ...results }, null, 2));
  } finally {
    server.kill('SIGTERM');
    redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
