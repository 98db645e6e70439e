import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { keepRegistered } from '../queue/keep-registered';
import {
  JobName,
  QueueName,
  REFRESH_TOKEN_PRUNE_EVERY_MS,
  REFRESH_TOKEN_PRUNE_JOB_OPTIONS,
  REFRESH_TOKEN_PRUNE_SCHEDULER_ID,
} from '../queue/queues';

/**
 * Registers the daily prune of refresh tokens when the worker starts. Upserting by a stable id
 * makes restarts (and several workers) keep one schedule; it is registered again when Redis comes
 * back after an outage.
 */
@Injectable()
export class RefreshTokenPruneScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RefreshTokenPruneScheduler.name);

  constructor(@InjectQueue(QueueName.RefreshTokenPrune) private readonly queue: Queue) {}

  onApplicationBootstrap(): Promise<void> {
    return keepRegistered(this.queue, () => this.register(), this.logger);
  }

  private async register(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REFRESH_TOKEN_PRUNE_SCHEDULER_ID,
      { every: REFRESH_TOKEN_PRUNE_EVERY_MS },
      { name: JobName.PruneRefreshTokens, data: {}, opts: REFRESH_TOKEN_PRUNE_JOB_OPTIONS },
    );
  }
}
