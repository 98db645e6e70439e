import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  CLOSE_AUCTION_JOB_OPTIONS,
  closeAuctionJobId,
  CloseAuctionJobData,
  JobName,
  QueueName,
} from '../queue/queues';

/** Puts (and moves) the delayed job that closes an auction at its end. */
@Injectable()
export class AuctionCloseScheduler {
  private readonly logger = new Logger(AuctionCloseScheduler.name);

  constructor(@InjectQueue(QueueName.AuctionClose) private readonly queue: Queue<CloseAuctionJobData>) {}

  /**
   * A job at `endsAt`; the job for the previous end, if given, is removed. Best effort: the auction
   * is already saved, and the worker closes overdue auctions at start and re-checks on every job.
   */
  async schedule(auctionId: number, endsAt: Date, previousEndsAt?: Date): Promise<void> {
    try {
      await this.queue.add(
        JobName.CloseAuction,
        { auctionId },
        {
          ...CLOSE_AUCTION_JOB_OPTIONS,
          jobId: closeAuctionJobId(auctionId, endsAt),
          delay: Math.max(endsAt.getTime() - Date.now(), 0),
        },
      );
      if (previousEndsAt && previousEndsAt.getTime() !== endsAt.getTime()) {
        await this.queue.remove(closeAuctionJobId(auctionId, previousEndsAt));
      }
    } catch (error) {
      this.logger.warn(`Could not schedule the close of auction ${auctionId}: ${(error as Error).message}`);
    }
  }
}
