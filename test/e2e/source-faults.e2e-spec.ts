import { DataSource } from 'typeorm';
import { Car } from '../../src/cars/car.entity';
import { SyncRun } from '../../src/sync/sync-run.entity';
import { SyncState } from '../../src/sync/sync-state.entity';
import { CarApiServer, Fault } from '../support/car-api/car-api-server';
import { WorkerProcess } from '../support/processes';
import { SyncJob, waitForJob } from '../support/sync';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser } from '../support/users';
import { sleep, waitFor } from '../support/wait';

/**
 * The external car API down, slow, or answering garbage, with the real worker: every run retries
 * within its bounds and ends completed or failed, a failed run leaves only whole committed pages
 * (and a cursor that does not pass them), the next healthy sync completes the catalogue without
 * duplicates, and the API keeps answering quickly meanwhile. (500 and 429 answers, and a source
 * that keeps failing with 503, are covered in sync.e2e-spec.ts.)
 */

jest.setTimeout(60_000);

const PAGE_SIZE = 100;
const SOURCE_RECORDS = 2050;
const RETRIES = 2;
const RETRY_BASE_MS = 50;
const TIMEOUT_MS = 1000;
/**
 * The longest one request may take to fail for good: every attempt up to the timeout, and the
 * backoffs between them (each at most base × 2^attempt).
 */
const FAILING_REQUEST_MS = (RETRIES + 1) * TIMEOUT_MS + RETRY_BASE_MS * (2 ** RETRIES - 1);
/** The healthy pages around it, the queue, the polling, a machine shared with other test files. */
const SLACK_MS = 3000;
/** A page of the slow source: slower than a healthy one, still within the timeout. */
const SLOW_PAGE_MS = 300;
/** A fault that lets the request through untouched. */
const PASS: Fault = { type: 'latency', ms: 0 };

describe('the external car API down, slow or answering garbage', () => {
  let t: TestApp;
  let source: CarApiServer;
  let sourcePort: number;
  let admin: SignedUpUser;
  let worker: WorkerProcess;
  let batches = 0;

  const db = () => t.app.get(DataSource);
  const runs = () => db().getRepository(SyncRun);
  const cursor = async () =>
    (await db().getRepository(SyncState).findOneBy({ id: 1 }))?.cursorUpdatedAt ?? null;
  const syncedIds = async () =>
    (
      await db()
        .getRepository(Car)
        .find({ where: { source: 'sync' as Car['source'] }, select: { externalId: true } })
    ).map((car) => car.externalId!);

  const startSource = (port = 0) =>
    CarApiServer.start({ port, count: SOURCE_RECORDS, appId: 'test-app', apiKey: 'test-key' });

  /**
   * A failed run kept only whole pages: it fetched a multiple of the page size, the synced cars are
   * exactly the source's records up to there (in the order the sync reads them), the run's
   * counters add up and match the rows written, and the cursor stands at the last committed record.
   */
  async function expectWholePages(run: SyncRun, cursorBefore: string | null, syncedBefore: number) {
    const all = source.all();
    const from = cursorBefore === null ? 0 : all.findIndex((record) => record.updatedAt >= cursorBefore);
    expect(run.fetched % PAGE_SIZE).toBe(0);
    expect(run.fetched).toBeGreaterThan(0);
    const committed = all.slice(0, from + run.fetched);
    const ids = await syncedIds();
    expect(ids.length).toBe(committed.length);
    expect(new Set(ids)).toEqual(new Set(committed.map((record) => record.objectId)));
    expect(run.inserted + run.updated + run.unchanged + run.failed).toBe(run.fetched);
    expect(run.inserted).toBe(ids.length - syncedBefore);
    expect(await cursor()).toBe(committed.at(-1)!.updatedAt);
  }

  /** The catalogue holds every record of the source, once. */
  async function expectComplete() {
    const ids = await syncedIds();
    expect(ids.length).toBe(source.size);
    expect(new Set(ids)).toEqual(new Set(source.all().map((record) => record.objectId)));
    expect(await db().query('SELECT external_id FROM cars GROUP BY external_id HAVING COUNT(*) > 1')).toEqual(
      [],
    );
  }

  /**
   * Triggers a sync and waits for it; returns the job, its run and how long the run took (its own
   * start to finish, so the time a loaded machine takes to hand the job to the worker is not counted).
   */
  async function sync(): Promise<{ job: SyncJob; run: SyncRun; ms: number }> {
    const { body } = await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202);
    expect(body.deduplicated).toBe(false);
    const job = await waitForJob(t, admin, body.jobId);
    const run = await runs().findOneByOrFail({ id: job.result!.runId });
    return { job, run, ms: run.finishedAt!.getTime() - run.startedAt.getTime() };
  }

  /**
   * Reads the API from 4 clients until `until` settles: the catalogue, the status, the health
   * check and the sync status. Returns every answer's status and time.
   */
  async function readApiDuring(until: Promise<unknown>): Promise<{ statuses: number[]; times: number[] }> {
    let done = false;
    void until.finally(() => (done = true)).catch(() => undefined);
    const statuses: number[] = [];
    const times: number[] = [];
    const paths = ['/api/cars?make=Toyota&limit=20', '/api/status', '/api/health', '/api/sync/status'];
    await Promise.all(
      paths.map(async (path) => {
        while (!done) {
          const started = Date.now();
          const response = await t.http.get(path).set(admin.auth);
          times.push(Date.now() - started);
          statuses.push(response.status);
          await sleep(20);
        }
      }),
    );
    return { statuses, times };
  }

  const percentile = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

  /**
   * A read that waited for the source would wait for a stalled attempt (up to TIMEOUT_MS), and the
   * stalled attempts fill most of a failing run: the median and the 90th percentile show that. The
   * far tail shows the load of a machine shared with other test files, not the sync.
   */
  function expectApiUnaffected({ statuses, times }: { statuses: number[]; times: number[] }) {
    expect(times.length).toBeGreaterThanOrEqual(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(percentile(times, 90)).toBeLessThan(TIMEOUT_MS);
    expect(percentile(times, 50)).toBeLessThan(250);
  }

  /** Adds `count` models newer than any at the source, for the next run to take. */
  function addBatch(count: number): string {
    const tag = `Batch${++batches}`;
    const base = Date.parse(source.all().at(-1)!.updatedAt) + 60_000;
    for (let i = 0; i < count; i++)
      source.upsert({ Make: tag, Model: `Model ${i}`, Year: 2023, Category: 'Sedan' }, new Date(base + i));
    return tag;
  }

  beforeAll(async () => {
    source = await startSource();
    sourcePort = Number(new URL(source.url).port);
    const env = {
      CAR_API_URL: source.url,
      CAR_API_ID: 'test-app',
      CAR_API_KEY: 'test-key',
      SYNC_PAGE_SIZE: String(PAGE_SIZE),
      SYNC_INTERVAL_MS: '3600000',
      CAR_API_RETRIES: String(RETRIES),
      CAR_API_RETRY_BASE_MS: String(RETRY_BASE_MS),
      CAR_API_TIMEOUT_MS: String(TIMEOUT_MS),
    };
    t = await createTestApp(env);
    admin = await logInAdmin(t);
    // Slow from the start: the worker's start-up sync (a full pass) pages through it.
    source.failNext({ type: 'latency', ms: SLOW_PAGE_MS }, 100);
    worker = await WorkerProcess.start(env);
  });

  afterEach(() => source.clearFaults());

  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await source?.close();
  });

  it('slow, then down mid-run: the run fails within its bound, keeping whole pages; the API answers quickly throughout', async () => {
    const outcome = (async () => {
      // The start-up sync pages through the slow source; the source goes away after 6 pages.
      const started = await waitFor(
        'the start-up sync to commit 6 pages',
        async () => {
          const first = await runs().findOne({ where: {}, order: { id: 'ASC' } });
          return first && first.fetched >= 6 * PAGE_SIZE ? first : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      expect(started.status).toBe('running');
      await source.close();
      const closed = Date.now();
      const run = await waitFor(
        'the run to end',
        async () => {
          const latest = await runs().findOneByOrFail({ id: started.id });
          return latest.status === 'running' ? undefined : latest;
        },
        { timeoutMs: FAILING_REQUEST_MS + SLACK_MS, intervalMs: 20 },
      );
      return { run, ms: Date.now() - closed };
    })();
    const reads = await readApiDuring(outcome);
    const { run, ms } = await outcome;

    expect(run).toMatchObject({
      status: 'failed',
      fullPass: true,
      error: expect.stringMatching(new RegExp(`failed ${RETRIES + 1} times.*ECONNREFUSED`)),
    });
    expect(ms).toBeLessThan(FAILING_REQUEST_MS + SLACK_MS);
    expect(run.fetched).toBeLessThan(SOURCE_RECORDS);
    await expectWholePages(run, null, 0);
    expectApiUnaffected(reads);
    // The job failed too: it is not retried on top of the client's retries.
    const job = await waitForJob(t, admin, run.jobId);
    expect(job).toMatchObject({ status: 'failed', failedReason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('back up: the next sync takes the rest from the cursor, and the catalogue is complete without duplicates', async () => {
    source = await startSource(sourcePort); // the same records, at the same address
    const before = await cursor();
    const synced = (await syncedIds()).length;
    const { job, run } = await sync();
    expect(job.status).toBe('completed');
    expect(run).toMatchObject({ fullPass: false, failed: 0, inserted: SOURCE_RECORDS - synced });
    expect(source.requests[0]).toMatchObject({
      where: { updatedAt: { $gte: { __type: 'Date', iso: before } } },
    });
    await expectComplete();
    expect(await cursor()).toBe(source.all().at(-1)!.updatedAt);
  });

  // Each fault once more than the retries allow, on the second page of a run: the run fails after
  // committing the first; then as many times as the retries allow: the next run succeeds.
  const faults: Array<{ name: string; fault: Fault; error: RegExp }> = [
    { name: 'slow beyond the timeout', fault: { type: 'latency', ms: 2 * TIMEOUT_MS }, error: /timeout/i },
    { name: 'malformed JSON', fault: { type: 'malformed' }, error: /not JSON/ },
    { name: 'the wrong shape', fault: { type: 'wrong-shape' }, error: /no "results" array/ },
    { name: 'a dropped connection', fault: { type: 'drop' }, error: /ECONNRESET|socket hang up/ },
    // Headers at once, then the body in 20 pieces a quarter of the timeout apart, the whole five
    // times the timeout: CAR_API_TIMEOUT_MS bounds the whole request, not only the silences in it.
    { name: 'a body trickling in', fault: { type: 'trickle', ms: 5 * TIMEOUT_MS }, error: /timeout/i },
  ];

  it.each(faults)(
    '$name: retried within bounds; a run that still fails keeps whole pages, the next one completes',
    async ({ fault, error }) => {
      addBatch(2 * PAGE_SIZE + 50);
      const cursorBefore = await cursor();
      const syncedBefore = (await syncedIds()).length;

      source.resetRequests();
      source.failNext(PASS);
      source.failNext(fault, RETRIES + 1);
      const failing = sync();
      const reads = fault.type === 'latency' || fault.type === 'trickle' ? readApiDuring(failing) : undefined;
      const { job, run, ms } = await failing;
      expect(ms).toBeLessThan(FAILING_REQUEST_MS + SLACK_MS);
      expect(job).toMatchObject({ status: 'failed', failedReason: expect.stringMatching(error) });
      expect(run).toMatchObject({ status: 'failed', fullPass: false, fetched: PAGE_SIZE });
      expect(run.error).toMatch(new RegExp(`failed ${RETRIES + 1} times`));
      // The first page, then the second tried 1 + RETRIES times; nothing after.
      expect(source.requests).toHaveLength(1 + RETRIES + 1);
      await expectWholePages(run, cursorBefore, syncedBefore);
      if (reads) expectApiUnaffected(await reads);

      const cursorAfterFailure = await cursor();
      const answer = source.all().filter((record) => record.updatedAt >= cursorAfterFailure!).length;
      source.resetRequests();
      source.failNext(PASS);
      source.failNext(fault, RETRIES);
      const recovering = await sync();
      expect(recovering.job.status).toBe('completed');
      expect(recovering.run).toMatchObject({ status: 'completed', failed: 0 });
      // Every page once, and the faulty one RETRIES more times.
      expect(source.requests).toHaveLength(Math.floor(answer / PAGE_SIZE) + 1 + RETRIES);
      expect(recovering.ms).toBeLessThan(FAILING_REQUEST_MS + SLACK_MS);
      await expectComplete();
    },
  );
});
