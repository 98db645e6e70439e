/**
 * `npm run bench:bids`: bids against a real API process (`dist/main.js` on `BENCH_NODE` when set,
 * fresh SQLite file, private Redis), loaded from this process by 50 concurrent clients for
 * `BENCH_SECONDS` (default 5) per measurement, each bidding ever higher amounts. Reported, with p50
 * and p99 of the accepted bids:
 * - accepted bids per second on one auction, as a share of the limit bid server's on another
 *   auction of the same file under the same load (`node:http` and `sqlite3`, the API's rules for a
 *   plain bid in one transaction of five statements: test/bench/reference/limit-bids.ts, checked
 *   before the load to answer as the API does), measured before and after it;
 * - the same figure as a share of the API's own `GET /api/status` (its bare route), measured before
 *   and after it; and accepted bids across 100 auctions, likewise;
 * - the latency from a bid request to its `new_bid` event at 100 connected sockets (p50, p99).
 *
 * `BENCH_NODE` may list several Node binaries, comma-separated: the whole measurement then runs
 * once per binary, with fresh processes, and the figures are printed side by side at the end.
 * Results go to `test/bench/results/bids.json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { io, Socket } from 'socket.io-client';
import {
  api,
  AppNode,
  appNodes,
  BenchUser,
  compared,
  comparisonTable,
  createAuction,
  Measurement,
  percentile,
  sideBySideTable,
  signUp,
  startApi,
  startPrivateRedis,
  startReference,
  writeResults,
} from './bench-support';

const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** A short load on a fresh process before its first measurement, so that the JIT has settled. */
const SETTLE_SECONDS = 2;
const SOCKETS = 100;
const LATENCY_BIDS = 200;

/** `CONCURRENCY` loops calling `request` for `seconds`; the successes per second and their latency. */
async function load(request: (worker: number) => Promise<boolean>, seconds = SECONDS): Promise<Measurement> {
  const until = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  let refused = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (Date.now() < until) {
        const started = performance.now();
        try {
          if (await request(worker)) latencies.push(performance.now() - started);
          else refused++;
        } catch {
          errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / seconds,
    latencyMs: { p50: percentile(latencies, 0.5) ?? 0, p99: percentile(latencies, 0.99) ?? 0 },
    non2xx: refused,
    errors,
  };
}

const bidPath = (auctionId: number) => `/api/bids/auction/${auctionId}`;

/** Bids on `auctionOf(worker)` at `base` with ever higher amounts, so most are accepted. */
function bidding(base: string, bidders: BenchUser[], auctionOf: (worker: number) => number) {
  const next = new Map<number, number>();
  return async (worker: number) => {
    const auctionId = auctionOf(worker);
    const cents = (next.get(auctionId) ?? 100) + 1;
    next.set(auctionId, cents);
    const { status } = await api(base, bidPath(auctionId), {
      method: 'POST',
      token: bidders[worker].token,
      body: { amount: cents / 100 },
    });
    return status === 201;
  };
}

/**
 * The limit bid server answers bids as the API does: the same refusals (own auction, below the
 * minimum, under it once outbid) and the same accepted bid, each on an auction of its own.
 */
async function sameAnswers(apiBase: string, limitBase: string, seller: BenchUser, bidder: BenchUser) {
  const attempts = [
    { by: seller, amount: 1 },
    { by: bidder, amount: 0.5 },
    { by: bidder, amount: 1 },
    { by: bidder, amount: 1 },
  ];
  const answers = [];
  for (const base of [apiBase, limitBase]) {
    const auctionId = await createAuction(apiBase, seller);
    const answered = [];
    for (const { by, amount } of attempts) {
      const { status, body } = await api(base, bidPath(auctionId), {
        method: 'POST',
        token: by.token,
        body: { amount },
      });
      if (status !== 201) {
        // The API's refusals also carry the request's path, time and id.
        answered.push({ status, message: body.message, error: body.error });
        continue;
      }
      // A new bid's own id and time differ from server to server.
      const { bid, ...rest } = body as { bid: Record<string, unknown> };
      const { id, auctionId: of, createdAt, ...same } = bid;
      const placed =
        of === auctionId && typeof id === 'number' && !Number.isNaN(Date.parse(String(createdAt)));
      answered.push({ status, placed, bid: same, ...rest });
    }
    answers.push(answered);
  }
  if (!isDeepStrictEqual(answers[0], answers[1])) {
    throw new Error(
      `The limit bid server answers otherwise than the API:\nAPI ${JSON.stringify(answers[0])}\n` +
        `limit ${JSON.stringify(answers[1])}`,
    );
  }
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
    const { status } = await api(base, bidPath(auctionId), {
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

/** One run: the API and the limit bid server on one Node binary. */
async function runOn(node: AppNode) {
  const dir = mkdtempSync(join(tmpdir(), 'car-bids-bench-'));
  const dbPath = join(dir, 'app.sqlite');
  const redis = await startPrivateRedis();
  const server = await startApi({
    node: node.path,
    dir,
    dbPath,
    redisUrl: redis.url,
    env: { AUTH_RATE_LIMIT: '100000' },
  });
  const { base } = server;
  try {
    // After the API: its start runs the migrations.
    const limit = await startReference('limit-bids', node.path, { DB_PATH: dbPath });
    try {
      const seller = await signUp(base, 0);
      const bidders = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => signUp(base, i + 1)));
      await sameAnswers(base, limit.base, seller, bidders[0]);

      const status = () =>
        fetch(`${base}/api/status`).then(async (response) => (await response.text()) !== '' && response.ok);
      const [limitAuction, apiAuction] = [
        await createAuction(base, seller),
        await createAuction(base, seller),
      ];
      const [limitSettle, apiSettle] = [await createAuction(base, seller), await createAuction(base, seller)];
      const onLimit = bidding(limit.base, bidders, () => limitAuction);
      const onApi = bidding(base, bidders, () => apiAuction);
      await load(
        bidding(limit.base, bidders, () => limitSettle),
        SETTLE_SECONDS,
      );
      await load(
        bidding(base, bidders, () => apiSettle),
        SETTLE_SECONDS,
      );
      await load(status, SETTLE_SECONDS);

      const status1 = await load(status);
      const limit1 = await load(onLimit);
      const oneAuction = await load(onApi);
      const limit2 = await load(onLimit);
      const status2 = await load(status);
      const many = await Promise.all(Array.from({ length: 100 }, () => createAuction(base, seller)));
      const manyAuctions = await load(
        bidding(base, bidders, (worker) => many[(worker * 7 + Date.now()) % 100]),
      );
      const status3 = await load(status);
      const samples = await latency(base, seller, bidders);

      const oneLabel = 'accepted bids, one auction';
      const bareRoute = 'API GET /api/status';
      const figures = [
        compared({ key: 'oneAuction', label: oneLabel, reference: 'limit bid server', goal: 0.5 }, [
          { api: oneAuction, before: limit1, after: limit2 },
        ]),
        compared({ key: 'oneAuctionBareRoute', label: oneLabel, reference: bareRoute, goal: 0.15 }, [
          { api: oneAuction, before: status1, after: status2 },
        ]),
        compared({ key: 'manyAuctions', label: 'accepted bids, 100 auctions', reference: bareRoute }, [
          { api: manyAuctions, before: status2, after: status3 },
        ]),
      ];
      const newBidLatencyMs = {
        p50: percentile(samples, 0.5),
        p99: percentile(samples, 0.99),
        samples: samples.length,
      };
      console.log(
        `\nBids (API and limit bid server on Node ${node.version}, load from Node ${process.version}; ` +
          `${CONCURRENCY} concurrent clients, ${SECONDS} s per measurement; latency of accepted bids; ` +
          `"other answers" are refused bids)\n` +
          comparisonTable(figures) +
          `\nbid -> new_bid at ${SOCKETS} sockets: p50 ${newBidLatencyMs.p50.toFixed(1)} ms, ` +
          `p99 ${newBidLatencyMs.p99.toFixed(1)} ms (${samples.length} deliveries)`,
      );
      return { apiNode: node.version, figures, newBidLatencyMs };
    } finally {
      await limit.stop();
    }
  } finally {
    await server.stop();
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs = [];
  for (const node of appNodes()) runs.push(await runOn(node));
  if (runs.length > 1) {
    console.log(
      `\nSide by side (load from Node ${process.version}; share of each figure's reference)\n` +
        sideBySideTable(runs),
    );
  }
  writeResults('bids', {
    at: new Date(),
    node: process.version,
    concurrency: CONCURRENCY,
    seconds: SECONDS,
    runs,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
