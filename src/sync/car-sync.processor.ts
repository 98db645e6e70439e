import { Processor, WorkerHost } from '@nestjs/bullmq';
import { FactoryProvider } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, WaitingError } from 'bullmq';
import { syncConfig } from '../config/sync.config';
import { CarSyncJobData, QueueName } from '../queue/queues';
import { CarSyncService, SyncInterruptedError, SyncRunSummary } from './car-sync.service';
import { SyncTrigger } from './sync-run.entity';

/**
 * Runs sync jobs in the worker, one at a time per worker (and one at a time overall: the queue's
 * global concurrency is 1). A killed worker's lock lapses after `jobLockMs` and the job runs again;
 * a stopping worker aborts the run (see GracefulWorkerShutdown) and puts the job back in the queue.
 *
 * Registered through `carSyncProcessorProvider`, which gives it its worker options.
 */
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

/**
 * The processor, with worker options from the injected configuration. @nestjs/bullmq takes a
 * processor's worker options only from its `@Processor` metadata, read when the application
 * initializes, after every provider is made; so the decorator is applied here, at bootstrap,
 * rather than at class definition, when the configuration is not loaded yet.
 */
export const carSyncProcessorProvider: FactoryProvider<CarSyncProcessor> = {
  provide: CarSyncProcessor,
  inject: [CarSyncService, syncConfig.KEY],
  useFactory: (sync: CarSyncService, config: ConfigType<typeof syncConfig>) => {
    const { jobLockMs } = config;
    Processor(QueueName.CarSync, { concurrency: 1, lockDuration: jobLockMs, stalledInterval: jobLockMs })(
      CarSyncProcessor,
    );
    return new CarSyncProcessor(sync);
  },
};
