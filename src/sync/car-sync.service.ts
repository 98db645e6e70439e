import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource, EntityManager, In } from 'typeorm';
import { Car, CarSource } from '../cars/car.entity';
import { findCarByKey } from '../cars/car-of-sale';
import { FIRST_CAR_YEAR, lastCarYear } from '../cars/dto/car-fields';
import { syncConfig } from '../config/sync.config';
import { asName, hasHiddenCharacter } from '../common/validation';
import { TransactionsService } from '../database/transactions.service';
import { CarApiClient, Page, SourceCar } from './car-api.client';
import { SyncLog } from './sync-log';
import { SyncRun, SyncRunStatus, SyncTrigger } from './sync-run.entity';
import { SyncSeen } from './sync-seen.entity';
import { SyncState } from './sync-state.entity';

/** A run's record as jobs and the API report it. */
export interface SyncRunSummary {
  runId: number;
  fullPass: boolean;
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  removed: number;
}

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

type Counters = Pick<SyncRunSummary, 'inserted' | 'updated' | 'unchanged' | 'failed'>;

/** A source record, checked and normalized for the catalogue. */
interface Incoming {
  externalId: string;
  make: string;
  model: string;
  year: number;
  category: string | null;
  updatedAt: string;
}

const STATE_ID = 1;
const INSERT_CHUNK = 500;
const keyOf = (car: { make: string; model: string; year: number }) =>
  `${car.make.toLowerCase()}\u0000${car.model.toLowerCase()}\u0000${car.year}`;
const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim().length > 0 && value.trim().length <= max ? value.trim() : null;
/** A name as the API stores one, or null when the API would refuse it (no look-alike names). */
const name = (value: unknown, max: number) => {
  const stored = typeof value === 'string' ? asName(value) : '';
  return stored.length > 0 && stored.length <= max && !hasHiddenCharacter(stored) ? stored : null;
};

/** Positional parameter markers of the data source's driver: `?` (SQLite) or `$1, $2, …` (PostgreSQL). */
function markers(manager: EntityManager): () => string {
  let n = 0;
  return manager.connection.options.type === 'postgres' ? () => `$${++n}` : () => '?';
}

/**
 * Multi-row INSERTs in chunks, written directly: TypeORM's insert builder spends more time on its
 * parameters than SQLite spends on the rows. Timestamps come from the columns' defaults.
 */
async function insertRows(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  ignoreConflicts = false,
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const next = markers(manager);
    const values = chunk.map((row) => `(${row.map(next).join(', ')})`).join(', ');
    await manager.query(
      `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES ${values}` +
        (ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''),
      chunk.flat(),
    );
  }
}

/** A source record in the catalogue's terms, or null when it cannot be stored. */
function normalize(record: SourceCar): Incoming | null {
  const make = name(record.Make, 64);
  const model = name(record.Model, 128);
  const year = record.Year;
  const validYear = Number.isInteger(year) && year >= FIRST_CAR_YEAR && year <= lastCarYear();
  const externalId = text(record.objectId, 32);
  const updatedAt = typeof record.updatedAt === 'string' ? record.updatedAt : '';
  if (!make || !model || !validYear || !externalId || Number.isNaN(Date.parse(updatedAt))) return null;
  return { externalId, make, model, year, category: name(record.Category, 64), updatedAt };
}

/**
 * Keeps the catalogue in step with the external car API.
 *
 * Pages through the source in (updatedAt, objectId) order, one page in memory at a time, and
 * commits each page in one transaction together with the checkpoint: inserts new models, updates
 * changed ones, leaves unchanged ones unwritten. The checkpoint is the last committed `updatedAt`;
 * the next run asks for records at or after it (inclusive: records sharing that timestamp are
 * read again and change nothing). Within a run, records already read at the current timestamp
 * are skipped with `skip`, so ties across a page boundary are neither lost nor repeated.
 *
 * Every `SYNC_FULL_REFRESH_EVERY` runs (and the first), a full pass reads the whole source, notes
 * the ids it sees in `sync_seen`, and at the end marks synced cars it did not see as removed.
 */
@Injectable()
export class CarSyncService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionsService,
    private readonly api: CarApiClient,
    private readonly log: SyncLog,
    @Inject(syncConfig.KEY) private readonly config: ConfigType<typeof syncConfig>,
  ) {}

  async run({ jobId, trigger, onProgress, signal }: RunOptions): Promise<SyncRunSummary> {
    const { run, state } = await this.start(jobId, trigger);
    const summary: SyncProgress = {
      runId: run.id,
      fullPass: run.fullPass,
      fetched: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      removed: 0,
    };
    const logger = this.log.logger.child({ runId: run.id, jobId, trigger });
    logger.info({ fullPass: run.fullPass, since: state.cursorUpdatedAt }, 'sync started');
    const limit = this.config.pageSize;
    try {
      // Only a pass that may have to mark removals needs to remember what it saw.
      const trackSeen = run.fullPass && (await this.hasSyncedCars());
      let since = run.fullPass ? undefined : (state.cursorUpdatedAt ?? undefined);
      let skip = 0;
      let next: Promise<Page> | null = this.api.fetchPage({ limit, skip, since, count: true, signal });
      while (next) {
        const page: Page = await next;
        if (summary.total === undefined && page.count !== undefined) summary.total = page.count;
        if (page.results.length === 0) break;
        // The next request depends only on this page's last records: ask for it while this one
        // is written (one page in flight, one in hand).
        const last = page.results[page.results.length - 1].updatedAt;
        const atLast = page.results.filter((record) => record.updatedAt === last).length;
        skip = last === since ? skip + atLast : atLast;
        since = last;
        next = page.results.length < limit ? null : this.api.fetchPage({ limit, skip, since, signal });
        next?.catch(() => undefined); // awaited on the next turn; don't let a failure go unhandled meanwhile

        const counters = await this.transactions.run((manager) =>
          this.commitPage(manager, run.id, page.results, trackSeen),
        );
        summary.fetched += page.results.length;
        for (const key of ['inserted', 'updated', 'unchanged', 'failed'] as const)
          summary[key] += counters[key];
        logger.info({ page: page.results.length, ...counters }, 'page committed');
        await onProgress?.({ ...summary });
        signal?.throwIfAborted();
      }
      summary.removed = await this.finish(run, trackSeen);
      const { runId: _runId, ...outcome } = summary; // the logger carries the run id already
      logger.info(outcome, 'sync completed');
      return summary;
    } catch (error) {
      if (signal?.aborted) {
        const interrupted = new SyncInterruptedError();
        await this.fail(run.id, interrupted.message);
        logger.warn(summary, 'sync interrupted: the worker is stopping');
        throw interrupted;
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.fail(run.id, message);
      logger.error({ err: error, ...summary }, 'sync failed');
      throw error;
    }
  }

  /** Opens the run record; a run still marked running is from a worker that died (one sync runs at a time). */
  private start(jobId: string, trigger: SyncTrigger): Promise<{ run: SyncRun; state: SyncState }> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      await manager.update(
        SyncRun,
        { status: SyncRunStatus.Running },
        {
          status: SyncRunStatus.Failed,
          finishedAt: now,
          error: 'Interrupted: the worker stopped during the run',
        },
      );
      let state = await manager.findOneBy(SyncState, { id: STATE_ID });
      if (!state)
        state = await manager.save(manager.create(SyncState, { id: STATE_ID, cursorUpdatedAt: null }));
      const fullPass =
        state.cursorUpdatedAt === null || state.runsSinceFullPass >= this.config.fullRefreshEvery - 1;
      const run = await manager.save(
        manager.create(SyncRun, { jobId, trigger, status: SyncRunStatus.Running, fullPass, startedAt: now }),
      );
      return { run, state };
    });
  }

  private async hasSyncedCars(): Promise<boolean> {
    return this.dataSource.getRepository(Car).exists({ where: { source: CarSource.Sync } });
  }

  /** One page: upserts, seen ids, run counters and the checkpoint, all in the caller's transaction. */
  private async commitPage(
    manager: EntityManager,
    runId: number,
    records: SourceCar[],
    trackSeen: boolean,
  ): Promise<Counters> {
    const counters: Counters = { inserted: 0, updated: 0, unchanged: 0, failed: 0 };
    const incoming = new Map<string, Incoming>();
    for (const record of records) {
      const car = normalize(record);
      if (car) incoming.set(car.externalId, car);
      else counters.failed++;
    }
    await this.upsert(manager, [...incoming.values()], counters);

    if (trackSeen) {
      const ids = [
        ...new Set(records.map((record) => String(record.objectId)).filter((id) => id.length <= 32)),
      ];
      const rows = ids.map((externalId) => [runId, externalId]);
      await insertRows(manager, 'sync_seen', ['run_id', 'external_id'], rows, true);
    }

    await manager.increment(SyncRun, { id: runId }, 'fetched', records.length);
    for (const key of ['inserted', 'updated', 'unchanged', 'failed'] as const) {
      if (counters[key]) await manager.increment(SyncRun, { id: runId }, key, counters[key]);
    }
    // Only well-formed timestamps move the cursor (it never moves back, so a bad one would stick).
    const newest = records
      .map((record) => record.updatedAt)
      .filter((updatedAt) => typeof updatedAt === 'string' && !Number.isNaN(Date.parse(updatedAt)))
      .reduce((max, updatedAt) => (updatedAt > max ? updatedAt : max), '');
    if (newest) {
      await manager
        .createQueryBuilder()
        .update(SyncState)
        .set({ cursorUpdatedAt: newest })
        .where('id = :id AND (cursor_updated_at IS NULL OR cursor_updated_at < :newest)', {
          id: STATE_ID,
          newest,
        })
        .execute();
    }
    return counters;
  }

  /** Matches records to cars by external id, then by (make, model, year), and writes only differences. */
  private async upsert(manager: EntityManager, incoming: Incoming[], counters: Counters): Promise<void> {
    if (incoming.length === 0) return;
    const byExternalId = new Map(
      (await manager.findBy(Car, { externalId: In(incoming.map((car) => car.externalId)) })).map((car) => [
        car.externalId!,
        car,
      ]),
    );
    const unmatched = incoming.filter((car) => !byExternalId.has(car.externalId));
    const byKey = new Map((await this.findByKeys(manager, unmatched)).map((car) => [keyOf(car), car]));

    const toInsert: Incoming[] = [];
    const claimedKeys = new Set<string>();
    const now = new Date();
    for (const car of incoming) {
      const key = keyOf(car);
      const existing = byExternalId.get(car.externalId) ?? byKey.get(key);
      // Two source records for one model: the first keeps it, the other cannot be stored.
      // (A removed car may be taken over: the model came back at the source under a new id.)
      const heldByOther =
        existing?.externalId && existing.externalId !== car.externalId && !existing.removedAt;
      if (claimedKeys.has(key) || heldByOther) {
        counters.failed++;
        this.log.logger.warn({ externalId: car.externalId, key }, 'record collides with another car model');
        continue;
      }
      claimedKeys.add(key);
      if (!existing) {
        toInsert.push(car);
        continue;
      }
      const changes = this.changes(existing, car);
      if (!changes) {
        counters.unchanged++;
        continue;
      }
      if (keyOf(existing) !== key && (await findCarByKey(manager, car, existing.id))) {
        counters.failed++;
        this.log.logger.warn({ externalId: car.externalId, key }, 'renamed record collides with another car');
        continue;
      }
      await manager.update(Car, existing.id, { ...changes, updatedAt: now });
      counters.updated++;
    }

    await insertRows(
      manager,
      'cars',
      ['make', 'model', 'year', 'category', 'source', 'external_id'],
      toInsert.map((car) => [car.make, car.model, car.year, car.category, CarSource.Sync, car.externalId]),
    );
    counters.inserted += toInsert.length;
  }

  /** What must change on `car` to match the record (and be the sync's, and not removed), or null. */
  private changes(car: Car, record: Incoming): Partial<Car> | null {
    const next: Partial<Car> = {};
    if (car.make !== record.make) next.make = record.make;
    if (car.model !== record.model) next.model = record.model;
    if (car.year !== record.year) next.year = record.year;
    if (car.category !== record.category) next.category = record.category;
    if (car.source !== CarSource.Sync) next.source = CarSource.Sync;
    if (car.externalId !== record.externalId) next.externalId = record.externalId;
    if (car.removedAt) next.removedAt = null;
    return Object.keys(next).length > 0 ? next : null;
  }

  /**
   * Cars with the (make, model, year) of the given records. The keys are a VALUES table driving
   * the join (CROSS JOIN fixes that order on SQLite), so each key is one lookup in the unique
   * index, however large the catalogue.
   */
  private async findByKeys(manager: EntityManager, cars: Incoming[]): Promise<Car[]> {
    const ids: number[] = [];
    for (let i = 0; i < cars.length; i += INSERT_CHUNK) {
      const chunk = cars.slice(i, i + INSERT_CHUNK);
      const next = markers(manager);
      const keys = chunk.map(() => `(${next()}, ${next()}, CAST(${next()} AS integer))`).join(', ');
      const rows: { id: number }[] = await manager.query(
        `WITH wanted (m, o, y) AS (VALUES ${keys}) SELECT car.id AS id FROM wanted CROSS JOIN cars car ` +
          'WHERE LOWER(car.make) = LOWER(wanted.m) AND LOWER(car.model) = LOWER(wanted.o) AND car.year = wanted.y',
        chunk.flatMap((car) => [car.make, car.model, car.year]),
      );
      ids.push(...rows.map((row) => Number(row.id)));
    }
    return ids.length > 0 ? manager.findBy(Car, { id: In(ids) }) : [];
  }

  /** Closes the run: a full pass marks what it did not see as removed. Returns how many. */
  private finish(run: SyncRun, trackSeen: boolean): Promise<number> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      let removed = 0;
      if (trackSeen) {
        const result = await manager
          .createQueryBuilder()
          .update(Car)
          .set({ removedAt: now, updatedAt: now })
          .where(
            'source = :source AND removed_at IS NULL AND external_id IS NOT NULL AND NOT EXISTS ' +
              '(SELECT 1 FROM sync_seen seen WHERE seen.run_id = :runId AND seen.external_id = cars.external_id)',
            { source: CarSource.Sync, runId: run.id },
          )
          .execute();
        removed = result.affected ?? 0;
        await manager.delete(SyncSeen, { runId: run.id });
      }
      // error: null, in case a worker that took this job over meanwhile marked the run interrupted.
      await manager.update(SyncRun, run.id, {
        status: SyncRunStatus.Completed,
        finishedAt: now,
        removed,
        error: null,
      });
      if (run.fullPass) await manager.update(SyncState, STATE_ID, { runsSinceFullPass: 0 });
      else await manager.increment(SyncState, { id: STATE_ID }, 'runsSinceFullPass', 1);
      return removed;
    });
  }

  /** A failed run keeps every page it committed; only its unfinished bookkeeping goes. */
  private fail(runId: number, error: string): Promise<void> {
    return this.transactions.run(async (manager) => {
      await manager.update(SyncRun, runId, {
        status: SyncRunStatus.Failed,
        finishedAt: new Date(),
        error: error.slice(0, 1000),
      });
      await manager.delete(SyncSeen, { runId });
    });
  }
}
