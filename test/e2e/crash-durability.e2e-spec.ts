import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { AppDataSource } from '../../src/database/app-data-source';
import { createTestDatabase, onPostgres } from '../support/databases';
import { waitFor } from '../support/wait';
import { ApiProcess } from '../support/processes';
import { freshRedisDatabase } from '../support/redis';

/**
 * The API process killed with SIGKILL in the middle of a burst of writes from many clients, then
 * started again on the same database: every write that got a 2xx is there exactly as it was
 * acknowledged, none that got an explicit error is, and the writes cut off without an answer are
 * either whole or absent (the invariants between rows hold).
 *
 * No other connection holds the database while the process dies: on SQLite (WAL, synchronous =
 * NORMAL) the restarted process recovers the write-ahead log itself, as after a real crash. Runs
 * on SQLite in the e2e project and on PostgreSQL in e2e-postgres.
 */

jest.setTimeout(90_000);

const CLIENTS = 12;
/** The process is killed once this many writes were acknowledged (with every client mid-request). */
const KILL_AFTER_ACKS = 250;
const SHARED_AUCTIONS = 3;
const POOL_LISTINGS = 40;
const STARTING_PRICE = 1000;
const MIN_INCREMENT = 10;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies of many shapes

interface Reply {
  status: number;
  body: Json;
}

/** One JSON request; rejects when no whole response arrives (connection refused, reset, cut short). */
function send(
  url: string,
  method: string,
  path: string,
  { token, body, agent }: { token?: string; body?: unknown; agent?: Agent } = {},
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      {
        method,
        agent: agent ?? false,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) return reject(new Error('connection closed mid-response'));
          try {
            resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null });
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
    req.end(payload);
  });
}

/** A fresh database of the project's type, the environment that points a process at it, and SQL. */
async function freshDatabase(dir: string): Promise<{
  env: Record<string, string>;
  query(sql: string): Promise<Json[]>;
  close(): Promise<void>;
}> {
  const database = await createTestDatabase(dir);
  let dataSource: AppDataSource | undefined;
  // Opened on first use, after the crash: nothing of the test holds the database while the API dies.
  const connection = async () => (dataSource ??= await new AppDataSource(database.connection).initialize());
  return {
    env: database.env,
    query: async (sql) => (await connection()).query(sql),
    close: async () => {
      await dataSource?.destroy();
      await database.drop();
    },
  };
}

type Op = 'car' | 'duplicate-car' | 'listing' | 'auction' | 'bid' | 'favorite' | 'profile' | 'purchase';

/** The statuses each kind of write may get while the API is up. */
const EXPECTED_STATUSES: Record<Op, number[]> = {
  car: [201],
  'duplicate-car': [409],
  listing: [201],
  auction: [201],
  // Bids race each other: lower than the minimum (400) or outbid meanwhile (409).
  bid: [201, 400, 409],
  favorite: [201],
  profile: [200],
  // Two buyers race for each pool listing: one 201, the other 409.
  purchase: [201, 409],
};

type Outcome =
  | { kind: 'ok'; status: number; body: Json }
  | { kind: 'error'; status: number; body: Json }
  | { kind: 'none'; error: string };

interface Write {
  client: number;
  op: Op;
  method: string;
  path: string;
  body?: Json;
  /** What identifies the write's row: the car's model, the listing's description, the auction's title... */
  target?: { auctionId?: number; listingId?: number; amount?: number; kind?: 'listing' | 'auction' };
  outcome?: Outcome;
}

interface User {
  id: number;
  token: string;
}

describe('the API killed (SIGKILL) during a burst of writes', () => {
  let dir: string;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;
  let api: ApiProcess | undefined;
  const make = `Crash${randomBytes(3).toString('hex')}`;
  const writes: Write[] = [];
  let clients: User[];
  let host: User;
  let sharedAuctions: number[];
  let poolListings: number[];
  let killedAfterMs = 0;

  async function signUp(): Promise<User> {
    const tag = randomBytes(4).toString('hex');
    const { status, body } = await send(api!.url, 'POST', '/api/auth/signup', {
      body: {
        username: `crash_${tag}`,
        email: `crash_${tag}@example.com`,
        password: 'correct-horse-battery',
      },
    });
    expect(status).toBe(201);
    return { id: body.user.id, token: body.accessToken };
  }

  async function create(user: User, path: string, body: unknown): Promise<Json> {
    const reply = await send(api!.url, 'POST', path, { token: user.token, body });
    expect(reply).toMatchObject({ status: 201 });
    return reply.body;
  }

  const endsAt = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'car-platform-crash-'));
    database = await freshDatabase(dir);
    env = {
      NODE_ENV: 'test',
      ...database.env,
      REDIS_URL: await freshRedisDatabase(),
      LOG_DIR: join(dir, 'logs'),
      JWT_SECRET: randomBytes(24).toString('hex'),
      AUTH_RATE_LIMIT: '10000',
    };
    api = await ApiProcess.start(env, 45_000);
    [host, ...clients] = await Promise.all(Array.from({ length: CLIENTS + 1 }, () => signUp()));
    sharedAuctions = [];
    for (let i = 0; i < SHARED_AUCTIONS; i++) {
      const auction = await create(host, '/api/auctions', {
        title: `Shared auction ${i}`,
        make,
        model: 'Shared',
        year: 2015,
        startingPrice: STARTING_PRICE,
        minIncrement: MIN_INCREMENT,
        endsAt: endsAt(),
      });
      sharedAuctions.push(auction.id);
    }
    poolListings = [];
    for (let i = 0; i < POOL_LISTINGS; i++) {
      const listing = await create(host, '/api/marketplace/listings', {
        make,
        model: 'Pool',
        year: 2010,
        price: 5000 + i,
        mileage: 1000,
        description: `Pool ${i}`,
      });
      poolListings.push(listing.id);
    }
  }, 80_000);

  afterAll(async () => {
    await api?.stop();
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('bursts writes from 12 clients and is killed mid-burst', async () => {
    let killed = false;
    let acks = 0;
    const bidCounters = sharedAuctions.map(() => 0);
    let purchases = 0;
    const acked = clients.map(() => ({ cars: [] as Json[], listings: [] as Json[] }));
    const url = api!.url;

    /** The i-th write of client c: a mix of every kind, some of them meant to be refused. */
    function plan(c: number, i: number): Write | null {
      const mine = acked[c];
      // Offset per client, so every kind of write is in flight at any moment.
      const step = i + c;
      switch (step % 7) {
        case 0:
          return {
            client: c,
            op: 'car',
            method: 'POST',
            path: '/api/cars',
            body: { make, model: `C${c}-${i}`, year: 1990 + (i % 30), category: 'Sedan' },
          };
        case 1: {
          const car = mine.cars.at(-1);
          return {
            client: c,
            op: 'listing',
            method: 'POST',
            path: '/api/marketplace/listings',
            body: {
              ...(car ? { carId: car.id } : { make, model: `Listed${c}`, year: 2001 }),
              price: 1000 + 100 * c + i,
              mileage: 10 * i,
              description: `L${c}-${i}`,
            },
          };
        }
        case 2: {
          const a = (c + i) % SHARED_AUCTIONS;
          const k = bidCounters[a]++;
          // Every third bid of a client is 15 under its turn's amount, below the minimum whatever was
          // accepted before it: refused.
          const amount = STARTING_PRICE + MIN_INCREMENT * k - (i % 3 === 2 ? 15 : 0);
          return {
            client: c,
            op: 'bid',
            method: 'POST',
            path: `/api/bids/auction/${sharedAuctions[a]}`,
            body: { amount },
            target: { auctionId: sharedAuctions[a], amount },
          };
        }
        case 3:
          return {
            client: c,
            op: 'auction',
            method: 'POST',
            path: '/api/auctions',
            body: {
              title: `A${c}-${i}`,
              make,
              model: `Auctioned${c}`,
              year: 2012,
              startingPrice: 300 + i,
              reservePrice: 900,
              minIncrement: 5,
              endsAt: endsAt(),
            },
          };
        case 4: {
          const listing = mine.listings.at(-1);
          const [kind, id] =
            listing && i % 2 === 0
              ? (['listing', listing.id] as const)
              : (['auction', sharedAuctions[(c + i) % SHARED_AUCTIONS]] as const);
          return {
            client: c,
            op: 'favorite',
            method: 'POST',
            path: `/api/favorites/${kind}/${id}`,
            target: { kind, [kind === 'listing' ? 'listingId' : 'auctionId']: id },
          };
        }
        case 5:
          return {
            client: c,
            op: 'profile',
            method: 'PATCH',
            path: '/api/users/profile',
            body: { displayName: `P${c}-${i}` },
          };
        default: {
          // Two consecutive purchases go to the same pool listing: a race for it.
          const index = purchases >> 1;
          if (step % 14 === 6 && index < POOL_LISTINGS) {
            purchases++;
            const listingId = poolListings[index];
            return {
              client: c,
              op: 'purchase',
              method: 'POST',
              path: `/api/marketplace/listings/${listingId}/purchase`,
              target: { listingId },
            };
          }
          // A car this client already made, in other letters: a duplicate, refused with 409.
          const first = mine.cars[0];
          if (!first) return null;
          return {
            client: c,
            op: 'duplicate-car',
            method: 'POST',
            path: '/api/cars',
            body: { make: first.make, model: first.model.toUpperCase(), year: first.year },
          };
        }
      }
    }

    async function run(c: number): Promise<void> {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; !killed; i++) {
          const write = plan(c, i);
          if (!write) continue;
          writes.push(write);
          let reply: Reply;
          try {
            reply = await send(url, write.method, write.path, {
              token: clients[c].token,
              body: write.body,
              agent,
            });
          } catch (error) {
            write.outcome = { kind: 'none', error: (error as Error).message };
            return; // the API is gone
          }
          const kind = reply.status >= 200 && reply.status < 300 ? 'ok' : 'error';
          write.outcome = { kind, status: reply.status, body: reply.body };
          if (kind === 'ok') {
            acks++;
            if (write.op === 'car') acked[c].cars.push(reply.body);
            if (write.op === 'listing') acked[c].listings.push(reply.body);
          }
        }
      } finally {
        agent.destroy();
      }
    }

    const started = Date.now();
    const burst = Promise.all(clients.map((_, c) => run(c)));
    await waitFor(`${KILL_AFTER_ACKS} acknowledged writes`, () => acks >= KILL_AFTER_ACKS, {
      timeoutMs: 30_000,
      intervalMs: 5,
    });
    api!.kill();
    killed = true;
    killedAfterMs = Date.now() - started;
    expect(await api!.exited).toEqual({ code: null, signal: 'SIGKILL' }); // killed by the signal, not exited
    api = undefined;
    await burst;

    expect(acks).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    // Requests were in flight when the process died (each client stops at its first one cut off).
    const cutOff = writes.filter((write) => write.outcome?.kind === 'none');
    expect(cutOff.length).toBeGreaterThan(0);
    expect(cutOff.length).toBeLessThanOrEqual(CLIENTS);
    // While the API was up, each kind of write got only the statuses it may get.
    const unexpected = writes.filter(
      (write) =>
        write.outcome?.kind !== 'none' && !EXPECTED_STATUSES[write.op].includes(write.outcome!.status),
    );
    expect(unexpected.map(({ op, path, body, outcome }) => ({ op, path, body, outcome }))).toEqual([]);
    // The mix really happened: every kind acknowledged, and refusals among them.
    const ok = (op: Op) => writes.filter((write) => write.op === op && write.outcome?.kind === 'ok').length;
    const kinds = ['car', 'listing', 'auction', 'bid', 'favorite', 'profile', 'purchase'] as const;
    expect(kinds.filter((op) => ok(op) === 0)).toEqual([]);
    const refused = (op: Op) => writes.filter((write) => write.op === op && write.outcome?.kind === 'error');
    expect(refused('duplicate-car').length).toBeGreaterThan(0);
    expect(refused('bid').length).toBeGreaterThan(0);
  });

  it('after a restart on the same database, every acknowledged write is there exactly as acknowledged', async () => {
    expect(killedAfterMs).toBeGreaterThan(0);
    api = await ApiProcess.start(env, 45_000);
    const withoutSellerName = (body: Json) => ({ ...body, seller: { ...body.seller, displayName: null } });
    const problems: unknown[] = [];
    const acknowledged = writes.filter((write) => write.outcome?.kind === 'ok');
    const check = async (write: Write) => {
      const { body: ack } = write.outcome as { body: Json };
      const token = clients[write.client].token;
      let path: string;
      let normalize = (body: Json) => body;
      let expected = ack;
      switch (write.op) {
        case 'car':
          path = `/api/cars/${ack.id}`;
          break;
        case 'listing':
          path = `/api/marketplace/listings/${ack.id}`;
          normalize = withoutSellerName;
          break;
        case 'auction':
          path = `/api/auctions/${ack.id}`;
          normalize = withoutSellerName;
          break;
        case 'bid':
          // The answer to a bid is `{ bid, leading, currentPrice, minimumBid }`.
          expected = ack.bid;
          path = `/api/bids/${expected.id}`;
          break;
        case 'purchase':
          path = `/api/marketplace/transactions/${ack.id}`;
          break;
        case 'favorite':
          path = `/api/favorites/${write.target!.kind}/${write.target!.listingId ?? write.target!.auctionId}`;
          expected = { favorited: true };
          break;
        default:
          return; // profiles: checked below, only the last one counts
      }
      const reply = await send(api!.url, 'GET', path, { token });
      const got = reply.status === 200 ? normalize(reply.body) : reply;
      if (!isDeepStrictEqual(got, normalize(expected))) problems.push({ op: write.op, path, expected, got });
    };
    for (let i = 0; i < acknowledged.length; i += 16)
      await Promise.all(acknowledged.slice(i, i + 16).map(check));
    expect(problems).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    // Profiles: the last acknowledged value, or the one cut off after it.
    const users: { id: number; display_name: string | null }[] = await database.query(
      `SELECT id, display_name FROM users WHERE id IN (${clients.map((client) => client.id).join(', ')})`,
    );
    for (const [c, client] of clients.entries()) {
      const mine = writes.filter((write) => write.client === c && write.op === 'profile');
      const lastOk = mine.filter((write) => write.outcome?.kind === 'ok').at(-1);
      const allowed = [
        lastOk?.body.displayName ?? null,
        ...mine.filter((write) => write.outcome?.kind === 'none').map((write) => write.body.displayName),
      ];
      const stored = users.find((user) => user.id === client.id)!.display_name;
      expect({ client: c, displayName: allowed.includes(stored) ? 'allowed' : { stored, allowed } }).toEqual({
        client: c,
        displayName: 'allowed',
      });
    }
  });

  it('no write that got an explicit error is there, and the cut-off ones are whole or absent', async () => {
    const outcomeOf = (write: Write) => write.outcome!.kind;
    // Stored rows that no write made, or that only writes refused with an explicit error made.
    const strays: { what: string; key: string }[] = [];
    const expectOnlyFrom = (what: string, stored: string[], madeBy: (key: string) => Write[]) => {
      for (const key of stored)
        if (!madeBy(key).some((write) => outcomeOf(write) !== 'error')) strays.push({ what, key });
    };

    if (!onPostgres)
      expect(await database.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);

    // Cars: one per model (the duplicates were refused), each from a write that was not refused.
    const cars: { model: string }[] = await database.query(`SELECT model FROM cars WHERE make = '${make}'`);
    const models = cars.map((car) => car.model.toLowerCase());
    expect(models.length).toBe(new Set(models).size);
    expectOnlyFrom(
      'cars',
      cars.map((car) => car.model),
      (model) => writes.filter((write) => write.op === 'car' && write.body.model === model),
    );

    // Listings and auctions: each from a write that was not refused; every listing's car exists.
    const listings: { description: string }[] = await database.query(
      `SELECT description FROM listings WHERE make = '${make}' AND description NOT LIKE 'Pool %'`,
    );
    expectOnlyFrom(
      'listings',
      listings.map((listing) => listing.description),
      (description) =>
        writes.filter((write) => write.op === 'listing' && write.body.description === description),
    );
    expect(
      await database.query(
        'SELECT l.id FROM listings l LEFT JOIN cars c ON c.id = l.car_id WHERE l.car_id IS NOT NULL AND c.id IS NULL',
      ),
    ).toEqual([]);
    const auctions: { title: string }[] = await database.query(
      `SELECT title FROM auctions WHERE make = '${make}' AND title NOT LIKE 'Shared auction %'`,
    );
    expectOnlyFrom(
      'auctions',
      auctions.map((auction) => auction.title),
      (title) => writes.filter((write) => write.op === 'auction' && write.body.title === title),
    );

    // Bids: each from a bid that was not refused; every auction's price, count and leader agree
    // with its bids, and each bid beat the one before it by the increment.
    const bids: { id: number; auction_id: number; bidder_id: number; amount_cents: number }[] = (
      await database.query('SELECT id, auction_id, bidder_id, amount_cents FROM bids ORDER BY id')
    ).map((row: Json) => ({
      id: Number(row.id),
      auction_id: Number(row.auction_id),
      bidder_id: Number(row.bidder_id),
      amount_cents: Number(row.amount_cents),
    }));
    expectOnlyFrom(
      'bids',
      bids.map((bid) => `${bid.auction_id}:${bid.amount_cents}:${bid.bidder_id}`),
      (key) =>
        writes.filter(
          (write) =>
            write.op === 'bid' &&
            `${write.target!.auctionId}:${write.target!.amount! * 100}:${clients[write.client].id}` === key,
        ),
    );
    const rows: Json[] = await database.query(
      'SELECT id, starting_price_cents, min_increment_cents, current_price_cents, bid_count, leading_bidder_id FROM auctions',
    );
    const inconsistent = rows.flatMap((row) => {
      const mine = bids.filter((bid) => bid.auction_id === Number(row.id));
      const top = mine.at(-1);
      const actual = {
        currentPrice: Number(row.current_price_cents),
        bidCount: Number(row.bid_count),
        leader: row.leading_bidder_id === null ? null : Number(row.leading_bidder_id),
      };
      const expected = {
        currentPrice: top
          ? Math.max(...mine.map((bid) => bid.amount_cents))
          : Number(row.starting_price_cents),
        bidCount: mine.length,
        leader: top ? top.bidder_id : null,
      };
      const rising = mine.every((bid, i) =>
        i === 0
          ? bid.amount_cents >= Number(row.starting_price_cents)
          : bid.amount_cents >= mine[i - 1].amount_cents + Number(row.min_increment_cents),
      );
      return isDeepStrictEqual(actual, expected) && rising
        ? []
        : [{ auction: row.id, actual, expected, rising }];
    });
    expect(inconsistent).toEqual([]);
    expect(bids.filter((bid) => sharedAuctions.includes(bid.auction_id)).length).toBeGreaterThan(0);

    // Purchases: at most one sale per listing, a sold listing has its sale, the buyer did not get a 409.
    const sales: { listing_id: number; buyer_id: number }[] = (
      await database.query(
        `SELECT listing_id, buyer_id FROM transactions WHERE listing_id IN (${poolListings.join(', ')})`,
      )
    ).map((row: Json) => ({ listing_id: Number(row.listing_id), buyer_id: Number(row.buyer_id) }));
    const sold: number[] = (
      await database.query(
        `SELECT id FROM listings WHERE status = 'sold' AND id IN (${poolListings.join(', ')}) ORDER BY id`,
      )
    ).map((row: Json) => Number(row.id));
    expect(sales.map((sale) => sale.listing_id).sort((a, b) => a - b)).toEqual(sold);
    expectOnlyFrom(
      'sales',
      sales.map((sale) => `${sale.listing_id}:${sale.buyer_id}`),
      (key) =>
        writes.filter(
          (write) =>
            write.op === 'purchase' && `${write.target!.listingId}:${clients[write.client].id}` === key,
        ),
    );
    for (const write of writes.filter((w) => w.op === 'purchase' && outcomeOf(w) === 'ok'))
      expect(sales).toContainEqual({
        listing_id: write.target!.listingId,
        buyer_id: clients[write.client].id,
      });
    expect(strays).toEqual([]);
  });

  it('the restarted API takes writes again', async () => {
    const [auctionId] = sharedAuctions;
    const before = await send(api!.url, 'GET', `/api/auctions/${auctionId}`, { token: clients[0].token });
    expect(before.status).toBe(200);
    const bidder = clients.find((client) => client.id !== before.body.leadingBidderId)!;
    const bid = await send(api!.url, 'POST', `/api/bids/auction/${auctionId}`, {
      token: bidder.token,
      body: { amount: before.body.minimumBid },
    });
    expect(bid).toMatchObject({ status: 201, body: { bid: { amount: before.body.minimumBid } } });
    const after = await send(api!.url, 'GET', `/api/auctions/${auctionId}`, { token: bidder.token });
    expect(after.body).toMatchObject({
      currentPrice: before.body.minimumBid,
      bidCount: before.body.bidCount + 1,
      leadingBidderId: bidder.id,
    });
  });
});
