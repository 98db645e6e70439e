import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Redis from 'ioredis';
import { redisConfig } from '../config/redis.config';

/** Injection token of the shared ioredis client (rate limits, health, session cache). */
export const REDIS = Symbol('REDIS');

/**
 * A pub/sub channel name of this deployment. Pub/sub ignores the logical database, so the name
 * carries it: processes on another database of the same Redis server (another deployment, another
 * test file) share none of these messages, as they share none of the keys and queues.
 */
export const channelOfDatabase = (redis: Redis, name: string) => `${name}-db${redis.options.db ?? 0}`;

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [redisConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>) =>
        new Redis(config.url, {
          // Fail a command fast while Redis is away (the caller answers 503) instead of queueing
          // it for minutes; the client keeps reconnecting in the background.
          maxRetriesPerRequest: 1,
          commandTimeout: 2_000,
          connectTimeout: 2_000,
          lazyConnect: false,
        }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
