import { BullModule } from '@nestjs/bullmq';
import { ConfigType } from '@nestjs/config';
import { redisConfig } from '../config/redis.config';
import { QueueName } from './queues';

/**
 * The Redis connection options of BullMQ, from `REDIS_URL`. After an outage it tries to reconnect
 * every second at most (BullMQ's own backoff grows to 20 s), so queues recover soon after Redis does.
 */
export function bullConnection(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (attempt: number) => Math.min(200 * attempt, 1_000),
  };
}

/** BullMQ's shared configuration for the API (producer) and the worker (processors). */
export const QueueRootModule = BullModule.forRootAsync({
  inject: [redisConfig.KEY],
  useFactory: (config: ConfigType<typeof redisConfig>) => ({ connection: bullConnection(config.url) }),
});

/**
 * A queue the API produces to. Its connection fails fast while Redis is away, so a request
 * answers 503 at once instead of waiting for a reconnect.
 */
export const producerQueue = (name: QueueName) =>
  BullModule.registerQueueAsync({
    name,
    inject: [redisConfig.KEY],
    useFactory: (config: ConfigType<typeof redisConfig>) => ({
      connection: { ...bullConnection(config.url), enableOfflineQueue: false, connectTimeout: 2_000 },
    }),
  });
