import { Logger } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { ChildProcess } from 'node:child_process';
import { freePort } from '../../test/support/global-setup';
import { testRedisUrl } from '../../test/support/redis';
import { waitFor } from '../../test/support/wait';
import { redisServerInstalled, startRedisServer } from '../redis/local-redis-server';
import { CATALOGUE_VERSION_KEY, CatalogueVersion } from './catalogue-version';

/** The options the API's shared client has (RedisModule), which the version's connection copies. */
const CLIENT_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: 1,
  commandTimeout: 2_000,
  connectTimeout: 2_000,
};

describe('CatalogueVersion on a real Redis', () => {
  const clients: Redis[] = [];
  const versions: CatalogueVersion[] = [];

  /** The version as one process has it, once its connection is up. */
  async function startVersion(url: string): Promise<CatalogueVersion> {
    const redis = new Redis(url, CLIENT_OPTIONS);
    redis.on('error', () => undefined);
    clients.push(redis);
    const version = new CatalogueVersion(redis);
    versions.push(version);
    version.onModuleInit();
    await waitFor('the version to be readable', async () => (await version.current()) !== null, {
      timeoutMs: 5_000,
      intervalMs: 20,
    });
    return version;
  }

  afterEach(async () => {
    await Promise.all(versions.splice(0).map((version) => version.onApplicationShutdown()));
    clients.splice(0).forEach((client) => client.disconnect());
    jest.restoreAllMocks();
  });

  describe('on the test Redis', () => {
    // The Jest worker's own logical database, as the e2e tests use.
    const url = testRedisUrl();
    let admin: Redis;

    beforeAll(() => (admin = new Redis(url)));
    afterAll(() => admin.disconnect());
    beforeEach(() => admin.del(CATALOGUE_VERSION_KEY));

    it('starts a Redis without a version at a random one, which every process reads; a move sets another', async () => {
      const api = await startVersion(url);
      const other = await startVersion(url);
      const first = await api.current();
      expect(first).toMatch(/^[0-9a-f]{16}$/);
      expect(await other.current()).toBe(first);
      expect(await admin.get(CATALOGUE_VERSION_KEY)).toBe(first);

      await other.move();
      const moved = await api.current();
      expect(moved).toMatch(/^[0-9a-f]{16}$/);
      expect(moved).not.toBe(first);
    });

    it('never hands out a version twice, also after Redis lost its data', async () => {
      const version = await startVersion(url);
      const seen = [await version.current()];
      for (let i = 0; i < 20; i++) {
        await version.move();
        seen.push(await version.current());
      }
      // The data gone (a Redis restarted without persistence): a random start, not a count from 0.
      await admin.flushdb();
      seen.push(await version.current());
      expect(seen.every((value) => typeof value === 'string')).toBe(true);
      expect(new Set(seen).size).toBe(seen.length);
    });
  });

  it('without Redis (the seed script) there is no version, and a move does nothing', async () => {
    const version = new CatalogueVersion();
    version.onModuleInit();
    expect(await version.current()).toBeNull();
    await expect(version.move()).resolves.toBeUndefined();
  });

  // Stops and restarts a Redis of its own, so it needs the redis-server binary.
  (redisServerInstalled() ? describe : describe.skip)('while Redis is unreachable', () => {
    let port: number;
    let server: ChildProcess;

    const stopServer = () =>
      new Promise<void>((resolve) => {
        server.once('exit', () => resolve());
        server.kill('SIGKILL');
      });

    beforeEach(async () => {
      port = await freePort();
      server = await startRedisServer(port);
    });
    afterEach(() => {
      if (server.exitCode === null) server.kill('SIGKILL');
    });

    it('a write still goes on; this process answers without a version until its move lands after Redis returns', async () => {
      const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const landed = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      const url = `redis://127.0.0.1:${port}`;
      const version = await startVersion(url);
      const before = await version.current();

      await stopServer();
      // Resolves without Redis: the write it follows has committed and answers.
      await version.move();
      await version.move();
      expect(await version.current()).toBeNull();
      expect(warned).toHaveBeenCalledTimes(1);

      // A new, empty Redis on the same port: the move owed is made there once the connection is back.
      server = await startRedisServer(port);
      const after = await waitFor('the version to be readable again', () => version.current(), {
        timeoutMs: 10_000,
        intervalMs: 50,
      });
      expect(after).not.toBe(before);
      // The retry logs once its SET has answered, which a read may see a moment before.
      await waitFor(
        'the owed move to be logged',
        () => landed.mock.calls.some(([message]) => /^The catalogue version moved/.test(String(message))),
        { timeoutMs: 10_000, intervalMs: 50 },
      );
    });
  });
});
