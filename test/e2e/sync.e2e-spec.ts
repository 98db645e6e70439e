import { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Car } from '../../src/cars/car.entity';
import { bullConnection } from '../../src/queue/queue-root.module';
import { CAR_SYNC_SCHEDULER_ID, QueueName } from '../../src/queue/queues';
import { SyncRun } from '../../src/sync/sync-run.entity';
import { CarApiServer } from '../support/car-api/car-api-server';
import { WorkerProcess } from '../support/processes';
import { syncNow, waitForIdleQueue, waitForJob } from '../support/sync';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

const PAGE_SIZE = 500;

describe('car sync with the real worker', () => {
  let t: TestApp;
  let source: CarApiServer;
  let admin: SignedUpUser;
  let worker: WorkerProcess;
  let queue: Queue;
  let workerEnv: Record<string, string>;

  const cars = () => t.app.get(DataSource).getRepository(Car);
  const runs = () => t.app.get(DataSource).getRepository(SyncRun);
  const syncedCount = () => cars().countBy({ source: 'sync' as Car['source'] });
  const newestUpdatedAt = () => source.all().at(-1)!.updatedAt;
  const later = (ms: number) => new Date(Date.parse(newestUpdatedAt()) + ms);

  /** Triggers syncs until one is a full pass (they come every SYNC_FULL_REFRESH_EVERY runs). */
  async function syncUntilFullPass() {
    for (let attempt = 0; attempt < 5; attempt++) {
      const job = await syncNow(t, admin);
      expect(job.status).toBe('completed');
      if (job.result!.fullPass) return job;
    }
    throw new Error('no full pass within 5 runs');
  }

  /** The worker's own log lines (its stdout: `docker compose logs worker`) of CarSyncService. */
  const outcomesLogged = () =>
    worker.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { context?: string; msg: string; level: number })
      .filter((entry) => entry.context === 'CarSyncService');

  beforeAll(async () => {
    source = await CarApiServer.start({ count: 2500, appId: 'test-app', apiKey: 'test-key' });
    const env = {
      CAR_API_URL: source.url,
      CAR_API_ID: 'test-app',
      CAR_API_KEY: 'test-key',
      SYNC_PAGE_SIZE: String(PAGE_SIZE),
      SYNC_INTERVAL_MS: '3600000',
      SYNC_FULL_REFRESH_EVERY: '3',
      CAR_API_RETRIES: '3',
      CAR_API_RETRY_BASE_MS: '50',
      WORKER_JOB_LOCK_MS: '2000',
    };
    t = await createTestApp(env);
    queue = new Queue(QueueName.CarSync, { connection: bullConnection(process.env.REDIS_URL!) });
    admin = await logInAdmin(t);
    workerEnv = { ...env, LOG_LEVEL: 'info' };
    worker = await WorkerProcess.start(workerEnv);
  });

  afterAll(async () => {
    await worker?.stop();
    await queue?.close();
    await t?.close();
    await source?.close();
  });

  it('runs the first sync at worker start and imports every record', async () => {
    const first = await waitFor(
      'the start-up sync to end',
      async () => {
        const run = await runs().findOne({ where: {}, order: { id: 'ASC' } });
        return run && run.status !== 'running' ? run : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(first).toMatchObject({ trigger: 'schedule', status: 'completed', fullPass: true });
    expect(first).toMatchObject({ fetched: 2500, inserted: 2500, updated: 0, unchanged: 0, failed: 0 });
    expect(await syncedCount()).toBe(2500);
    const sample = source.all()[1234];
    expect(await cars().findOneBy({ externalId: sample.objectId })).toMatchObject({
      make: sample.Make,
      model: sample.Model,
      year: sample.Year,
      category: sample.Category,
      source: 'sync',
      removedAt: null,
    });
    const log = readFileSync(join(process.env.LOG_DIR!, 'sync_cars.log'), 'utf8');
    expect(log).toContain('"msg":"sync completed"');
    // The worker's own log says so too, with the counts.
    expect(outcomesLogged()).toContainEqual(
      expect.objectContaining({
        msg: `Sync run ${first.id} completed: 2500 fetched, 2500 inserted, 0 updated, 0 unchanged, 0 failed, 0 removed`,
        runId: first.id,
        inserted: 2500,
      }),
    );
  });

  it('answers catalogue queries from the synced data', async () => {
    const expected = source.all().filter((car) => car.Make === 'Toyota' && car.Year === 2020).length;
    expect(expected).toBeGreaterThan(0);
    const { body } = await t.http
      .get('/api/cars?make=toyota&year=2020&page=1&limit=10')
      .set(admin.auth)
      .expect(200);
    expect(body.meta.total).toBe(expected);
    expect(body.data.every((car: Car) => car.make === 'Toyota' && car.year === 2020)).toBe(true);
  });

  it('a second sync writes nothing and asks only for records at or after the cursor, in one request', async () => {
    source.resetRequests();
    const job = await syncNow(t, admin);
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ inserted: 0, updated: 0, failed: 0 });
    expect(job.result!.unchanged).toBeGreaterThanOrEqual(1);
    expect(source.requests).toHaveLength(1);
    expect(source.requests[0]).toMatchObject({
      order: 'updatedAt,objectId',
      where: { updatedAt: { $gte: { __type: 'Date', iso: newestUpdatedAt() } } },
    });
  });

  it('stores names in NFC and skips (counts as failed) a name with an invisible character, as the API would', async () => {
    const composed = source.upsert({ Make: 'Citroe\u0308n', Model: 'C5  X', Year: 2023 }, later(500));
    const hidden = source.upsert({ Make: 'Toy\u200Bota', Model: 'Corolla', Year: 2023 }, later(600));
    const job = await syncNow(t, admin);
    expect(job.result).toMatchObject({ inserted: 1, failed: 1 });
    expect(await cars().findOneBy({ externalId: composed.objectId })).toMatchObject({
      make: 'Citro\u00ebn',
      model: 'C5 X',
    });
    // The cursor includes its timestamp: gone from the source, it is not read again.
    source.remove(hidden.objectId);
  });

  it('updates a record changed at the source and inserts a new one', async () => {
    const changed = source.upsert(
      { objectId: source.all()[10].objectId, Model: 'Changed Model Name' },
      later(1000),
    );
    const added = source.upsert(
      { Make: 'Rivian', Model: 'R1T', Year: 2024, Category: 'Pickup' },
      later(2000),
    );
    const job = await syncNow(t, admin);
    expect(job.result).toMatchObject({ inserted: 1, updated: 1, failed: 0 });
    expect(await cars().findOneBy({ externalId: changed.objectId })).toMatchObject({
      model: 'Changed Model Name',
    });
    expect(await cars().findOneBy({ externalId: added.objectId })).toMatchObject({
      make: 'Rivian',
      model: 'R1T',
    });
  });

  it('takes every record that shares one updatedAt across a page boundary', async () => {
    const tied = later(60_000);
    const batch = Array.from({ length: PAGE_SIZE + 3 }, (_, i) =>
      source.upsert({ Make: 'Tiebreak', Model: `Model ${i}`, Year: 2023, Category: 'Sedan' }, tied),
    );
    const job = await syncNow(t, admin);
    expect(job.status).toBe('completed');
    expect(job.result!.inserted).toBe(batch.length);
    expect(await cars().countBy({ make: 'Tiebreak' })).toBe(batch.length);
    expect(await syncedCount()).toBe(source.size);
  });

  it('marks a record deleted at the source removed on the next full pass, and restores it when it returns', async () => {
    const gone = source.all()[20];
    source.remove(gone.objectId);
    const full = await syncUntilFullPass();
    expect(full.result!.removed).toBe(1);
    const removed = await cars().findOneByOrFail({ externalId: gone.objectId });
    expect(removed.removedAt).toBeInstanceOf(Date);
    const hidden = await t.http
      .get(`/api/cars?make=${gone.Make}&model=${gone.Model}&year=${gone.Year}`)
      .set(admin.auth);
    expect(hidden.body.meta.total).toBe(0);
    const shown = await t.http
      .get(`/api/cars?make=${gone.Make}&model=${gone.Model}&year=${gone.Year}&includeRemoved=true`)
      .set(admin.auth);
    expect(shown.body.data).toEqual([
      expect.objectContaining({ externalId: gone.objectId, removedAt: expect.any(String) }),
    ]);

    source.upsert({ ...gone }, later(1000));
    const back = await syncNow(t, admin);
    expect(back.result!.updated).toBeGreaterThanOrEqual(1);
    expect(await cars().findOneByOrFail({ externalId: gone.objectId })).toMatchObject({ removedAt: null });
  });

  it('answers a trigger while a sync is queued or running with that same job', async () => {
    source.failNext({ type: 'latency', ms: 1500 });
    const first = await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202);
    const second = await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202);
    expect(first.body.deduplicated).toBe(false);
    expect(second.body).toEqual({ jobId: first.body.jobId, status: expect.any(String), deduplicated: true });
    expect(['queued', 'running']).toContain(second.body.status);
    expect((await waitForJob(t, admin, first.body.jobId)).status).toBe('completed');
  });

  it('retries a 500 and a 429 (after its Retry-After) and the run succeeds', async () => {
    source.failNext({ type: 'status', status: 500 }, 2);
    source.failNext({ type: 'status', status: 429, retryAfterSeconds: 1 });
    source.resetRequests();
    const started = Date.now();
    const job = await syncNow(t, admin);
    expect(job.status).toBe('completed');
    const statuses = source.requests.map((request) => request.status);
    // Each failure is retried; the rest of the run (one page, or a full pass of several) is plain 200s.
    expect(statuses.slice(0, 4)).toEqual([500, 500, 429, 200]);
    expect(new Set(statuses.slice(4))).toEqual(new Set(statuses.length > 4 ? [200] : []));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('marks a run failed when the source keeps failing, and keeps the data it had', async () => {
    const before = await syncedCount();
    source.failNext({ type: 'status', status: 503 }, 10);
    const job = await syncNow(t, admin);
    source.clearFaults();
    expect(job.status).toBe('failed');
    expect(job.failedReason).toMatch(/failed 4 times/);
    const run = await runs().findOneByOrFail({ id: job.result!.runId });
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 503/) });
    expect(await syncedCount()).toBe(before);
    // Not only in sync_cars.log: the worker's own log has the failure and its reason, as an error.
    expect(outcomesLogged()).toContainEqual(
      expect.objectContaining({ msg: `Sync run ${run.id} failed: ${run.error}`, level: 50 }),
    );
  });

  it('a worker without CAR_API_ID and CAR_API_KEY says so once as it starts', async () => {
    const bare = await WorkerProcess.start({ ...workerEnv, CAR_API_ID: '', CAR_API_KEY: '' });
    await bare.stop();
    const warnings = bare.output
      .split('\n')
      .filter((line) => line.includes('CAR_API_ID and CAR_API_KEY are empty'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 40, context: 'CarApiClient' });
    expect(worker.output).not.toContain('are empty: a Parse server');
  });

  it('refuses the sync routes without a token (401) and to a non-admin (403)', async () => {
    await t.http.post('/api/cars/sync-cars').expect(401);
    const user = await signUp(t);
    await t.http.post('/api/cars/sync-cars').set(user.auth).expect(403);
    await t.http.get('/api/sync/status').set(user.auth).expect(403);
    await t.http.get('/api/sync/runs').set(user.auth).expect(403);
    await t.http.get('/api/cars/sync-cars/unknown-job').set(admin.auth).expect(404);
  });

  it('answers 400 to a job id no queue makes, naming it', async () => {
    for (const jobId of ['a%20b', 'x'.repeat(129), '%C3%A9t%C3%A9']) {
      const response = await t.http.get(`/api/cars/sync-cars/${jobId}`).set(admin.auth).expect(400);
      expect(response.body.message).toEqual([expect.stringContaining('jobId must be a job id')]);
    }
  });

  it('reports the schedule, the last run and the run history', async () => {
    const status = await t.http.get('/api/sync/status').set(admin.auth).expect(200);
    expect(status.body).toMatchObject({
      schedule: { intervalMs: 3_600_000, nextRunAt: expect.any(String) },
      lastRun: { status: expect.any(String), fetched: expect.any(Number) },
      queue: expect.objectContaining({ delayed: expect.any(Number), completed: expect.any(Number) }),
    });
    const history = await t.http.get('/api/sync/runs?limit=2').set(admin.auth).expect(200);
    expect(history.body.meta.total).toBe(await runs().count());
    expect(history.body.data[0].id).toBeGreaterThan(history.body.data[1].id);
  });

  it('keeps one schedule across two worker restarts, and a new SYNC_INTERVAL_MS replaces its interval', async () => {
    for (let restart = 0; restart < 2; restart++) {
      await worker.stop();
      worker = await WorkerProcess.start(workerEnv);
    }
    expect(await queue.getJobSchedulers()).toEqual([expect.objectContaining({ key: CAR_SYNC_SCHEDULER_ID })]);
    await worker.stop();
    worker = await WorkerProcess.start({ ...workerEnv, SYNC_INTERVAL_MS: '7200000' });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(Number(schedulers[0].every)).toBe(7_200_000);
  });

  it('runs the job again after the worker is killed mid-run, leaving no duplicates', async () => {
    await waitForIdleQueue(queue);
    const base = later(120_000).getTime();
    for (let i = 0; i < 4 * PAGE_SIZE; i++) {
      source.upsert(
        { Make: 'Killtest', Model: `Model ${i}`, Year: 2022, Category: 'SUV' },
        new Date(base + i),
      );
    }
    source.failNext({ type: 'latency', ms: 700 }, 6);
    const { body } = await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202);
    // Kill it once a page is committed and more are to come.
    await waitFor(
      'the run to commit a page',
      async () => ((await runs().findOneBy({ jobId: body.jobId }))?.fetched ?? 0) >= 1,
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    await worker.stop('SIGKILL');
    worker = await WorkerProcess.start(workerEnv);
    const job = await waitForJob(t, admin, body.jobId, 60_000);
    expect(job.status).toBe('completed');
    const attempts = await runs().find({ where: { jobId: body.jobId }, order: { id: 'ASC' } });
    expect(attempts.map((run) => run.status)).toEqual(['failed', 'completed']);
    expect(attempts[0].error).toMatch(/Interrupted/);
    expect(await cars().countBy({ make: 'Killtest' })).toBe(4 * PAGE_SIZE);
    expect(await syncedCount()).toBe(source.size);
    const duplicates = await t.app
      .get(DataSource)
      .query('SELECT external_id FROM cars GROUP BY external_id HAVING COUNT(*) > 1');
    expect(duplicates).toEqual([]);
  });
});
