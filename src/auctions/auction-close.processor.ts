import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import {
  CLOSE_AUCTION_JOB_OPTIONS,
  closeAuctionJobId,
  CloseAuctionJobData,
  JobName,
  QueueName,
} from '../queue/queues';
import { AuctionCloserService } from './auction-closer.service';

/** Runs the delayed close jobs; at start, closes the auctions whose end passed while nothing ran. */
@Processor(QueueName.AuctionClose, { concurrency: 5 })
export class AuctionCloseProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuctionCloseProcessor.name);

  constructor(
    private readonly closer: AuctionCloserService,
    @InjectQueue(QueueName.AuctionClose) private readonly queue: Queue<CloseAuctionJobData>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const overdue = await this.closer.overdue();
    for (const auctionId of overdue) await this.closer.close(auctionId);
    if (overdue.length > 0) this.logger.log(`Closed ${overdue.length} auction(s) that ended while stopped`);
  }

  async process(job: Job<CloseAuctionJobData>): Promise<string> {
    const { auctionId } = job.data;
    const event = await this.closer.close(auctionId);
    if (event) return event.status;
    // Not closed: already closed, or its end moved later (soft close). Make sure the later end has its job.
    const end = await this.closer.activeEnd(auctionId);
    if (end) {
      await this.queue.add(
        JobName.CloseAuction,
        { auctionId },
        {
          ...CLOSE_AUCTION_JOB_OPTIONS,
          jobId: closeAuctionJobId(auctionId, end),
          delay: Math.max(end.getTime() - Date.now(), 0),
        },
      );
      return 'rescheduled';
    }
    return 'already closed';
  }
}
