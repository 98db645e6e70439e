import Redis from 'ioredis';

/** This Jest worker's own logical database on the run's test Redis (see global-setup.ts). */
export function testRedisUrl(serverUrl = process.env.REDIS_URL!): string {
  const url = new URL(serverUrl);
  url.pathname = `/${Number(process.env.JEST_WORKER_ID ?? 1) % 16}`;
  return url.toString();
}

/**
 * This Jest worker's own logical database on the Redis at `serverUrl` (by default the run's test
 * Redis, see global-setup.ts), emptied: no counters, jobs or schedules of another test file. Test
 * files running in parallel each have their own.
 */
export async function freshRedisDatabase(serverUrl = process.env.REDIS_URL!): Promise<string> {
  const url = testRedisUrl(serverUrl);
  const redis = new Redis(url);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  return url;
}
