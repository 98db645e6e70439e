import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MarketplaceRepository } from '../marketplace/marketplace.repository';
import { QueueName } from '../queue/queues';
import { AuctionCloseProcessor } from './auction-close.processor';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AuctionCloserService } from './auction-closer.service';
import { AuctionsRepository } from './auctions.repository';

/**
 * The worker's side of auctions: closing them at their end and telling the rooms (through
 * `AUCTION_EVENTS`, provided by the worker's global realtime module). The marketplace's
 * repository alone records the sales: its module would bring the API's users and their bootstrap.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.AuctionClose })],
  providers: [
    AuctionsRepository,
    MarketplaceRepository,
    AuctionCloserService,
    AuctionCloseScheduler,
    AuctionCloseProcessor,
  ],
})
export class AuctionsWorkerModule {}
