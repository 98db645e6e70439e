import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import Redis from 'ioredis';
import { AuthUser } from '../common/auth-user';
import { channelOfDatabase, REDIS } from '../redis/redis.module';

/**
 * A live session as the guard found it: who calls, and their own record for `GET /auth/me`
 * (`Profile`: the users feature's record; the cache keeps it without reading it).
 */
export interface SignedIn<Profile = unknown> {
  user: AuthUser;
  profile: Profile;
}

interface Entry<Profile> extends SignedIn<Profile> {
  expiresAt: number;
}

/**
 * Told that sessions of `userId` may have ended or the user changed; `null` when it could be any
 * user (a message that names none, or the channel back after a loss, when messages may have been
 * missed).
 */
export type UserChangedListener = (userId: number | null) => void;

/** How long a session found live is trusted without asking the database again. */
export const SESSION_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Live sessions for a few seconds, so that a guarded request skips its database lookup.
 *
 * Whatever ends a session or changes a user calls `forgetUser` after its commit: this process drops
 * the user's entries before it answers, the other API processes when the message reaches them
 * through Redis pub/sub. The cache answers only while that channel is subscribed, so a process
 * that could miss a message reads the database instead; in a process without Redis (the seed
 * script) it never answers. Listeners (`onUserChanged`) hear the same signal, after the entries
 * are dropped, so that a lookup they make reads the database.
 */
@Injectable()
export class SessionCache<Profile = unknown> implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<number, Entry<Profile>>();
  private readonly listeners: UserChangedListener[] = [];
  private readonly channel: string;
  private subscriber?: Redis;
  private subscribed = false;
  /**
   * Moves on at every eviction, loss or gain of the channel: a lookup that saw it move while it
   * read the database may have read what a commit was replacing, so its result is not kept.
   */
  private generation = 0;

  constructor(@Optional() @Inject(REDIS) private readonly redis?: Redis) {
    this.channel = redis ? channelOfDatabase(redis, 'sessions-changed') : '';
  }

  onModuleInit(): void {
    if (!this.redis) return;
    // Its own connection (a subscribed one can send nothing else), subscribed anew after each
    // reconnect, by `subscribe`, so that the cache knows when it may answer again.
    const subscriber = this.redis.duplicate({
      autoResubscribe: false,
      connectionName: `session-cache:${process.pid}`,
    });
    subscriber.on('ready', () => void this.subscribe(subscriber));
    subscriber.on('close', () => this.stopAnswering());
    // ioredis reconnects by itself; `/api/health` reports Redis.
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, message: string) => this.drop(Number(message)));
    this.subscriber = subscriber;
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  /** Calls `listener` whenever a user's sessions may have ended, here or in another process. */
  onUserChanged(listener: UserChangedListener): void {
    this.listeners.push(listener);
  }

  /** The cached live session, if any. */
  get(sessionId: number): SignedIn<Profile> | undefined {
    if (!this.subscribed) return undefined;
    const entry = this.entries.get(sessionId);
    if (entry && entry.expiresAt > Date.now()) return entry;
    if (entry) this.entries.delete(sessionId);
    return undefined;
  }

  /** The cached session, or what `load` finds in the database, kept unless it may be stale. */
  async resolve(
    sessionId: number,
    load: () => Promise<SignedIn<Profile> | null>,
  ): Promise<SignedIn<Profile> | null> {
    const cached = this.get(sessionId);
    if (cached) return cached;
    const generation = this.generation;
    const found = await load();
    if (found && this.subscribed && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(sessionId, { ...found, expiresAt: Date.now() + SESSION_CACHE_TTL_MS });
    }
    return found;
  }

  /** Call after the commit that ended a session of the user or changed the user. */
  async forgetUser(userId: number): Promise<void> {
    this.drop(userId);
    // Without a connection to Redis the message cannot go out; the other processes stop answering
    // from their caches as soon as they lose theirs.
    if (this.redis?.status !== 'ready') return;
    await this.redis
      .publish(this.channel, String(userId))
      .catch((error: Error) => this.logger.warn(`Could not tell other processes: ${error.message}`));
  }

  private async subscribe(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(this.channel);
      this.generation++;
      this.subscribed = true;
      // Messages published while the channel was down were lost.
      this.notify(null);
    } catch {
      // The connection dropped again; its next `ready` subscribes again.
    }
  }

  private stopAnswering(): void {
    this.subscribed = false;
    this.generation++;
    this.entries.clear();
  }

  /** Drops the entries of one user, or all of them for a message that names none. */
  private drop(userId: number): void {
    this.generation++;
    if (!Number.isInteger(userId)) {
      this.entries.clear();
      return this.notify(null);
    }
    for (const [sessionId, entry] of this.entries) {
      if (entry.user.id === userId) this.entries.delete(sessionId);
    }
    this.notify(userId);
  }

  private notify(userId: number | null): void {
    for (const listener of this.listeners) {
      try {
        listener(userId);
      } catch (error) {
        // One listener's failure must neither stop the others nor the cache.
        this.logger.error(`A user-changed listener failed: ${(error as Error).message}`);
      }
    }
  }
}
