import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { syncConfig } from '../config/sync.config';
import { CarSyncJobData, QueueName } from '../queue/queues';
import { CarSyncService, SyncRunSummary } from './car-sync.service';
import { SyncTrigger } from './sync-run.entity';

const { jobLockMs } = syncConfig();

/**
 * Runs sync jobs in the worker, one at a time per worker (and one at a time overall: the queue's
 * global concurrency is 1). A killed worker's lock lapses after `jobLockMs` and the job runs again.
 */
@Processor(QueueName.CarSync, { concurrency: 1, lockDuration: jobLockMs, stalledInterval: jobLockMs })
export class CarSyncProcessor extends WorkerHost {
  constructor(private readonly sync: CarSyncService) {
    super();
  }

  process(job: Job<CarSyncJobData>): Promise<SyncRunSummary> {
    return this.sync.run({
      jobId: job.id!,
      trigger: job.data.trigger === 'manual' ? SyncTrigger.Manual : SyncTrigger.Schedule,
      // Progress is a convenience for watchers: losing one update must not fail the run.
      onProgress: (progress) => job.updateProgress(progress).catch(() => undefined),
    });
  }
}
