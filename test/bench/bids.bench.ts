/**
 * `npm run bench:bids`: bids against a real API process (`dist/main.js` on `BENCH_NODE` when set,
 * fresh SQLite file, private Redis), loaded from this process. Baseline, in the same run: the API's
 * own `GET /api/status` throughput at the same concurrency. Reported: accepted bids per second on one
 * auction and across 100 auctions with 50 concurrent bidders, and the latency from a bid request
 * to its `new_bid` event at 100 connected sockets (p50, p99).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import {
  api,
  appNodeVersion,
  BenchUser,
  createAuction,
  percentile,
  signUp,
  startApi,
  startPrivateRedis,
  writeResults,
} from './bench-support';

const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SOCKETS = 100;
const LATENCY_BIDS = 200;

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
function bidding(base: string, bidders: BenchUser[], auctionOf: (worker: number) => number) {
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

async function latency(base: string, seller: BenchUser, bidders: BenchUser[]): Promise<number[]> {
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
  const dir = mkdtempSync(join(tmpdir(), 'car-bids-bench-'));
  const redis = await startPrivateRedis();
  const apiNode = appNodeVersion();
  const server = await startApi({
    dir,
    dbPath: join(dir, 'app.sqlite'),
    redisUrl: redis.url,
    env: { AUTH_RATE_LIMIT: '100000' },
  });
  const { base } = server;
  try {
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
      apiNode,
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
        `\nBids (API on Node ${apiNode}, ${CONCURRENCY} concurrent clients, ${SECONDS} s each)`,
        `  baseline GET /api/status: ${statusPerSecond.toFixed(0)} req/s`,
        `  accepted bids, one auction: ${oneAuction.toFixed(0)}/s (${ratio(oneAuction)}; goal >= 15%)`,
        `  accepted bids, 100 auctions: ${manyAuctions.toFixed(0)}/s (${ratio(manyAuctions)})`,
        `  bid -> new_bid at ${SOCKETS} sockets: p50 ${results.newBidLatencyMs.p50.toFixed(1)} ms, ` +
          `p99 ${results.newBidLatencyMs.p99.toFixed(1)} ms (${samples.length} deliveries)`,
      ].join('\n'),
    );
    writeResults('bids', { at: new Date(), ...results });
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
