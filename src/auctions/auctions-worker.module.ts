import { BullModule } from '@nestjs/bullmq';
import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import { redisConfig } from '../config/redis.config';
import { QueueName } from '../queue/queues';
import { eventsChannelPrefix } from '../realtime/auction-events';
import { AuctionCloseProcessor } from './auction-close.processor';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AUCTION_EVENTS_EMITTER, AuctionCloserService } from './auction-closer.service';

const EMITTER_REDIS = Symbol('EMITTER_REDIS');

/** The worker's side of auctions: closing them at their end and telling the rooms. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.AuctionClose })],
  providers: [
    {
      provide: EMITTER_REDIS,
      inject: [redisConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>) => new Redis(config.url),
    },
    {
      provide: AUCTION_EVENTS_EMITTER,
      inject: [EMITTER_REDIS],
      useFactory: (redis: Redis) => new Emitter(redis, { key: eventsChannelPrefix(redis) }),
    },
    AuctionCloserService,
    AuctionCloseScheduler,
    AuctionCloseProcessor,
  ],
})
export class AuctionsWorkerModule implements OnApplicationShutdown {
  constructor(@Inject(EMITTER_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
