import { Queue } from 'bullmq';
import { SyncJobDto } from '../../src/sync/dto/sync.dto';
import { TestApp } from './test-app';
import { SignedUpUser } from './users';
import { waitFor } from './wait';

export type SyncJob = SyncJobDto;

/** Polls `GET /api/cars/sync-cars/:jobId` until the job has finished, and returns it. */
export function waitForJob(
  t: TestApp,
  admin: SignedUpUser,
  jobId: string,
  timeoutMs = 30_000,
): Promise<SyncJob> {
  return waitFor(
    `sync job ${jobId} to finish`,
    async () => {
      const { body } = await t.http.get(`/api/cars/sync-cars/${jobId}`).set(admin.auth).expect(200);
      return body.status === 'completed' || body.status === 'failed' ? (body as SyncJob) : undefined;
    },
    { timeoutMs },
  );
}

/** Triggers a sync as `admin` and waits for its outcome. */
export async function syncNow(t: TestApp, admin: SignedUpUser): Promise<SyncJob> {
  const { body } = await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202);
  return waitForJob(t, admin, body.jobId);
}

/** Waits until no job of `queue` is waiting or running (e.g. the one a worker start schedules). */
export async function waitForIdleQueue(queue: Queue): Promise<void> {
  await waitFor(
    `the ${queue.name} queue to become idle`,
    async () => {
      const { active, waiting } = await queue.getJobCounts('active', 'waiting');
      return active + waiting === 0;
    },
    { timeoutMs: 30_000 },
  );
}
