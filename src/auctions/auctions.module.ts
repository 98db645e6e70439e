import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { producerQueue } from '../queue/queue-root.module';
import { QueueName } from '../queue/queues';
import { AuctionsGateway } from '../realtime/auctions.gateway';
import { Auction } from './auction.entity';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AuctionsController } from './auctions.controller';
import { AuctionsService } from './auctions.service';
import { Bid } from './bid.entity';
import { BidsController } from './bids.controller';
import { BidsService } from './bids.service';
import { UserAuctionsController } from './user-auctions.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Auction, Bid]), producerQueue(QueueName.AuctionClose), AuthModule],
  controllers: [AuctionsController, BidsController, UserAuctionsController],
  providers: [AuctionsService, BidsService, AuctionCloseScheduler, AuctionsGateway],
})
export class AuctionsModule {}
