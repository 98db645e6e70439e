import { randomBytes } from 'node:crypto';
import { WORKER_READY_LINE } from '../../src/worker-ready';
import { waitFor } from '../support/wait';
import { ContainerState, Deployment, run } from './deployment';

/**
 * The deployment README "Deploy and operate" describes, built and run in real containers with
 * its own commands: `docker compose up --build`, the API through the published port, the worker
 * syncing from the Parse-protocol stand-in (a service of compose.test.yml), a backup inside the
 * api container and its restore, a Redis restart, `stop`, `kill -s TERM`, `down` and `up`, then
 * `--profile postgres` with two workers. `npm run test:containers` (test/containers/run.sh) runs
 * it; it needs a Docker engine and Compose v2.
 */

const CAR_COUNT = 2000;
const ADMIN = { email: 'admin@example.com', password: 'container-admin-1' };
const USER = {
  username: `driver_${randomBytes(3).toString('hex')}`,
  email: 'driver@example.com',
  password: 'correct-horse-battery',
};
const LATE_USER = { username: 'late_signup', email: 'late@example.com', password: 'correct-horse-battery' };
const MINUTE = 60_000;
const POLL = { intervalMs: 1000 };

let deployment: Deployment;

beforeAll(async () => {
  deployment = await Deployment.create();
  // What an operator puts in .env to sync from the stand-in rather than the real car API.
  deployment.setEnv({
    CAR_API_URL: 'http://car-api:4010',
    CAR_API_ID: 'demo-app-id',
    CAR_API_KEY: 'demo-rest-key',
    CAR_API_COUNT: String(CAR_COUNT),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    AUTH_RATE_LIMIT: '1000',
  });
}, MINUTE);

afterAll(async () => {
  await deployment?.remove();
}, 5 * MINUTE);

/** Waits for `check`; on a time-out the error carries the end of every service's log. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 2 * MINUTE,
): Promise<T> {
  try {
    return await waitFor(what, check, { timeoutMs, ...POLL });
  } catch (error) {
    const logs = await deployment.compose(['logs', '--tail', '40', '--no-color'], { allowFailure: true });
    throw new Error(`${(error as Error).message}\n${logs.stdout.slice(-8000)}`, { cause: error });
  }
}

async function healthyApi(): Promise<void> {
  await eventually(
    'the api to be healthy: its container health check, then /api/health through the published port',
    async () =>
      (await deployment.containers('api'))[0]?.health === 'healthy' &&
      (await deployment.http('GET', '/api/health').catch(() => undefined))?.status === 200,
  );
}

async function login(credentials: { email: string; password: string }): Promise<string> {
  const answer = await deployment.http('POST', '/api/auth/login', { body: credentials });
  expect(answer.status).toBe(200);
  return answer.body.accessToken as string;
}

async function catalogueSize(token: string): Promise<number> {
  const answer = await deployment.http('GET', '/api/cars?page=1&limit=1', { token });
  expect(answer.status).toBe(200);
  return answer.body.meta.total as number;
}

/**
 * Triggers a sync as the operator does and waits for its job to complete. The trigger may answer
 * 503 for a moment after Redis returns, until the API's queue connection is back (within a second).
 */
async function syncNow(token: string): Promise<{ jobId: string; runId: number }> {
  const trigger = await eventually(
    'the sync trigger to be accepted',
    async () => {
      const answer = await deployment.http('POST', '/api/cars/sync-cars', { token });
      expect([202, 503]).toContain(answer.status);
      return answer.status === 202 && answer;
    },
    15_000,
  );
  const job = await eventually(`sync job ${trigger.body.jobId}`, async () => {
    const answer = await deployment.http('GET', `/api/cars/sync-cars/${trigger.body.jobId}`, { token });
    expect(answer.body.status).not.toBe('failed');
    return answer.body.status === 'completed' && answer.body;
  });
  return { jobId: job.jobId, runId: job.result.runId };
}

async function serviceLogs(...services: string[]): Promise<string> {
  return (await deployment.compose(['logs', '--no-color', ...services])).stdout;
}

/** How many times the worker container has said it is ready (its log outlives a stop and start). */
async function workerReadyLines(): Promise<number> {
  return (await serviceLogs('worker'))
    .split('\n')
    .filter((line) => line.trimEnd().endsWith(WORKER_READY_LINE)).length;
}

async function workerReady(after: number): Promise<void> {
  await eventually('the worker to say it is ready', async () => (await workerReadyLines()) > after);
}

let broken = false;

/** A scenario that builds on the ones before it: skipped (failing fast) once one of them failed. */
function step(name: string, scenario: () => Promise<void>, timeoutMs?: number): void {
  it(
    name,
    async () => {
      if (broken) throw new Error('not run: an earlier scenario failed');
      // Cleared only when the scenario completes: a failure or a time-out stops the ones after it.
      broken = true;
      await scenario();
      broken = false;
    },
    timeoutMs,
  );
}

const byName = (containers: ContainerState[]) =>
  new Map(containers.map((container) => [container.name, container]));

describe('the Compose deployment in real containers', () => {
  let adminToken: string;

  step(
    'docker compose up --build: the api migrates, bootstraps the admin and turns healthy',
    async () => {
      await deployment.compose(['up', '--build', '--detach'], { timeoutMs: 12 * MINUTE });
      await healthyApi();
      adminToken = await login(ADMIN);
    },
    15 * MINUTE,
  );

  step('signup, login and the catalogue through the published port', async () => {
    const signup = await deployment.http('POST', '/api/auth/signup', { body: USER });
    expect(signup.status).toBe(201);
    const token = await login(USER);
    const me = await deployment.http('GET', '/api/auth/me', { token });
    expect(me.body).toMatchObject({ username: USER.username, role: 'user' });
    expect(await catalogueSize(token)).toBeGreaterThanOrEqual(0);
  });

  step(
    'the worker syncs the catalogue from the stand-in service and logs the run',
    async () => {
      const run = await eventually('the first sync to complete', async () => {
        const status = await deployment.http('GET', '/api/sync/status', { token: adminToken });
        expect(status.body.lastRun?.status).not.toBe('failed');
        return status.body.lastRun?.status === 'completed' && status.body.lastRun;
      });
      expect(run).toMatchObject({ fetched: CAR_COUNT, inserted: CAR_COUNT, failed: 0 });
      expect(await catalogueSize(adminToken)).toBe(CAR_COUNT);
      expect(await serviceLogs('worker')).toContain(`Sync run ${run.id} completed: ${CAR_COUNT} fetched`);
    },
    3 * MINUTE,
  );

  step(
    "npm run backup inside the api container, then README's restore brings back exactly the copy",
    async () => {
      const backup = await deployment.compose(['exec', '-T', 'api', 'npm', 'run', 'backup']);
      const copy = /backup-[\w.-]+\.sqlite/.exec(backup.stdout + backup.stderr)?.[0];
      expect(copy).toBeDefined();
      const listed = await deployment.compose(['exec', '-T', 'api', 'ls', '/app/data/backups']);
      expect(listed.stdout.split('\n')).toContain(copy);

      // Written after the backup began: gone once the copy is restored.
      expect((await deployment.http('POST', '/api/auth/signup', { body: LATE_USER })).status).toBe(201);

      await deployment.compose(['cp', `api:/app/data/backups/${copy}`, '.']);
      await deployment.compose(['stop', 'api', 'worker']);
      await deployment.compose([
        'run',
        '--rm',
        '--no-deps',
        '-v',
        `${deployment.dir}:/restore`,
        '--entrypoint',
        'sh',
        'api',
        '-c',
        `cp /restore/${copy} /app/data/app.sqlite && rm -f /app/data/app.sqlite-wal /app/data/app.sqlite-shm`,
      ]);
      await deployment.compose(['up', '--detach']);
      await healthyApi();

      const token = await login(USER);
      expect(await catalogueSize(token)).toBe(CAR_COUNT);
      const late = await deployment.http('POST', '/api/auth/login', { body: LATE_USER });
      expect(late.status).toBe(401);
      adminToken = await login(ADMIN);
    },
    5 * MINUTE,
  );

  step(
    'a Redis restart is recovered without restarting the api or the worker',
    async () => {
      const before = byName(await deployment.containers());
      await deployment.compose(['restart', 'redis']);
      await healthyApi();
      const { runId } = await syncNow(adminToken);
      expect(await serviceLogs('worker')).toContain(`Sync run ${runId} completed`);
      for (const container of await deployment.containers()) {
        if (container.service !== 'api' && container.service !== 'worker') continue;
        expect(container).toMatchObject({ status: 'running', restartCount: 0 });
        expect(container.startedAt).toBe(before.get(container.name)?.startedAt);
      }
    },
    3 * MINUTE,
  );

  step(
    'docker compose stop: every service exits 0',
    async () => {
      const containers = await deployment.containers();
      expect(new Set(containers.map((container) => container.service))).toEqual(
        new Set(['api', 'worker', 'redis', 'car-api']),
      );
      const codes = await deployment.exitCodes(
        containers.map((container) => container.id),
        () => deployment.compose(['stop'], { timeoutMs: 2 * MINUTE }),
      );
      expect(codes).toEqual(containers.map(() => 0));
    },
    3 * MINUTE,
  );

  step(
    'down and up keep the data',
    async () => {
      await deployment.compose(['down']);
      expect(await deployment.containers()).toEqual([]);
      await deployment.compose(['up', '--detach']);
      await healthyApi();
      const token = await login(USER);
      expect(await catalogueSize(token)).toBe(CAR_COUNT);
      adminToken = await login(ADMIN);
    },
    3 * MINUTE,
  );

  step(
    'a SIGTERM while the worker starts stops it at once (an init runs it, not PID 1 ignoring the signal)',
    async () => {
      await workerReady(0);
      await deployment.compose(['stop', 'worker']);
      const [worker] = await deployment.containers('worker');
      await deployment.compose(['start', 'worker']);
      const signalledAt = Date.now();
      await deployment.compose(['kill', '-s', 'TERM', 'worker']);
      // A kill cancels the restart policy: this exit is the one waited for, however early it came.
      const [code] = await deployment.exited([worker.id]);
      // Killed by the signal while starting (143), or done starting just before it (0); never the
      // time-out of a container that ignored it.
      expect([0, 143]).toContain(code);
      expect(Date.now() - signalledAt).toBeLessThan(20_000);

      const readyLines = await workerReadyLines();
      await deployment.compose(['start', 'worker']);
      await workerReady(readyLines);
    },
    3 * MINUTE,
  );

  step(
    'docker compose kill -s TERM: the api and the worker exit 0',
    async () => {
      const containers = [
        ...(await deployment.containers('api')),
        ...(await deployment.containers('worker')),
      ];
      expect(containers.map((container) => container.status)).toEqual(['running', 'running']);
      const codes = await deployment.exitCodes(
        containers.map((container) => container.id),
        () => deployment.compose(['kill', '-s', 'TERM', 'api', 'worker']),
      );
      expect(codes).toEqual([0, 0]);
    },
    3 * MINUTE,
  );

  step(
    '--profile postgres with --scale worker=2: one schedule, one sync at a time, each worker syncs',
    async () => {
      await deployment.compose(['down', '--volumes'], { timeoutMs: 2 * MINUTE });
      deployment.setEnv({
        DB_TYPE: 'postgres',
        DATABASE_URL: 'postgres://car:car@postgres:5432/car_platform',
      });
      await deployment.compose(['--profile', 'postgres', 'up', '--detach', '--scale', 'worker=2'], {
        timeoutMs: 5 * MINUTE,
      });
      await healthyApi();
      adminToken = await login(ADMIN);
      const workers = await deployment.containers('worker');
      expect(workers.map((worker) => worker.status)).toEqual(['running', 'running']);
      // The api waits for PostgreSQL itself: nothing came up through a restart.
      for (const container of await deployment.containers())
        expect([container.name, container.restartCount]).toEqual([container.name, 0]);

      await eventually('the first sync to complete', async () => {
        const status = await deployment.http('GET', '/api/sync/status', { token: adminToken });
        return status.body.lastRun?.status === 'completed';
      });
      expect(await catalogueSize(adminToken)).toBe(CAR_COUNT);

      // Both workers registered the schedule under one id.
      const schedules = await deployment.compose([
        'exec',
        '-T',
        'redis',
        'redis-cli',
        'ZRANGE',
        'bull:car-sync:repeat',
        '0',
        '-1',
      ]);
      expect(schedules.stdout.split('\n').filter(Boolean)).toHaveLength(1);

      // Two triggers at once: one job, the second deduplicated.
      const triggers = await Promise.all(
        [0, 1].map(() => deployment.http('POST', '/api/cars/sync-cars', { token: adminToken })),
      );
      expect(triggers.map((trigger) => trigger.status)).toEqual([202, 202]);
      expect(new Set(triggers.map((trigger) => trigger.body.jobId)).size).toBe(1);
      expect(triggers.map((trigger) => trigger.body.deduplicated).sort()).toEqual([false, true]);
      await eventually('the triggered sync to complete', async () => {
        const job = await deployment.http('GET', `/api/cars/sync-cars/${triggers[0].body.jobId}`, {
          token: adminToken,
        });
        return job.body.status === 'completed';
      });

      // Each worker alone takes a run, and reaches the stand-in service.
      for (const [index, worker] of workers.entries()) {
        const other = workers[1 - index];
        await run(['docker', 'stop', other.id]);
        const { runId } = await syncNow(adminToken);
        const logs = await run(['docker', 'logs', worker.id]);
        expect(logs.stdout + logs.stderr).toContain(`Sync run ${runId} completed`);
        await run(['docker', 'start', other.id]);
      }

      const runs = (await deployment.http('GET', '/api/sync/runs?page=1&limit=100', { token: adminToken }))
        .body.data as Array<{
        status: string;
        startedAt: string;
        finishedAt: string;
      }>;
      expect(runs.map((syncRun) => syncRun.status)).toEqual(runs.map(() => 'completed'));
      const spans = runs
        .map((syncRun) => [Date.parse(syncRun.startedAt), Date.parse(syncRun.finishedAt)])
        .sort(([a], [b]) => a - b);
      for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    },
    8 * MINUTE,
  );
});
