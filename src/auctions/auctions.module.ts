import { Module } from '@nestjs/common';
import { CarsModule } from '../cars/cars.module';
import { producerQueue } from '../queue/queue-root.module';
import { QueueName } from '../queue/queues';
import { UsersModule } from '../users/users.module';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AuctionsController } from './auctions.controller';
import { AuctionsDependents } from './auctions-dependents';
import { AuctionsRepository } from './auctions.repository';
import { AuctionsService } from './auctions.service';
import { BidsController } from './bids.controller';
import { BidsService } from './bids.service';
import { UserAuctionsController } from './user-auctions.controller';

/**
 * The API's side of auctions. Its events go out through `AUCTION_EVENTS`, provided by the
 * process's global realtime module.
 */
@Module({
  imports: [producerQueue(QueueName.AuctionClose), CarsModule, UsersModule],
  controllers: [AuctionsController, BidsController, UserAuctionsController],
  providers: [AuctionsRepository, AuctionsService, BidsService, AuctionCloseScheduler, AuctionsDependents],
  exports: [AuctionsRepository, AuctionsService, BidsService],
})
export class AuctionsModule {}
