import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { REDIS } from '../redis/redis.module';

/** The Redis key of the version, in the deployment's logical database. */
export const CATALOGUE_VERSION_KEY = 'catalogue-version';

/** A failed move is tried again after this, then twice as long each time, up to `RETRY_MAX_MS`. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

const VERSION_BYTES = 8;

/** A version's length: 16 hex digits. */
export const VERSION_LENGTH = VERSION_BYTES * 2;

/** Random, rather than counted: no version comes back after Redis lost its data, or part of it. */
const newVersion = () => randomBytes(VERSION_BYTES).toString('hex');

/**
 * The version of the catalogue (the `cars` table) in Redis, shared by every API process and
 * worker: what the catalogue's ETags name.
 *
 * Every write of the catalogue moves it after its commit (`move`) and awaits that before it answers
 * or goes on; a read takes it (`current`) before it reads the database. So a version never names
 * data older than itself, and once a write has answered, no process hands out the version from
 * before it. A process moves it also when it starts: a new release may bring a migration that
 * rewrote cars, or another shape of a car's JSON.
 *
 * A move that fails (Redis unreachable) is tried again in the background until it lands; meanwhile
 * this process answers without a version, while processes that still reach Redis hand out the old
 * one with the new data. Without Redis at all (the seed script) there is no version.
 */
@Injectable()
export class CatalogueVersion implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogueVersion.name);
  private client?: Redis;
  /** Whether the connection has been up once: before that, a move waits for it (the process starts). */
  private connected = false;
  /** Moves that failed, and how many of them a version set since has made good. */
  private failedMoves = 0;
  private settledMoves = 0;
  private retries = 0;
  private retryTimer?: NodeJS.Timeout;
  private retrying = false;

  constructor(@Optional() @Inject(REDIS) private readonly redis?: Redis) {}

  onModuleInit(): void {
    if (!this.redis) return;
    // A connection of its own, so that the reads of concurrent requests go out together.
    const client = this.redis.duplicate({
      enableAutoPipelining: true,
      connectionName: `catalogue-version:${process.pid}`,
    });
    client.on('ready', () => {
      this.connected = true;
      if (this.owed && !this.retrying) this.retryNow();
    });
    // ioredis reconnects by itself; `/api/health` reports Redis.
    client.on('error', () => undefined);
    this.client = client;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.move();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.retryTimer);
    if (this.owed && !(await this.set())) {
      this.logger.error(
        'The catalogue version could not be moved before exit: other processes may answer 304 ' +
          'for the data its last writes replaced until the catalogue changes again',
      );
    }
    this.client?.disconnect();
  }

  /** A commit's move has not landed yet. */
  private get owed(): boolean {
    return this.failedMoves > this.settledMoves;
  }

  /**
   * The current version, or null without one (Redis unreachable, or a move of this process still
   * owed): then readers answer from the database, without an ETag. One GET on the hot path.
   */
  async current(): Promise<string | null> {
    const client = this.client;
    if (client?.status !== 'ready' || this.owed) return null;
    try {
      return (await client.get(CATALOGUE_VERSION_KEY)) ?? (await this.begin(client));
    } catch {
      return null;
    }
  }

  /**
   * Call after the commit of a write to the catalogue (not inside its unit of work: another process
   * could read the new version before the data it names). Resolves once the version has moved, or
   * once a retry in the background is set up; never throws.
   */
  async move(): Promise<void> {
    if (!this.client) return;
    if (await this.set()) return;
    if (!this.owed) {
      this.logger.warn(
        'Could not move the catalogue version after a write (Redis unreachable); trying again in ' +
          'the background. Until it lands, other processes may answer 304 for the data it replaced',
      );
    }
    this.failedMoves++;
    this.scheduleRetry();
  }

  /** A version for a Redis without one (new, or emptied): random, unless another process set one first. */
  private async begin(client: Redis): Promise<string | null> {
    const replies = await client
      .multi()
      .set(CATALOGUE_VERSION_KEY, newVersion(), 'NX')
      .get(CATALOGUE_VERSION_KEY)
      .exec();
    const [error, version] = replies?.[1] ?? [];
    return error ? null : ((version as string | null) ?? null);
  }

  /** Sets a new version; false when that failed. Waits only for the first connection, not a lost one. */
  private async set(): Promise<boolean> {
    const client = this.client;
    if (!client || (this.connected && client.status !== 'ready')) return false;
    try {
      await client.set(CATALOGUE_VERSION_KEY, newVersion());
      return true;
    } catch {
      return false;
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.retrying) return;
    const delay = Math.min(RETRY_FIRST_MS * 2 ** this.retries, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => this.retryNow(), delay);
    this.retryTimer.unref();
  }

  private retryNow(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.retry();
  }

  /**
   * One new version for every move that failed so far: it is set after their commits. A move that
   * fails meanwhile needs one more.
   */
  private async retry(): Promise<void> {
    this.retrying = true;
    this.retries++;
    const covering = this.failedMoves;
    if (await this.set()) this.settledMoves = covering;
    this.retrying = false;
    if (this.owed) return this.scheduleRetry();
    this.logger.log(`The catalogue version moved, ${this.retries} retries after a write`);
    this.retries = 0;
  }
}
