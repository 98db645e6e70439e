import { Injectable } from '@nestjs/common';
import { paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { insertRows } from '../database/multi-row-insert';
import { TransactionsService } from '../database/transactions.service';
import { MAX_SYNC_ERROR_LENGTH } from './dto/sync.dto';
import { SyncRun, SyncRunStatus } from './sync-run.entity';
import { SyncSeen } from './sync-seen.entity';
import { SyncState } from './sync-state.entity';

/** The counters of a run, as `sync_runs` keeps them. */
export type RunCounters = Pick<SyncRun, 'fetched' | 'inserted' | 'updated' | 'unchanged' | 'failed'>;

const STATE_ID = 1;

/** Every database access of the sync's own tables: `sync_runs`, `sync_state` and `sync_seen`. */
@Injectable()
export class SyncRepository {
  constructor(private readonly transactions: TransactionsService) {}

  lastRun(): Promise<SyncRun | null> {
    return this.transactions.manager.findOne(SyncRun, { where: {}, order: { id: 'DESC' } });
  }

  /** The latest run of a job (a job runs again after a worker died). */
  lastRunOfJob(jobId: string): Promise<SyncRun | null> {
    return this.transactions.manager.findOne(SyncRun, { where: { jobId }, order: { id: 'DESC' } });
  }

  /** The run history, newest first. */
  listRuns(query: PaginationQueryDto): Promise<Paginated<SyncRun>> {
    const builder = this.transactions.manager.createQueryBuilder(SyncRun, 'run').orderBy('run.id', 'DESC');
    return paginate(builder, query);
  }

  /** Marks failed every run still marked running; returns nothing, whoever they were. */
  async failRunning(error: string, now: Date): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(
        SyncRun,
        { status: SyncRunStatus.Running },
        { status: SyncRunStatus.Failed, finishedAt: now, error },
      ),
    );
  }

  /** The checkpoint row, made on first use. */
  state(): Promise<SyncState> {
    return this.transactions.run(async (manager) => {
      const state = await manager.findOneBy(SyncState, { id: STATE_ID });
      return state ?? manager.save(manager.create(SyncState, { id: STATE_ID, cursorUpdatedAt: null }));
    });
  }

  createRun(run: Pick<SyncRun, 'jobId' | 'trigger' | 'fullPass' | 'startedAt'>): Promise<SyncRun> {
    return this.transactions.run((manager) =>
      manager.save(manager.create(SyncRun, { ...run, status: SyncRunStatus.Running })),
    );
  }

  /** Writes a run's counters as they stand (each page adds to them in memory first). */
  async saveCounters(runId: number, counters: RunCounters): Promise<void> {
    await this.transactions.run((manager) => manager.update(SyncRun, runId, counters));
  }

  /** Moves the checkpoint to `updatedAt` if that is later: it never moves back. */
  async advanceCursor(updatedAt: string): Promise<void> {
    await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(SyncState)
        .set({ cursorUpdatedAt: updatedAt })
        .where('id = :id AND (cursor_updated_at IS NULL OR cursor_updated_at < :updatedAt)', {
          id: STATE_ID,
          updatedAt,
        })
        .execute(),
    );
  }

  /** Notes the external ids a full pass saw (again: a page may repeat an id of the previous one). */
  async noteSeen(runId: number, externalIds: string[]): Promise<void> {
    const rows = externalIds.map((externalId) => [runId, externalId]);
    await this.transactions.run((manager) =>
      insertRows(manager, 'sync_seen', ['run_id', 'external_id'], rows, { ignoreConflicts: true }),
    );
  }

  async forgetSeen(runId: number): Promise<void> {
    await this.transactions.run((manager) => manager.delete(SyncSeen, { runId }));
  }

  /** Closes a run as completed. `error: null`, in case a worker that took its job over marked it interrupted. */
  async completeRun(runId: number, removed: number, now: Date): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(SyncRun, runId, {
        status: SyncRunStatus.Completed,
        finishedAt: now,
        removed,
        error: null,
      }),
    );
  }

  async failRun(runId: number, error: string, now: Date): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(SyncRun, runId, {
        status: SyncRunStatus.Failed,
        finishedAt: now,
        error: error.slice(0, MAX_SYNC_ERROR_LENGTH),
      }),
    );
  }

  /** Counts a completed run towards the next full pass, or starts the count again after one. */
  async countCompletedRun(fullPass: boolean): Promise<void> {
    await this.transactions.run((manager) =>
      fullPass
        ? manager.update(SyncState, STATE_ID, { runsSinceFullPass: 0 })
        : manager.increment(SyncState, { id: STATE_ID }, 'runsSinceFullPass', 1),
    );
  }
}
