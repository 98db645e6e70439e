import { Queue } from 'bullmq';
import { request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';
import { Car } from '../../src/cars/car.entity';
import { bullConnection } from '../../src/queue/queue-root.module';
import { QueueName } from '../../src/queue/queues';
import { SyncRun } from '../../src/sync/sync-run.entity';
import { CarApiServer } from '../support/car-api/car-api-server';
import { ApiProcess, WorkerProcess } from '../support/processes';
import { waitForIdleQueue, waitForJob } from '../support/sync';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser } from '../support/users';
import { sleep, waitFor } from '../support/wait';

jest.setTimeout(90_000);

const PAGE_SIZE = 250;

describe('graceful shutdown on SIGTERM', () => {
  let t: TestApp;
  let source: CarApiServer;
  let admin: SignedUpUser;
  let queue: Queue;
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];

  const db = () => t.app.get(DataSource);
  const runsOf = (jobId: string) =>
    db()
      .getRepository(SyncRun)
      .find({ where: { jobId }, order: { id: 'ASC' } });
  const carsMade = (make: string) => db().getRepository(Car).countBy({ make });

  async function startWorker(extra: Record<string, string> = {}): Promise<WorkerProcess> {
    const worker = await WorkerProcess.start({ ...env, ...extra });
    workers.push(worker);
    return worker;
  }

  /** Adds `count` models newer than any at the source, so the next sync has `count` records to take. */
  function addModels(tag: string, count: number): void {
    const base = Date.parse(source.all().at(-1)!.updatedAt) + 60_000;
    for (let i = 0; i < count; i++) {
      source.upsert({ Make: tag, Model: `Model ${i}`, Year: 2023, Category: 'Sedan' }, new Date(base + i));
    }
  }

  /** Triggers a sync with slow source pages and resolves once its first page is committed. */
  async function startSlowSync(pageLatencyMs: number): Promise<string> {
    source.failNext({ type: 'latency', ms: pageLatencyMs }, 50);
    const { body } = await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202);
    await waitFor(
      'the sync to commit a page',
      async () => (await runsOf(body.jobId)).some((run) => run.status === 'running' && run.fetched > 0),
      { timeoutMs: 30_000, intervalMs: 25 },
    );
    return body.jobId as string;
  }

  beforeAll(async () => {
    source = await CarApiServer.start({ count: 500, appId: 'test-app', apiKey: 'test-key' });
    env = {
      CAR_API_URL: source.url,
      CAR_API_ID: 'test-app',
      CAR_API_KEY: 'test-key',
      SYNC_PAGE_SIZE: String(PAGE_SIZE),
      SYNC_INTERVAL_MS: '3600000',
      WORKER_JOB_LOCK_MS: '3000',
    };
    t = await createTestApp(env);
    queue = new Queue(QueueName.CarSync, { connection: bullConnection(process.env.REDIS_URL!) });
    admin = await logInAdmin(t);
    // The first worker's start-up sync takes the initial 500 models; later tests add their own.
    const first = await startWorker();
    await waitForIdleQueue(queue);
    expect(await first.stop()).toMatchObject({ code: 0 });
  });

  afterAll(async () => {
    source?.clearFaults();
    for (const worker of workers) await worker.stop('SIGKILL');
    await queue?.close();
    await t?.close();
    await source?.close();
  });

  it('the worker lets its running sync finish, then exits 0', async () => {
    addModels('Finisher', 4 * PAGE_SIZE);
    const worker = await startWorker({ WORKER_SHUTDOWN_GRACE_MS: '60000' });
    const jobId = await startSlowSync(150);

    expect(await worker.stop('SIGTERM')).toMatchObject({ code: 0 });

    const runs = await runsOf(jobId);
    expect(runs).toEqual([
      expect.objectContaining({ status: 'completed', inserted: 4 * PAGE_SIZE, error: null }),
    ]);
    expect(await (await queue.getJob(jobId))!.getState()).toBe('completed');
    expect(await queue.getActiveCount()).toBe(0);
    expect(await carsMade('Finisher')).toBe(4 * PAGE_SIZE);
  });

  it('a sync that outlasts the grace period goes back to the queue; the next worker finishes it', async () => {
    addModels('Handback', 8 * PAGE_SIZE);
    const worker = await startWorker({ WORKER_SHUTDOWN_GRACE_MS: '200' });
    const jobId = await startSlowSync(500);

    const stopping = Date.now();
    expect(await worker.stop('SIGTERM')).toMatchObject({ code: 0 });
    // The grace period plus at most one page, far from the 8 pages × 500 ms the whole run needs.
    expect(Date.now() - stopping).toBeLessThan(3_000);
    expect(worker.output).toContain('handing them back');

    // Not stuck active, not failed: waiting for the next worker.
    expect(await (await queue.getJob(jobId))!.getState()).toBe('waiting');
    expect(await queue.getActiveCount()).toBe(0);
    const [interrupted] = await runsOf(jobId);
    expect(interrupted).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/went back to the queue/),
    });
    expect(interrupted.fetched).toBeLessThan(8 * PAGE_SIZE);

    source.clearFaults();
    await startWorker();
    const job = await waitForJob(t, admin, jobId, 60_000);
    expect(job.status).toBe('completed');
    expect((await runsOf(jobId)).map((run) => run.status)).toEqual(['failed', 'completed']);
    expect(await carsMade('Handback')).toBe(8 * PAGE_SIZE);
    expect(await db().query('SELECT external_id FROM cars GROUP BY external_id HAVING COUNT(*) > 1')).toEqual(
      [],
    );
  });

  it('the API stops accepting connections, finishes the request in flight, then exits 0', async () => {
    const api = await ApiProcess.start();
    const { port } = new URL(api.url);
    const body = JSON.stringify({ email: 'admin@example.com', password: 'admin-password-1' });

    // A login whose body is still arriving when SIGTERM comes: the request is in flight.
    let inFlight: ReturnType<typeof httpRequest> | undefined;
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      inFlight = req;
    });
    await sleep(200);

    const exited = api.stop();
    // New connections are refused while the in-flight request is still open.
    await waitFor(
      'the API to refuse new connections after SIGTERM',
      () =>
        fetch(`${api.url}/api/status`).then(
          () => false,
          () => true,
        ),
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    inFlight!.end(body.slice(10));
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toHaveProperty('accessToken');
    expect(await exited).toMatchObject({ code: 0 });
  });
});
