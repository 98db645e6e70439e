import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';

export const syncConfig = registerAs('sync', () => ({
  intervalMs: Number(readEnv('SYNC_INTERVAL_MS') ?? 300_000),
  pageSize: Number(readEnv('SYNC_PAGE_SIZE') ?? 1000),
  fullRefreshEvery: Number(readEnv('SYNC_FULL_REFRESH_EVERY') ?? 288),
  /** How long a worker's claim on a job lasts without renewal: a killed worker's job is retried after it. */
  jobLockMs: Number(readEnv('WORKER_JOB_LOCK_MS') ?? 30_000),
  /** On SIGTERM, how long the worker lets its current job run before handing it back to the queue. */
  shutdownGraceMs: Number(readEnv('WORKER_SHUTDOWN_GRACE_MS') ?? 20_000),
}));
