import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Socket } from 'socket.io-client';
import { bullConnection } from '../../src/queue/queue-root.module';
import { CAR_SYNC_SCHEDULER_ID, CLOSE_OVERDUE_SCHEDULER_ID, QueueName } from '../../src/queue/queues';
import { CarApiServer } from '../support/car-api/car-api-server';
import { createPostgresDatabase } from '../support/databases';
import { ApiProcess, WorkerProcess } from '../support/processes';
import { freshRedisDatabase } from '../support/redis';
import { nextEvent, SocketClients } from '../support/sockets';
import { sleep, waitFor } from '../support/wait';

/**
 * The deployment with several processes: two API processes and two workers on one PostgreSQL
 * database and one Redis. Everything is observed from outside: the public HTTP and Socket.IO API,
 * the database's rows, the queues in Redis, the workers' logs.
 */

jest.setTimeout(90_000);

// Needs a PostgreSQL server it may create databases on.
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

const RATE_LIMIT = 5;
const SYNC_INTERVAL_MS = 2500;
const SOURCE_RECORDS = 3000;
/** How long the source takes to answer while syncs are made to collide. */
const SLOW_SOURCE_MS = 1000;
const SOFT_CLOSE_MS = 300;
const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes
  body: any;
}

interface User {
  id: number;
  token: string;
}

interface Run {
  id: number;
  job_id: string;
  trigger: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
}

/**
 * One JSON request to an API process. `from` is the local address the connection comes from: any
 * of 127.0.0.0/8 works on Linux, and each is a client IP of its own to the auth rate limit.
 */
function call(
  api: ApiProcess,
  method: string,
  path: string,
  { body, token, from }: { body?: unknown; token?: string; from?: string } = {},
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${api.url}${path}`,
      {
        method,
        agent: false,
        localAddress: from,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, body: text ? (JSON.parse(text) as unknown) : null }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

describeOnPostgres('two API processes and two workers on one PostgreSQL database and one Redis', () => {
  const apis: ApiProcess[] = [];
  const workers: WorkerProcess[] = [];
  const sockets = new SocketClients();
  let dir: string;
  let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  let db: Client | undefined;
  let source: CarApiServer | undefined;
  let syncQueue: Queue | undefined;
  let closeQueue: Queue | undefined;
  let admin: User;
  let seller: User;
  let alice: User;
  let bob: User;
  let watchers: User[];

  // Setup requests each come from an address of their own, so none eats into the budget that the
  // rate-limit test measures (every auth route shares one budget per client IP).
  let setupAddresses = 0;
  const setupAddress = () => `127.0.1.${++setupAddresses}`;

  const [api1, api2] = [() => apis[0], () => apis[1]];

  async function signUp(api: ApiProcess): Promise<User> {
    const tag = randomBytes(4).toString('hex');
    const { status, body } = await call(api, 'POST', '/api/auth/signup', {
      body: { username: `user_${tag}`, email: `user_${tag}@example.com`, password: 'correct-horse-battery' },
      from: setupAddress(),
    });
    expect(status).toBe(201);
    return { id: body.user.id, token: body.accessToken };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'car-platform-multi-'));
    const redisUrl = await freshRedisDatabase();
    syncQueue = new Queue(QueueName.CarSync, { connection: bullConnection(redisUrl) });
    closeQueue = new Queue(QueueName.AuctionClose, { connection: bullConnection(redisUrl) });

    [database, source] = await Promise.all([
      createPostgresDatabase(),
      CarApiServer.start({ count: SOURCE_RECORDS, appId: 'test-app', apiKey: 'test-key' }),
    ]);
    db = new Client({ connectionString: database.url });
    await db.connect();

    const env = {
      NODE_ENV: 'test',
      DB_TYPE: 'postgres',
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      LOG_DIR: join(dir, 'logs'),
      JWT_SECRET: randomBytes(24).toString('hex'),
      AUTH_RATE_LIMIT: String(RATE_LIMIT),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      AUCTION_SOFT_CLOSE_MS: String(SOFT_CLOSE_MS),
      CAR_API_URL: source.url,
      CAR_API_ID: 'test-app',
      CAR_API_KEY: 'test-key',
      SYNC_PAGE_SIZE: '500',
      SYNC_INTERVAL_MS: String(SYNC_INTERVAL_MS),
    };
    // API 1 applies the migrations while both workers wait for the schema; they then register the
    // schedule at the same moment. API 2 starts on the migrated database.
    const started = await Promise.allSettled([
      ApiProcess.start(env, 45_000).then((api) => apis.push(api)),
      WorkerProcess.start({ ...env, LOG_LEVEL: 'info' }, 45_000).then((worker) => workers.push(worker)),
      WorkerProcess.start({ ...env, LOG_LEVEL: 'info' }, 45_000).then((worker) => workers.push(worker)),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    apis.push(await ApiProcess.start(env, 45_000));

    const login = await call(api1(), 'POST', '/api/auth/login', { body: ADMIN, from: setupAddress() });
    expect(login.status).toBe(200);
    admin = { id: login.body.user.id, token: login.body.accessToken };
    [seller, alice, bob, ...watchers] = await Promise.all(
      [api1(), api2(), api1(), api1(), api2()].map((api) => signUp(api)),
    );
  }, 80_000);

  afterAll(async () => {
    sockets.closeAll();
    await Promise.all([...apis, ...workers].map((child) => child.stop()));
    await Promise.all([syncQueue?.close(), closeQueue?.close(), db?.end(), source?.close()]);
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const syncRuns = async (): Promise<Run[]> =>
    (
      await db!.query<Run>(
        'SELECT id, job_id, trigger, status, started_at, finished_at, error FROM sync_runs ORDER BY started_at, id',
      )
    ).rows;

  /** Each run (in order of start) starts at or after the end of the one before: no two overlap. */
  function expectOneAtATime(runs: Run[]): void {
    const overlaps = runs.slice(1).flatMap((run, i) => {
      const previous = runs[i];
      const overlapping = previous.finished_at === null || run.started_at < previous.finished_at;
      return overlapping ? [{ run, previous }] : [];
    });
    expect(overlaps).toEqual([]);
  }

  async function waitForSyncJob(jobId: string): Promise<string> {
    return waitFor(`sync job ${jobId}`, async () => {
      const { status, body } = await call(api2(), 'GET', `/api/cars/sync-cars/${encodeURIComponent(jobId)}`, {
        token: admin.token,
      });
      expect(status).toBe(200);
      return body.status === 'completed' || body.status === 'failed' ? (body.status as string) : undefined;
    });
  }

  /** Four parallel triggers at each API; every one must be 202. */
  async function triggerBurst(): Promise<{ jobId: string; deduplicated: boolean }[]> {
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(i % 2 === 0 ? api1() : api2(), 'POST', '/api/cars/sync-cars', { token: admin.token }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(8).fill(202));
    return replies.map((reply) => reply.body as { jobId: string; deduplicated: boolean });
  }

  it('keeps one schedule of the car sync, though both workers registered it', async () => {
    expect(workers).toHaveLength(2);
    for (const worker of workers) expect(worker.output).toContain('Car sync scheduled');
    const schedulers = await syncQueue!.getJobSchedulers();
    expect(schedulers.map(({ key, every }) => ({ key, every: Number(every) }))).toEqual([
      { key: CAR_SYNC_SCHEDULER_ID, every: SYNC_INTERVAL_MS },
    ]);
    expect(await syncQueue!.getJobSchedulersCount()).toBe(1);
    // The auctions' sweep of overdue closes: one schedule as well.
    expect((await closeQueue!.getJobSchedulers()).map(({ key }) => key)).toEqual([
      CLOSE_OVERDUE_SCHEDULER_ID,
    ]);
  });

  /**
   * Waits for a moment when no sync is queued or running and the schedule's next run is more than
   * `leadMs` away, then until it is `leadMs` away; returns the time of that next run.
   */
  async function idleUntilBeforeTick(leadMs: number): Promise<number> {
    return waitFor('a quiet moment before a scheduled sync', async () => {
      const [scheduler] = await syncQueue!.getJobSchedulers();
      const { active, waiting, prioritized } = await syncQueue!.getJobCounts(
        'active',
        'waiting',
        'prioritized',
      );
      const tick = Number(scheduler.next);
      if (active + waiting + prioritized > 0 || tick - Date.now() < leadMs + 300) return undefined;
      await sleep(tick - leadMs - Date.now());
      return tick;
    });
  }

  it('runs one sync at a time across both workers, with simultaneous triggers at both APIs', async () => {
    // From now on every request to the source takes a second, so each run lasts at least that.
    source!.failNext({ type: 'latency', ms: SLOW_SOURCE_MS }, 100);
    const slowSince = Date.now();
    let maxActive = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxActive = Math.max(maxActive, await syncQueue!.getActiveCount());
        await sleep(20);
      }
    })();
    try {
      // Triggers while a (slow) scheduled sync runs: all answered with that job.
      await waitFor('a scheduled sync to run', async () =>
        (await syncQueue!.getJobs(['active'])).some((job) => (job.processedOn ?? 0) > slowSince)
          ? true
          : undefined,
      );
      const duringRun = await triggerBurst();
      for (const jobId of new Set(duringRun.map((reply) => reply.jobId))) await waitForSyncJob(jobId);
      expect(new Set(duringRun.map(({ jobId }) => jobId)).size).toBe(1);
      expect(duringRun[0].jobId).toMatch(/^repeat:/);
      expect(duringRun.every(({ deduplicated }) => deduplicated)).toBe(true);

      // Triggers while nothing runs, half a second before the schedule's next run falls due: they
      // make one manual job, and the scheduled one falls due while it runs, with a worker idle.
      const tick = await idleUntilBeforeTick(SLOW_SOURCE_MS / 2);
      const whileIdle = await triggerBurst();
      const [manualJobId] = new Set(whileIdle.map(({ jobId }) => jobId));
      expect(whileIdle.map(({ jobId }) => jobId)).toEqual(Array(8).fill(manualJobId));
      expect(manualJobId).not.toMatch(/^repeat:/);
      expect(whileIdle.filter(({ deduplicated }) => !deduplicated)).toHaveLength(1);
      await waitForSyncJob(manualJobId);
      const scheduledJobId = `repeat:${CAR_SYNC_SCHEDULER_ID}:${tick}`;
      expect(await waitForSyncJob(scheduledJobId)).toBe('completed');

      const runs = await syncRuns();
      const manual = runs.find((run) => run.job_id === manualJobId)!;
      const scheduled = runs.find((run) => run.job_id === scheduledJobId)!;
      // The scheduled run fell due during the manual one, and waited for it to finish.
      expect(manual.started_at.getTime()).toBeLessThan(tick);
      expect(manual.finished_at!.getTime()).toBeGreaterThan(tick);
      expect(scheduled.started_at.getTime()).toBeGreaterThanOrEqual(manual.finished_at!.getTime());

      // No run failed (a run that starts while another is marked running fails that one), no job
      // ran twice, and none overlapped another.
      expect(runs.filter((run) => run.status !== 'completed' && run.status !== 'running')).toEqual([]);
      expect(new Set(runs.map((run) => run.job_id)).size).toBe(runs.length);
      expectOneAtATime(runs);
    } finally {
      source!.clearFaults();
      sampling = false;
      await sampler;
    }
    expect(maxActive).toBe(1);
  });

  /** A Socket.IO client of the given API process, connected with a user's token. */
  const connect = (api: ApiProcess, user: User) => sockets.connected(api.url, { token: user.token });

  async function joinRoom(socket: Socket, auctionId: number): Promise<void> {
    const joined = new Promise((resolve) => socket.once('auction_joined', resolve));
    socket.emit('join_auction', { auctionId });
    expect(await joined).toEqual({ auctionId });
  }

  async function createAuction(api: ApiProcess, endsInMs: number, changes: object = {}): Promise<number> {
    const { status, body } = await call(api, 'POST', '/api/auctions', {
      token: seller.token,
      body: {
        title: 'Multi-process test',
        make: 'Alfa Romeo',
        model: 'Giulia',
        year: 2021,
        startingPrice: 100,
        minIncrement: 10,
        endsAt: new Date(Date.now() + endsInMs).toISOString(),
        ...changes,
      },
    });
    expect(status).toBe(201);
    return body.id as number;
  }

  async function bid(api: ApiProcess, bidder: User, auctionId: number, amount: number): Promise<void> {
    const { status, body } = await call(api, 'POST', `/api/bids/auction/${auctionId}`, {
      token: bidder.token,
      body: { amount },
    });
    expect({ auctionId, amount, status, body }).toMatchObject({ status: 201 });
  }

  it("delivers a bid placed at either API to the room's clients of both", async () => {
    const auctionId = await createAuction(api1(), 3600_000);
    const clients = [await connect(api1(), watchers[0]), await connect(api2(), watchers[1])];
    for (const client of clients) await joinRoom(client, auctionId);

    let events = clients.map((client) => nextEvent<object>(client, 'new_bid'));
    await bid(api1(), alice, auctionId, 100);
    for (const event of await Promise.all(events))
      // The watchers are neither bidders, the seller nor admins: they see the alias only.
      expect(event).toMatchObject({
        auctionId,
        currentPrice: 100,
        bidCount: 1,
        bid: { bidderAlias: 'bidder 1' },
      });

    events = clients.map((client) => nextEvent<object>(client, 'new_bid'));
    await bid(api2(), bob, auctionId, 110);
    for (const event of await Promise.all(events))
      expect(event).toMatchObject({
        auctionId,
        currentPrice: 110,
        bidCount: 2,
        bid: { bidderAlias: 'bidder 2' },
      });
  });

  it('closes each auction once, with one sale, one status_changed per client and one closing worker', async () => {
    const clients = [await connect(api1(), watchers[0]), await connect(api2(), watchers[1])];
    const received = clients.map(() => [] as { auctionId: number; status: string }[]);
    clients.forEach((client, i) =>
      client.on('status_changed', (event: { auctionId: number; status: string }) => received[i].push(event)),
    );

    // Three with bids at both APIs (sold), one without bids and one under its reserve (closed).
    const sold = await Promise.all(
      [0, 1, 2].map((i) => createAuction(i % 2 ? api2() : api1(), 4000 + 200 * i)),
    );
    const unsold = await Promise.all([
      createAuction(api2(), 4000),
      createAuction(api1(), 4200, { reservePrice: 1000 }),
    ]);
    const all = [...sold, ...unsold];
    for (const client of clients) for (const auctionId of all) await joinRoom(client, auctionId);
    for (const auctionId of sold) {
      await bid(api1(), alice, auctionId, 100);
      await bid(api2(), bob, auctionId, 110);
    }
    await bid(api2(), alice, unsold[1], 200);

    await waitFor('the auctions to close', async () => {
      const { rows } = await db!.query(`SELECT id FROM auctions WHERE id = ANY($1) AND status = 'active'`, [
        all,
      ]);
      return rows.length === 0 ? true : undefined;
    });
    // Every client hears of every close; then a while longer for any second close or event.
    await waitFor('status_changed at both clients', async () =>
      received.every((events) => all.every((id) => events.some((event) => event.auctionId === id)))
        ? true
        : undefined,
    );
    await sleep(1500);

    const statuses = await db!.query<{ id: number; status: string }>(
      'SELECT id, status FROM auctions WHERE id = ANY($1) ORDER BY id',
      [all],
    );
    const expected = [...all]
      .sort((a, b) => a - b)
      .map((id) => ({ id, status: sold.includes(id) ? 'sold' : 'closed' }));
    expect(statuses.rows).toEqual(expected);

    const sales = await db!.query<{ auction_id: number; buyer_id: number; price_cents: number }>(
      'SELECT auction_id, buyer_id, price_cents FROM transactions WHERE auction_id = ANY($1) ORDER BY auction_id, id',
      [all],
    );
    expect(sales.rows).toEqual(
      [...sold]
        .sort((a, b) => a - b)
        .map((auctionId) => ({ auction_id: auctionId, buyer_id: bob.id, price_cents: 11000 })),
    );

    for (const events of received) {
      const closes = events
        .filter((event) => all.includes(event.auctionId))
        .map(({ auctionId, status }) => ({ id: auctionId, status }))
        .sort((a, b) => a.id - b.id);
      expect(closes).toEqual(expected);
    }

    // The workers' logs: each auction closed by exactly one of them, once.
    const closings = workers.flatMap((worker) =>
      [...worker.output.matchAll(/Auction (\d+) (sold|closed)\b/g)].map((match) => Number(match[1])),
    );
    for (const id of all)
      expect({ id, closings: closings.filter((closed) => closed === id).length }).toEqual({
        id,
        closings: 1,
      });
  });

  it('shares the auth rate limit between the API processes', async () => {
    const from = '127.0.2.1';
    const login = (api: ApiProcess, address = from) =>
      call(api, 'POST', '/api/auth/login', { body: ADMIN, from: address }).then((reply) => reply.status);
    // Alternating: neither process alone sees more than RATE_LIMIT requests from this client.
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 2; i++) statuses.push(await login(i % 2 === 0 ? api1() : api2()));
    expect(statuses).toEqual([...Array(RATE_LIMIT).fill(200), 429, 429]);
    // Per client: another address still has its budget.
    expect(await login(api2(), '127.0.2.2')).toBe(200);
  });

  it('never ran two syncs at once over the whole test, and scheduled them from the one schedule', async () => {
    const runs = await syncRuns();
    expect(runs.filter((run) => run.status !== 'completed' && run.status !== 'running')).toEqual([]);
    expect(new Set(runs.map((run) => run.job_id)).size).toBe(runs.length);
    expectOneAtATime(runs);
    // Scheduled runs all come from the one scheduler, at most one per interval (a second schedule,
    // even of the same interval, would put two runs in some interval).
    const scheduled = runs.filter((run) => run.trigger === 'schedule').map((run) => run.job_id);
    for (const jobId of scheduled)
      expect(jobId).toMatch(new RegExp(`^repeat:${CAR_SYNC_SCHEDULER_ID}:\\d+$`));
    const ticks = scheduled.map((jobId) => Number(jobId.split(':').at(-1))).sort((a, b) => a - b);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    const gaps = ticks.slice(1).map((tick, i) => tick - ticks[i]);
    expect(gaps.filter((gap) => gap < SYNC_INTERVAL_MS)).toEqual([]);
  });
});
