import { ServiceUnavailableException } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

/**
 * Fixed-window counter in Redis, so every API process shares one budget per client.
 * One round trip: INCR, and PEXPIRE when the window opens; returns the count and the window's
 * remaining milliseconds.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    let hits: number;
    let pttl: number;
    try {
      [hits, pttl] = (await this.redis.eval(INCREMENT, 1, `throttle:${key}`, ttl)) as [number, number];
    } catch {
      // Without the counter the limit cannot be enforced: refuse rather than let brute force through.
      throw new ServiceUnavailableException('Rate limiter unavailable (Redis is down); try again shortly');
    }
    const timeToExpire = Math.max(Math.ceil(pttl / 1000), 0);
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }
}
