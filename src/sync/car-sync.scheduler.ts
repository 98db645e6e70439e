import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import { syncConfig } from '../config/sync.config';
import {
  CAR_SYNC_JOB_OPTIONS,
  CAR_SYNC_SCHEDULER_ID,
  CarSyncJobData,
  JobName,
  QueueName,
} from '../queue/queues';
import { keepRegistered } from '../queue/keep-registered';

/**
 * Registers the sync's schedule when the worker starts. Upserting by a stable id makes restarts
 * (and several workers) keep one schedule, and a changed `SYNC_INTERVAL_MS` replaces its interval;
 * it is registered again when Redis comes back after an outage.
 */
@Injectable()
export class CarSyncScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CarSyncScheduler.name);

  constructor(
    @InjectQueue(QueueName.CarSync) private readonly queue: Queue<CarSyncJobData>,
    @Inject(syncConfig.KEY) private readonly config: ConfigType<typeof syncConfig>,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return keepRegistered(this.queue, () => this.register(), this.logger);
  }

  private async register(): Promise<void> {
    // One sync at a time across every worker process.
    await this.queue.setGlobalConcurrency(1);
    await this.queue.upsertJobScheduler(
      CAR_SYNC_SCHEDULER_ID,
      { every: this.config.intervalMs },
      { name: JobName.SyncCars, data: { trigger: 'schedule' }, opts: CAR_SYNC_JOB_OPTIONS },
    );
    this.logger.log(`Car sync scheduled every ${this.config.intervalMs} ms`);
  }
}
