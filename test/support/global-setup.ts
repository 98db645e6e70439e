import { createServer } from 'node:net';
import { redisAnswers, redisServerInstalled, startRedisServer } from '../../src/redis/local-redis-server';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * One Redis for the run: a private memory-only redis-server on a free port when the binary is
 * installed, else the one at REDIS_URL. Test files then share it, each Jest worker on its own
 * logical database (see test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (redisServerInstalled()) {
    const port = await freePort();
    const server = await startRedisServer(port);
    (globalThis as { testRedis?: unknown }).testRedis = server;
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    return;
  }
  const url = process.env.REDIS_URL;
  if (url && (await redisAnswers(url))) return;
  throw new Error(
    'The tests need Redis: install redis-server (apt-get install redis-server, brew install redis) ' +
      'or set REDIS_URL to a Redis they may use.',
  );
}
