import { Global, Module } from '@nestjs/common';
import { AUCTION_EVENTS } from '../auctions/auction-events.port';
import { AuctionsModule } from '../auctions/auctions.module';
import { AuthModule } from '../auth/auth.module';
import { AuctionsGateway } from './auctions.gateway';

/**
 * The API's live auctions: the Socket.IO gateway, which is also the API's `AuctionEvents`. Global,
 * so that the auctions feature gets its events port without importing this module (which
 * imports it).
 */
@Global()
@Module({
  imports: [AuthModule, AuctionsModule],
  providers: [AuctionsGateway, { provide: AUCTION_EVENTS, useExisting: AuctionsGateway }],
  exports: [AUCTION_EVENTS],
})
export class RealtimeModule {}
