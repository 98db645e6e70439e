import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, WaitingError } from 'bullmq';
import { syncConfig } from '../config/sync.config';
import { CarSyncJobData, QueueName } from '../queue/queues';
import { CarSyncService, SyncInterruptedError, SyncRunSummary } from './car-sync.service';
import { SyncTrigger } from './sync-run.entity';

const { jobLockMs } = syncConfig();

/**
 * Runs sync jobs in the worker, one at a time per worker (and one at a time overall: the queue's
 * global concurrency is 1). A killed worker's lock lapses after `jobLockMs` and the job runs again;
 * a stopping worker aborts the run (see GracefulWorkerShutdown) and puts the job back in the queue.
 */
@Processor(QueueName.CarSync, { concurrency: 1, lockDuration: jobLockMs, stalledInterval: jobLockMs })
export class CarSyncProcessor extends WorkerHost {
  constructor(private readonly sync: CarSyncService) {
    super();
  }

  async process(job: Job<CarSyncJobData>, token?: string, signal?: AbortSignal): Promise<SyncRunSummary> {
    try {
      return await this.sync.run({
        jobId: job.id!,
        trigger: job.data.trigger === 'manual' ? SyncTrigger.Manual : SyncTrigger.Schedule,
        // Progress is a convenience for watchers: losing one update must not fail the run.
        onProgress: (progress) => job.updateProgress(progress).catch(() => undefined),
        signal,
      });
    } catch (error) {
      if (!(error instanceof SyncInterruptedError)) throw error;
      // Back to waiting, for the next worker: it resumes from the committed checkpoint.
      await job.moveToWait(token);
      throw new WaitingError();
    }
  }
}
