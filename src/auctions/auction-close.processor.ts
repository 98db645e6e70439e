import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import {
  CLOSE_OVERDUE_EVERY_MS,
  CLOSE_OVERDUE_SCHEDULER_ID,
  CloseAuctionJobData,
  JobName,
  QueueName,
} from '../queue/queues';
import { keepRegistered } from '../queue/keep-registered';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AuctionCloserService } from './auction-closer.service';

/**
 * Runs the delayed close jobs, and a sweep that closes auctions whose end passed without their job
 * (while no worker ran, or a job was lost): at start and every minute.
 */
@Processor(QueueName.AuctionClose, { concurrency: 5 })
export class AuctionCloseProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuctionCloseProcessor.name);

  constructor(
    private readonly closer: AuctionCloserService,
    private readonly scheduler: AuctionCloseScheduler,
    @InjectQueue(QueueName.AuctionClose) private readonly queue: Queue<CloseAuctionJobData>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.closeOverdue();
    await keepRegistered(
      this.queue,
      async () => {
        await this.queue.upsertJobScheduler(
          CLOSE_OVERDUE_SCHEDULER_ID,
          { every: CLOSE_OVERDUE_EVERY_MS },
          {
            name: JobName.CloseOverdueAuctions,
            data: {},
            opts: { removeOnComplete: true, removeOnFail: 100 },
          },
        );
      },
      this.logger,
    );
  }

  async process(job: Job<CloseAuctionJobData>): Promise<string> {
    const { auctionId } = job.data;
    if (job.name === JobName.CloseOverdueAuctions || auctionId === undefined) {
      return `closed ${await this.closeOverdue()}`;
    }
    const event = await this.closer.close(auctionId);
    if (event) return event.status;
    // Not closed: already closed, or its end moved later (soft close). Make sure the later end has its job.
    const end = await this.closer.activeEnd(auctionId);
    if (!end) return 'already closed';
    await this.scheduler.schedule(auctionId, end);
    return 'rescheduled';
  }

  private async closeOverdue(): Promise<number> {
    const overdue = await this.closer.overdue();
    for (const auctionId of overdue) await this.closer.close(auctionId);
    if (overdue.length > 0) this.logger.log(`Closed ${overdue.length} overdue auction(s)`);
    return overdue.length;
  }
}
