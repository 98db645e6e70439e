import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { syncConfig } from '../config/sync.config';
import { TransactionsService } from '../database/transactions.service';
import { SyncTrigger } from './sync-run.entity';
import { RunCounters, SyncRepository } from './sync.repository';

/** A run's record as jobs and the API report it. */
export interface SyncRunSummary extends RunCounters {
  runId: number;
  fullPass: boolean;
  removed: number;
}

/** What one page brought: records read, and what became of them. */
export type PageCounts = RunCounters;

/** An opened run, and where it reads the source from. */
export interface OpenedRun {
  summary: SyncRunSummary;
  /** The checkpoint: the source `updatedAt` the run reads from (null: the whole source). */
  since: string | null;
}

const COUNTERS = ['fetched', 'inserted', 'updated', 'unchanged', 'failed'] as const;

/**
 * The sync's bookkeeping: the run records (`sync_runs`), the checkpoint and the full-pass count
 * (`sync_state`), and the ids a full pass saw (`sync_seen`). A run's counters live in its summary;
 * each committed page writes them as they then stand.
 */
@Injectable()
export class SyncRunRecorder {
  constructor(
    private readonly runs: SyncRepository,
    private readonly transactions: TransactionsService,
    @Inject(syncConfig.KEY) private readonly config: ConfigType<typeof syncConfig>,
  ) {}

  /**
   * Opens the run record; a run still marked running is from a worker that died (one sync runs at
   * a time). Every `SYNC_FULL_REFRESH_EVERY` runs (and the first) is a full pass.
   */
  open(jobId: string, trigger: SyncTrigger): Promise<OpenedRun> {
    return this.transactions.run(async () => {
      const now = new Date();
      await this.runs.failRunning('Interrupted: the worker stopped during the run', now);
      const state = await this.runs.state();
      const fullPass =
        state.cursorUpdatedAt === null || state.runsSinceFullPass >= this.config.fullRefreshEvery - 1;
      const run = await this.runs.createRun({ jobId, trigger, fullPass, startedAt: now });
      const summary: SyncRunSummary = { runId: run.id, fullPass, ...zeroCounters(), removed: 0 };
      return { summary, since: state.cursorUpdatedAt };
    });
  }

  /** Notes the external ids a full pass saw, so that it can tell at its end what is gone. */
  noteSeen(runId: number, externalIds: string[]): Promise<void> {
    return this.runs.noteSeen(runId, externalIds);
  }

  /**
   * Adds a page to the run's counters and moves the checkpoint, in the caller's unit of work (the
   * page's own writes): returns the run's summary with the page counted.
   */
  async recordPage<T extends SyncRunSummary>(
    summary: T,
    page: PageCounts,
    checkpoint: string | null,
  ): Promise<T> {
    const next = { ...summary };
    for (const key of COUNTERS) next[key] += page[key];
    await this.runs.saveCounters(summary.runId, pickCounters(next));
    if (checkpoint) await this.runs.advanceCursor(checkpoint);
    return next;
  }

  /** Closes the run as completed, in the caller's unit of work (with a full pass's removals). */
  async complete(summary: SyncRunSummary, now: Date, { seenNoted }: { seenNoted: boolean }): Promise<void> {
    if (seenNoted) await this.runs.forgetSeen(summary.runId);
    await this.runs.completeRun(summary.runId, summary.removed, now);
    await this.runs.countCompletedRun(summary.fullPass);
  }

  /** A failed run keeps every page it committed; only its unfinished bookkeeping goes. */
  fail(runId: number, error: string): Promise<void> {
    return this.transactions.run(async () => {
      await this.runs.failRun(runId, error, new Date());
      await this.runs.forgetSeen(runId);
    });
  }
}

function zeroCounters(): RunCounters {
  return { fetched: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0 };
}

function pickCounters(summary: SyncRunSummary): RunCounters {
  const { fetched, inserted, updated, unchanged, failed } = summary;
  return { fetched, inserted, updated, unchanged, failed };
}
