import { JobsOptions } from 'bullmq';

/** Every queue and job name of the system, in one place (API producers and worker processors). */
export enum QueueName {
  CarSync = 'car-sync',
  AuctionClose = 'auction-close',
  RefreshTokenPrune = 'refresh-token-prune',
}

export enum JobName {
  SyncCars = 'sync-cars',
  CloseAuction = 'close-auction',
  CloseOverdueAuctions = 'close-overdue-auctions',
  PruneRefreshTokens = 'prune-refresh-tokens',
}

/** The id of the repeating schedule of the car sync: stable, so restarts update it, never add one. */
export const CAR_SYNC_SCHEDULER_ID = 'car-sync-schedule';

/** While a manual sync is queued or running, another manual trigger gets that job. */
export const CAR_SYNC_DEDUPLICATION_ID = 'car-sync-manual';

export interface CarSyncJobData {
  trigger: 'schedule' | 'manual';
  /** Unique per request, so a producer can tell its own job from a deduplicated one. */
  requestId?: string;
}

/**
 * A sync retries the external API itself and records a failed run; the job is not retried on top
 * (the next scheduled run comes soon). A worker that dies mid-run loses its lock, and BullMQ
 * hands the job to a worker again (stalled-job recovery). Finished jobs are kept a while so
 * their status can be read.
 */
export const CAR_SYNC_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 1000 },
};

export interface CloseAuctionJobData {
  /** The auction to close (absent on the periodic sweep of overdue auctions). */
  auctionId?: number;
}

/** The periodic sweep that closes auctions whose close job was lost (say, Redis was away). */
export const CLOSE_OVERDUE_SCHEDULER_ID = 'auction-close-overdue-sweep';
export const CLOSE_OVERDUE_EVERY_MS = 60_000;

/**
 * One delayed job per auction and end time (`auction-<id>-<endsAt ms>`): scheduling the same end
 * twice adds one job, and a moved end gets a job of its own. The processor closes only auctions
 * whose end has passed, so a job left for an old end time does nothing.
 */
export const closeAuctionJobId = (auctionId: number, endsAt: Date) =>
  `auction-${auctionId}-${endsAt.getTime()}`;

export const CLOSE_AUCTION_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The daily prune of dead refresh-token rows: its schedule's stable id and its period. */
export const REFRESH_TOKEN_PRUNE_SCHEDULER_ID = 'refresh-token-prune-schedule';
export const REFRESH_TOKEN_PRUNE_EVERY_MS = 24 * 3600 * 1000;

/** A failed prune is not retried: the next day's run deletes what this one left. */
export const REFRESH_TOKEN_PRUNE_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
