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
   * is already saved; a lost job is made up for by the worker's sweep of overdue auctions (at start
   * and every minute), and each job re-checks the auction's end.
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

  /** Removes the close job of an auction that will not end by time (it was cancelled). */
  async unschedule(auctionId: number, endsAt: Date): Promise<void> {
    await this.queue.remove(closeAuctionJobId(auctionId, endsAt)).catch((error: Error) => {
      this.logger.warn(`Could not remove the close job of auction ${auctionId}: ${error.message}`);
    });
  }
}
