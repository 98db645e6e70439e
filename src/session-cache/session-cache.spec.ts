import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { testRedisUrl } from '../../test/support/redis';
import { waitFor } from '../../test/support/wait';
import { Role } from '../common/roles';
import { SessionCache, SignedIn } from './session-cache';

/** A live session of `userId` as the database would return it. */
const signedIn = (sessionId: number, userId: number): SignedIn => ({
  user: { id: userId, role: Role.User, sessionId },
  profile: {
    id: userId,
    username: `user${userId}`,
    email: `user${userId}@example.com`,
    role: Role.User,
    displayName: null,
    phone: null,
    address: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  },
});

/** Pub/sub on a local Redis takes milliseconds: check often, give up after 3 s. */
const FAST = { timeoutMs: 3_000, intervalMs: 10 };

describe('SessionCache on a real Redis', () => {
  // The Jest worker's own logical database, as the e2e tests use.
  const url = testRedisUrl();
  const clients: Redis[] = [];
  const caches: SessionCache[] = [];

  /** A cache as one API process has it, answering once its channel is subscribed. */
  async function startCache(): Promise<SessionCache> {
    const redis = new Redis(url);
    clients.push(redis);
    const cache = new SessionCache(redis);
    caches.push(cache);
    cache.onModuleInit();
    await waitFor(
      'the cache to answer',
      async () => {
        await cache.resolve(1, async () => signedIn(1, 1));
        return cache.get(1) !== undefined;
      },
      FAST,
    );
    return cache;
  }

  /** `resolve` with a loader that counts its calls. */
  const loads = { count: 0 };
  const load = (sessionId: number, userId: number) => async () => {
    loads.count++;
    return signedIn(sessionId, userId);
  };

  beforeEach(() => (loads.count = 0));

  /** Cuts the pub/sub connections of this process's caches (those of this file), as a network drop would. */
  async function killSubscribers(): Promise<void> {
    const admin = clients[0];
    const list = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=session-cache:${process.pid} `))
      .map((line) => /\bid=(\d+)/.exec(line)![1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
  }

  afterAll(() => {
    caches.forEach((cache) => cache.onApplicationShutdown());
    clients.forEach((client) => client.disconnect());
  });

  it('reads a session once, then answers from memory', async () => {
    const cache = await startCache();
    await cache.resolve(10, load(10, 3));
    const again = await cache.resolve(10, load(10, 3));
    expect(loads.count).toBe(1);
    expect(again?.user).toEqual({ id: 3, role: Role.User, sessionId: 10 });
  });

  it('does not keep what the database did not find', async () => {
    const cache = await startCache();
    let calls = 0;
    const none = async () => (calls++, null);
    expect(await cache.resolve(11, none)).toBeNull();
    expect(await cache.resolve(11, none)).toBeNull();
    expect(calls).toBe(2);
  });

  it("forgets a user's sessions at once here and, through Redis, in the other processes", async () => {
    const [here, there] = [await startCache(), await startCache()];
    for (const cache of [here, there]) {
      await cache.resolve(20, load(20, 7));
      await cache.resolve(21, load(21, 7));
      await cache.resolve(22, load(22, 8));
    }
    await here.forgetUser(7);
    expect([here.get(20), here.get(21)]).toEqual([undefined, undefined]);
    await waitFor(
      'the other process to drop the entries',
      () => there.get(20) === undefined && there.get(21) === undefined,
      FAST,
    );
    expect(here.get(22)?.user.id).toBe(8);
    expect(there.get(22)?.user.id).toBe(8);
  });

  it("tells its listeners of a user's change made here, before forgetUser returns, and made in another process", async () => {
    const [here, there] = [await startCache(), await startCache()];
    const [heardHere, heardThere] = [[] as (number | null)[], [] as (number | null)[]];
    here.onUserChanged((userId) => heardHere.push(userId));
    there.onUserChanged((userId) => heardThere.push(userId));
    // A listener that reads the session then must not be answered from the dropped entry.
    here.onUserChanged(() => expect(here.get(23)).toBeUndefined());
    await here.resolve(23, load(23, 12));
    await here.forgetUser(12);
    // Told before forgetUser returns (its own message may echo back through Redis later: told again).
    expect(heardHere[0]).toBe(12);
    await waitFor('the other process to hear of the change', () => heardThere.includes(12), FAST);
    expect(new Set([...heardHere, ...heardThere])).toEqual(new Set([12]));
  });

  it('keeps telling the other listeners when one of them throws', async () => {
    const cache = await startCache();
    const heard: (number | null)[] = [];
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    let failed = false;
    cache.onUserChanged(() => {
      if (failed) return;
      failed = true;
      throw new Error('listener failed');
    });
    cache.onUserChanged((userId) => heard.push(userId));
    await cache.forgetUser(13);
    // Told at once, though the listener before it threw (and maybe again by its own echo).
    expect(heard[0]).toBe(13);
    expect(new Set(heard)).toEqual(new Set([13]));
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(/listener failed/));
    logged.mockRestore();
  });

  it('does not keep a lookup that an eviction overlapped: it may have read the replaced row', async () => {
    const cache = await startCache();
    let finish!: () => void;
    const slowLoad = () => new Promise<SignedIn>((resolve) => (finish = () => resolve(signedIn(30, 9))));
    const lookup = cache.resolve(30, slowLoad);
    await cache.forgetUser(9);
    finish();
    expect((await lookup)?.user.id).toBe(9);
    expect(cache.get(30)).toBeUndefined();
    await cache.resolve(30, load(30, 9));
    expect(loads.count).toBe(1);
    expect(cache.get(30)?.user.id).toBe(9);
  });

  it('empties and steps aside when its channel drops, and answers again once subscribed anew', async () => {
    const cache = await startCache();
    await cache.resolve(40, load(40, 5));
    expect(cache.get(40)).toBeDefined();
    await killSubscribers();
    await waitFor('the cache to empty', () => cache.get(40) === undefined, FAST);
    await waitFor(
      'the cache to answer again',
      async () => {
        await cache.resolve(40, load(40, 5));
        return cache.get(40) !== undefined;
      },
      FAST,
    );
    expect(loads.count).toBeGreaterThanOrEqual(2);
  });

  it('tells its listeners that any user may have changed (null) once its channel is back', async () => {
    const cache = await startCache();
    const heard: (number | null)[] = [];
    cache.onUserChanged((userId) => heard.push(userId));
    await killSubscribers();
    // Messages published while it was away are lost: its listeners must look at every user again.
    await waitFor('the listeners to hear null', () => heard.includes(null), FAST);
  });
});
