import { SyncJobDto } from '../../src/sync/dto/sync.dto';
import { TestApp } from './test-app';
import { SignedUpUser } from './users';

export type SyncJob = SyncJobDto;

/** Polls `GET /api/cars/sync-cars/:jobId` until the job has finished, and returns it. */
export async function waitForJob(
  t: TestApp,
  admin: SignedUpUser,
  jobId: string,
  timeoutMs = 30_000,
): Promise<SyncJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await t.http.get(`/api/cars/sync-cars/${jobId}`).set(admin.auth).expect(200);
    if (body.status === 'completed' || body.status === 'failed') return body as SyncJob;
    if (Date.now() > deadline)
      throw new Error(`Sync job ${jobId} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Triggers a sync as `admin` and waits for its outcome. */
export async function syncNow(t: TestApp, admin: SignedUpUser): Promise<SyncJob> {
  const { body } = await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202);
  return waitForJob(t, admin, body.jobId);
}
