import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import { AUCTION_EVENTS } from '../auctions/auction-events.port';
import { redisConfig } from '../config/redis.config';
import { AUCTIONS_NAMESPACE, eventsChannelPrefix, RoomAuctionEvents } from './auction-events';

const EMITTER_REDIS = Symbol('EMITTER_REDIS');

/**
 * The worker's `AuctionEvents`: the Redis emitter publishes to the auctions' rooms, and the API
 * processes' adapters deliver to their sockets. Global, as the API's RealtimeModule is.
 */
@Global()
@Module({
  providers: [
    {
      provide: EMITTER_REDIS,
      inject: [redisConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>) => new Redis(config.url),
    },
    {
      provide: AUCTION_EVENTS,
      inject: [EMITTER_REDIS],
      useFactory: (redis: Redis) => {
        const rooms = new Emitter(redis, { key: eventsChannelPrefix(redis) }).of(AUCTIONS_NAMESPACE);
        return new RoomAuctionEvents(() => rooms, new Logger('AuctionEvents'));
      },
    },
  ],
  exports: [AUCTION_EVENTS],
})
export class RealtimeWorkerModule implements OnApplicationShutdown {
  constructor(@Inject(EMITTER_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
