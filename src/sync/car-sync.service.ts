import { Injectable, Logger } from '@nestjs/common';
import { CarsRepository } from '../cars/cars.repository';
import { CatalogueVersion } from '../catalogue-version/catalogue-version';
import { TransactionsService } from '../database/transactions.service';
import { SourceCar } from './car-api.client';
import { keysToLookUp, matchPage, PagePlan, PreparedPage, preparePage } from './car-matcher';
import { SyncLog } from './sync-log';
import { PageCounts, SyncRunRecorder, SyncRunSummary } from './sync-run-recorder';
import { SyncTrigger } from './sync-run.entity';
import { checkpointOf, SourcePager } from './source-pager';

export type { SyncRunSummary } from './sync-run-recorder';

export interface SyncProgress extends SyncRunSummary {
  /** Records the source holds for this run's query (from its first page), when it said. */
  total?: number;
}

export interface RunOptions {
  jobId: string;
  trigger: SyncTrigger;
  onProgress?: (progress: SyncProgress) => Promise<void> | void;
  /** Stops the run at its next request or page (the worker is stopping); committed pages stay. */
  signal?: AbortSignal;
}

/** The run stopped because its signal was aborted; the caller hands the job back to the queue. */
export class SyncInterruptedError extends Error {
  constructor() {
    super('Interrupted: the worker stopped; the job went back to the queue');
  }
}

/**
 * Keeps the catalogue in step with the external car API.
 *
 * Reads the source page by page (see SourcePager) and commits each page in one transaction
 * together with the checkpoint: inserts new models, updates changed ones, leaves unchanged ones
 * unwritten (see matchPage). The checkpoint is the last committed `updatedAt`; the next run reads
 * from it.
 *
 * Every `SYNC_FULL_REFRESH_EVERY` runs (and the first), a full pass reads the whole source, notes
 * the ids it sees, and at the end marks synced cars it did not see as removed.
 *
 * Each commit that wrote cars moves the catalogue version before the run goes on, so API processes
 * answer the catalogue's ETags from the page on, not from the end of the run.
 */
@Injectable()
export class CarSyncService {
  /** The worker's own log (`docker compose logs worker`): each run's outcome, beside sync_cars.log's detail. */
  private readonly logger = new Logger(CarSyncService.name);

  constructor(
    private readonly cars: CarsRepository,
    private readonly recorder: SyncRunRecorder,
    private readonly source: SourcePager,
    private readonly transactions: TransactionsService,
    private readonly log: SyncLog,
    private readonly version: CatalogueVersion,
  ) {}

  async run({ jobId, trigger, onProgress, signal }: RunOptions): Promise<SyncRunSummary> {
    const { summary: opened, since } = await this.recorder.open(jobId, trigger);
    let progress: SyncProgress = opened;
    const logger = this.log.logger.child({ runId: opened.runId, jobId, trigger });
    logger.info({ fullPass: opened.fullPass, since }, 'sync started');
    try {
      // Only a pass that may have to mark removals needs to remember what it saw.
      const noteSeen = opened.fullPass && (await this.cars.hasSyncedCars());
      const from = opened.fullPass ? undefined : (since ?? undefined);
      for await (const page of this.source.pages(from, signal)) {
        if (progress.total === undefined && page.total !== undefined)
          progress = { ...progress, total: page.total };
        if (page.records.length === 0) break;
        const committed = await this.commitPage(progress, page.records, noteSeen);
        if (committed.counts.inserted + committed.counts.updated > 0) await this.version.move();
        progress = committed.progress;
        const { fetched: _fetched, ...outcome } = committed.counts;
        logger.info({ page: page.records.length, ...outcome }, 'page committed');
        await onProgress?.({ ...progress });
        signal?.throwIfAborted();
      }
      progress = { ...progress, removed: await this.finish(progress, noteSeen) };
      if (progress.removed > 0) await this.version.move();
      const { runId, ...outcome } = progress; // the logger carries the run id already
      logger.info(outcome, 'sync completed');
      this.logger.log(
        { runId, jobId, trigger, ...outcome },
        `Sync run ${runId} completed: ${outcome.fetched} fetched, ${outcome.inserted} inserted, ` +
          `${outcome.updated} updated, ${outcome.unchanged} unchanged, ${outcome.failed} failed, ` +
          `${outcome.removed} removed`,
      );
      return progress;
    } catch (error) {
      if (signal?.aborted) {
        const interrupted = new SyncInterruptedError();
        await this.recorder.fail(progress.runId, interrupted.message);
        logger.warn(progress, 'sync interrupted: the worker is stopping');
        this.logger.warn(
          { runId: progress.runId, jobId },
          `Sync run ${progress.runId} interrupted: ${interrupted.message}`,
        );
        throw interrupted;
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.recorder.fail(progress.runId, message);
      logger.error({ err: error, ...progress }, 'sync failed');
      this.logger.error(
        { runId: progress.runId, jobId, trigger },
        `Sync run ${progress.runId} failed: ${message}`,
      );
      throw error;
    }
  }

  /** One page in one unit of work: its cars, the ids it saw, the run's counters and the checkpoint. */
  private commitPage<T extends SyncRunSummary>(
    progress: T,
    records: SourceCar[],
    noteSeen: boolean,
  ): Promise<{ counts: PageCounts; progress: T }> {
    return this.transactions.run(async () => {
      const counts = await this.applyPage(progress.runId, records, noteSeen);
      return { counts, progress: await this.recorder.recordPage(progress, counts, checkpointOf(records)) };
    });
  }

  /** A page's writes to the catalogue, and the ids it saw; returns what became of its records. */
  private async applyPage(runId: number, records: SourceCar[], noteSeen: boolean): Promise<PageCounts> {
    const page = preparePage(records);
    const plan = await this.plan(page);
    const now = new Date();
    for (const { id, changes } of plan.updates) await this.cars.updateSynced(id, changes, now);
    await this.cars.insertSynced(plan.inserts);
    if (noteSeen) await this.recorder.noteSeen(runId, page.seen);
    return {
      fetched: records.length,
      inserted: plan.inserts.length,
      updated: plan.updates.length,
      unchanged: plan.unchanged,
      failed: plan.failed,
    };
  }

  /** Reads the cars the page's records may match, and decides what to write. */
  private async plan(page: PreparedPage): Promise<PagePlan> {
    const { incoming } = page;
    const byExternalId = await this.cars.findByExternalIds(incoming.map((car) => car.externalId));
    const byKey = await this.cars.findByKeys(keysToLookUp(incoming, byExternalId));
    const plan = matchPage(page, { byExternalId, byKey });
    for (const { externalId, key, renamed } of plan.collisions) {
      const message = renamed
        ? 'renamed record collides with another car'
        : 'record collides with another car model';
      this.log.logger.warn({ externalId, key }, message);
    }
    return plan;
  }

  /** Closes the run: a full pass marks what it did not see as removed. Returns how many. */
  private finish(summary: SyncRunSummary, seenNoted: boolean): Promise<number> {
    return this.transactions.run(async () => {
      const now = new Date();
      const removed = seenNoted ? await this.cars.markUnseenSyncedRemoved(summary.runId, now) : 0;
      await this.recorder.complete({ ...summary, removed }, now, { seenNoted });
      return removed;
    });
  }
}
