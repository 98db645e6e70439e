import { Queue } from 'bullmq';
import { ChildProcess } from 'node:child_process';
import { bullConnection } from '../../src/queue/queue-root.module';
import { CAR_SYNC_SCHEDULER_ID, QueueName } from '../../src/queue/queues';
import { redisServerInstalled, startRedisServer } from '../../src/redis/local-redis-server';
import { CarApiServer } from '../support/car-api/car-api-server';
import { expectError } from '../support/expect-error';
import { freePort } from '../support/global-setup';
import { WorkerProcess } from '../support/processes';
import { waitForJob } from '../support/sync';
import { ADMIN, createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

// This file stops and restarts a Redis of its own, so it needs the redis-server binary.
const describeWithRedisServer = redisServerInstalled() ? describe : describe.skip;

describeWithRedisServer('Redis stopped and restarted while the API serves', () => {
  let redisPort: number;
  let redis: ChildProcess;
  let t: TestApp;
  let source: CarApiServer;
  let worker: WorkerProcess;
  let admin: SignedUpUser;
  let carId: number;
  let auctionId: number;
  let bidder: SignedUpUser;

  const stopRedis = () =>
    new Promise<void>((resolve) => {
      redis.once('exit', () => resolve());
      redis.kill('SIGKILL');
    });

  /** Polls `/api/health` until it answers `status`. */
  async function waitForHealth(status: number): Promise<void> {
    await waitFor(
      `/api/health to answer ${status}`,
      async () => (await t.http.get('/api/health')).status === status,
      {
        intervalMs: 200,
      },
    );
  }

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedisServer(redisPort);
    source = await CarApiServer.start({ count: 300, appId: 'test-app', apiKey: 'test-key' });
    const env = {
      CAR_API_URL: source.url,
      CAR_API_ID: 'test-app',
      CAR_API_KEY: 'test-key',
      SYNC_INTERVAL_MS: '3600000',
    };
    t = await createTestApp({ ...env, REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    worker = await WorkerProcess.start(env);
    admin = await logInAdmin(t);
    const { body } = await t.http
      .post('/api/cars')
      .set(admin.auth)
      .send({ make: 'Outage', model: 'Proof', year: 2021 })
      .expect(201);
    carId = body.id;
    const { body: auction } = await t.http
      .post('/api/auctions')
      .set(admin.auth)
      .send({
        title: 'Outage auction',
        make: 'Outage',
        model: 'Proof',
        year: 2021,
        startingPrice: 100,
        minIncrement: 10,
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .expect(201);
    auctionId = auction.id;
    bidder = await signUp(t);
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await t?.close();
    await source?.close();
    if (redis?.exitCode === null) redis.kill('SIGKILL');
  });

  it('with Redis down: health 503, reads and token-authenticated writes go on, the sync trigger and logins 503', async () => {
    await stopRedis();

    const health = await t.http.get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'error',
      checks: { database: { status: 'up' }, redis: { status: 'down' } },
    });

    // Reads, and writes that need only the database, are served as usual.
    await t.http.get(`/api/cars/${carId}`).set(admin.auth).expect(200);
    await t.http.get('/api/cars?make=Outage').set(admin.auth).expect(200);
    await t.http.patch(`/api/cars/${carId}`).set(admin.auth).send({ model: 'Proof II' }).expect(200);
    await t.http.post(`/api/bids/auction/${auctionId}`).set(bidder.auth).send({ amount: 150 }).expect(201);

    // What needs Redis says so at once, instead of hanging or failing with 500.
    const started = Date.now();
    const trigger = await t.http.post('/api/cars/sync-cars').set(admin.auth);
    expectError(trigger, 503);
    expect(trigger.body.message).toMatch(/Redis/);
    expectError(await t.http.post('/api/auth/login').send(ADMIN), 503);
    const dashboard = await t.http.get('/api/admin/queues/api/queues').set(admin.auth);
    expect(dashboard.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('when Redis returns, everything recovers without a restart', async () => {
    // A model that appears at the source during the outage arrives with the first syncs after it
    // (the schedule registered again runs one at once; the manual trigger below is another).
    source.upsert({ Make: 'Outage', Model: 'Newcomer', Year: 2024, Category: 'SUV' });
    redis = await startRedisServer(redisPort);
    await waitForHealth(200);

    await t.http.post('/api/auth/login').send(ADMIN).expect(200);
    // The queue's own connection reconnects within a second of Redis's return.
    const trigger = await waitFor(
      'the sync trigger to be taken again',
      async () => {
        const trigger = await t.http.post('/api/cars/sync-cars').set(admin.auth);
        return trigger.status === 503 ? undefined : trigger;
      },
      { timeoutMs: 5_000, intervalMs: 200 },
    );
    expect(trigger.status).toBe(202);
    const { body } = trigger;
    // The worker ran through the outage and takes the new job.
    const job = await waitForJob(t, admin, body.jobId, 30_000);
    expect(job.status).toBe('completed');
    const { body: newcomers } = await t.http
      .get('/api/cars?make=Outage&model=Newcomer')
      .set(admin.auth)
      .expect(200);
    expect(newcomers.meta.total).toBe(1);
    expect((await t.http.get(`/api/cars/${carId}`).set(admin.auth).expect(200)).body.model).toBe('Proof II');
    const { body: auction } = await t.http.get(`/api/auctions/${auctionId}`).set(bidder.auth).expect(200);
    expect(auction).toMatchObject({ currentPrice: 150, bidCount: 1 });

    // This Redis came back empty (memory-only): the worker registered its schedule again.
    const queue = new Queue(QueueName.CarSync, { connection: bullConnection(process.env.REDIS_URL!) });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((scheduler) => scheduler.key)).toEqual([CAR_SYNC_SCHEDULER_ID]);
    } finally {
      await queue.close();
    }
  });
});
