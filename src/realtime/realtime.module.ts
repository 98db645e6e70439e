import { Global, Logger, Module } from '@nestjs/common';
import { AUCTION_EVENTS } from '../auctions/auction-events.port';
import { AuctionsModule } from '../auctions/auctions.module';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { RoomAuctionEvents } from './auction-events';
import { AuctionsGateway } from './auctions.gateway';
import { AuctionsNamespace } from './auctions-namespace';
import { TypingRelay } from './typing-relay';

/**
 * The API's live auctions: the Socket.IO gateway, and the API's `AuctionEvents`, broadcast to the
 * rooms of the gateway's namespace. Global, so that the auctions feature gets its events port
 * without importing this module (which imports it).
 */
@Global()
@Module({
  imports: [AuthModule, AuctionsModule, UsersModule],
  providers: [
    AuctionsGateway,
    AuctionsNamespace,
    TypingRelay,
    {
      provide: AUCTION_EVENTS,
      inject: [AuctionsNamespace],
      useFactory: (namespace: AuctionsNamespace) =>
        new RoomAuctionEvents(() => namespace.get(), new Logger('AuctionEvents')),
    },
  ],
  exports: [AUCTION_EVENTS],
})
export class RealtimeModule {}
