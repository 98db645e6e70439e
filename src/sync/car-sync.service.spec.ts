import pino from 'pino';
import { FakeTransactions } from '../../test/support/fake-transactions';
import { Car, CarSource } from '../cars/car.entity';
import { CarsRepository, SyncedCarFields } from '../cars/cars.repository';
import { CatalogueVersion } from '../catalogue-version/catalogue-version';
import { SourceCar } from './car-api.client';
import { CarSyncService, SyncInterruptedError, SyncProgress } from './car-sync.service';
import { SourcePage, SourcePager } from './source-pager';
import { SyncLog } from './sync-log';
import { SyncRunRecorder } from './sync-run-recorder';
import { SyncRun, SyncRunStatus, SyncTrigger } from './sync-run.entity';
import { SyncState } from './sync-state.entity';
import { RunCounters, SyncRepository } from './sync.repository';

/** The tables the sync touches, in memory; a unit of work that fails leaves them as they were. */
class FakeDatabase {
  cars: Car[] = [];
  runs: SyncRun[] = [];
  state: SyncState | null = null;
  seen = new Set<string>();

  /** An outermost unit that fails puts the tables back as they were when it began. */
  readonly transactions = new FakeTransactions(() => {
    const before = structuredClone(this.tables());
    return () => Object.assign(this, before);
  });

  private tables() {
    return { cars: this.cars, runs: this.runs, state: this.state, seen: this.seen };
  }
}

/** The part of CarsRepository the sync uses, over the fake tables. */
class FakeCars implements Partial<CarsRepository> {
  private nextId = 1;
  constructor(private readonly db: FakeDatabase) {}

  hasSyncedCars = async () => this.db.cars.some((car) => car.source === CarSource.Sync);
  findByExternalIds = async (ids: string[]) => this.db.cars.filter((car) => ids.includes(car.externalId!));
  findByKeys = async (keys: Pick<Car, 'make' | 'model' | 'year'>[]) =>
    this.db.cars.filter((car) =>
      keys.some(
        (key) =>
          key.make.toLowerCase() === car.make.toLowerCase() &&
          key.model.toLowerCase() === car.model.toLowerCase() &&
          key.year === car.year,
      ),
    );
  insertSynced = (cars: SyncedCarFields[]) =>
    this.db.transactions.run(async () => {
      for (const fields of cars) {
        this.db.cars.push(
          Object.assign(new Car(), { id: this.nextId++, source: CarSource.Sync, removedAt: null, ...fields }),
        );
      }
    });
  updateSynced = (id: number, changes: Partial<Car>) =>
    this.db.transactions.run(async () => {
      Object.assign(
        this.db.cars.find((car) => car.id === id)!,
        changes,
      );
    });
  markUnseenSyncedRemoved = (runId: number, now: Date) =>
    this.db.transactions.run(async () => {
      const gone = this.db.cars.filter(
        (car) =>
          car.source === CarSource.Sync && !car.removedAt && !this.db.seen.has(`${runId}/${car.externalId}`),
      );
      for (const car of gone) car.removedAt = now;
      return gone.length;
    });
}

/** SyncRepository over the fake tables. */
class FakeSyncRepository implements Partial<SyncRepository> {
  constructor(private readonly db: FakeDatabase) {}

  failRunning = async (error: string, now: Date) => {
    for (const run of this.db.runs.filter((run) => run.status === SyncRunStatus.Running)) {
      Object.assign(run, { status: SyncRunStatus.Failed, finishedAt: now, error });
    }
  };
  state = async () =>
    (this.db.state ??= Object.assign(new SyncState(), {
      id: 1,
      cursorUpdatedAt: null,
      runsSinceFullPass: 0,
    }));
  createRun = async (fields: Pick<SyncRun, 'jobId' | 'trigger' | 'fullPass' | 'startedAt'>) => {
    const run = Object.assign(new SyncRun(), {
      ...fields,
      id: this.db.runs.length + 1,
      status: SyncRunStatus.Running,
      finishedAt: null,
      fetched: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      removed: 0,
      error: null,
    });
    this.db.runs.push(run);
    return run;
  };
  saveCounters = async (runId: number, counters: RunCounters) => {
    Object.assign(this.run(runId), counters);
  };
  advanceCursor = async (updatedAt: string) => {
    const state = this.db.state!;
    if (state.cursorUpdatedAt === null || state.cursorUpdatedAt < updatedAt)
      state.cursorUpdatedAt = updatedAt;
  };
  noteSeen = async (runId: number, ids: string[]) => {
    for (const id of ids) this.db.seen.add(`${runId}/${id}`);
  };
  forgetSeen = async (runId: number) => {
    for (const entry of [...this.db.seen]) if (entry.startsWith(`${runId}/`)) this.db.seen.delete(entry);
  };
  completeRun = async (runId: number, removed: number, now: Date) => {
    Object.assign(this.run(runId), {
      status: SyncRunStatus.Completed,
      finishedAt: now,
      removed,
      error: null,
    });
  };
  failRun = async (runId: number, error: string, now: Date) => {
    Object.assign(this.run(runId), { status: SyncRunStatus.Failed, finishedAt: now, error });
  };
  countCompletedRun = async (fullPass: boolean) => {
    this.db.state!.runsSinceFullPass = fullPass ? 0 : this.db.state!.runsSinceFullPass + 1;
  };

  private run(id: number): SyncRun {
    return this.db.runs.find((run) => run.id === id)!;
  }
}

/** The catalogue version's moves, each noted with whether a unit of work was still open (it must not be). */
class FakeVersion implements Partial<CatalogueVersion> {
  readonly movesInUnit: boolean[] = [];
  constructor(private readonly db: FakeDatabase) {}

  move = async () => void this.movesInUnit.push(this.db.transactions.inUnit);
}

/** A source that answers the given pages, and can fail or have its run aborted at a page. */
class FakeSource implements Partial<SourcePager> {
  requests: (string | undefined)[] = [];
  constructor(
    private readonly answer: SourceCar[][],
    private readonly at: { fail?: number; abort?: { page: number; controller: AbortController } } = {},
  ) {}

  async *pages(since: string | undefined): AsyncGenerator<SourcePage> {
    this.requests.push(since);
    for (const [index, records] of this.answer.entries()) {
      if (index === this.at.fail) throw new Error('Car API failed 3 times; last: HTTP 500');
      if (index === this.at.abort?.page) this.at.abort.controller.abort();
      yield { records, total: index === 0 ? this.answer.flat().length : undefined };
    }
  }
}

let seconds = 0;
const record = (make: string, model: string, fields: Partial<SourceCar> = {}): SourceCar => {
  const updatedAt = new Date(Date.UTC(2024, 0, 1, 0, 0, ++seconds)).toISOString();
  return {
    objectId: `${make}-${model}`,
    Make: make,
    Model: model,
    Year: 2020,
    createdAt: updatedAt,
    updatedAt,
    ...fields,
  };
};

describe('CarSyncService', () => {
  let db: FakeDatabase;
  let version: FakeVersion;
  const silentLog = { logger: pino({ level: 'silent' }) } as SyncLog;

  function service(source: FakeSource, fullRefreshEvery = 3): CarSyncService {
    const transactions = db.transactions.asService();
    const runs = new FakeSyncRepository(db) as unknown as SyncRepository;
    const config = { fullRefreshEvery } as ConstructorParameters<typeof SyncRunRecorder>[2];
    return new CarSyncService(
      new FakeCars(db) as unknown as CarsRepository,
      new SyncRunRecorder(runs, transactions, config),
      source as unknown as SourcePager,
      transactions,
      silentLog,
      version as unknown as CatalogueVersion,
    );
  }

  const run = (
    source: FakeSource,
    options: { signal?: AbortSignal; onProgress?: (p: SyncProgress) => void } = {},
  ) => service(source).run({ jobId: 'job-1', trigger: SyncTrigger.Manual, ...options });

  beforeEach(() => {
    db = new FakeDatabase();
    version = new FakeVersion(db);
  });

  it('applies each page and counts it once: in the summary, in the run record and in its progress', async () => {
    const progress: SyncProgress[] = [];
    const pages = [
      [record('Toyota', 'Corolla'), record('Honda', 'Civic')],
      [record('Mazda', 'MX-5'), record('Bad', '', { Year: 1 })],
    ];
    const summary = await run(new FakeSource(pages), { onProgress: (p) => void progress.push(p) });

    const counters = { fetched: 4, inserted: 3, updated: 0, unchanged: 0, failed: 1, removed: 0 };
    expect(summary).toMatchObject({ runId: 1, fullPass: true, total: 4, ...counters });
    expect(db.runs[0]).toMatchObject({ status: SyncRunStatus.Completed, error: null, ...counters });
    expect(progress.map((p) => [p.fetched, p.inserted, p.failed])).toEqual([
      [2, 2, 0],
      [4, 3, 1],
    ]);
    expect(db.cars.map((car) => car.model)).toEqual(['Corolla', 'Civic', 'MX-5']);
    expect(db.state).toMatchObject({ cursorUpdatedAt: pages[1][1].updatedAt, runsSinceFullPass: 0 });
  });

  it('reads from the checkpoint after a full pass, and writes nothing for records that did not change', async () => {
    const first = [record('Toyota', 'Corolla'), record('Honda', 'Civic')];
    await run(new FakeSource([first]));
    const changed = { ...first[1], Model: 'Civic Type R', updatedAt: record('x', 'y').updatedAt };

    const source = new FakeSource([[first[1], changed]]);
    const summary = await run(source);
    expect(source.requests).toEqual([first[1].updatedAt]);
    // Both records carry Civic's id: the page's last one is the one stored.
    expect(summary).toMatchObject({ fullPass: false, fetched: 2, updated: 1, unchanged: 0, inserted: 0 });
    expect(db.cars.map((car) => car.model)).toEqual(['Corolla', 'Civic Type R']);
    expect(db.state!.runsSinceFullPass).toBe(1);
  });

  it('marks removed, on a full pass, the synced cars the source no longer has', async () => {
    const [kept, gone] = [record('Toyota', 'Corolla'), record('Honda', 'Civic')];
    await run(new FakeSource([[kept, gone]]));
    for (const _ of [2, 3]) await run(new FakeSource([[kept]])); // a full pass every 3 runs
    expect(db.cars.every((car) => car.removedAt === null)).toBe(true);

    const summary = await run(new FakeSource([[kept]]));
    expect(summary).toMatchObject({ fullPass: true, removed: 1 });
    expect(db.cars.find((car) => car.externalId === gone.objectId)!.removedAt).toBeInstanceOf(Date);
    expect(db.seen.size).toBe(0);
  });

  it('moves the catalogue version after each committed page that wrote cars, and after removals', async () => {
    const [kept, gone] = [record('Toyota', 'Corolla'), record('Honda', 'Civic')];
    await run(new FakeSource([[kept], [gone]]));
    expect(version.movesInUnit).toEqual([false, false]);

    // Pages that change nothing leave the version, and every client's copy, as they were.
    for (const _ of [2, 3]) await run(new FakeSource([[kept]]));
    expect(version.movesInUnit).toHaveLength(2);

    const summary = await run(new FakeSource([[kept]]));
    expect(summary).toMatchObject({ fullPass: true, unchanged: 1, removed: 1 });
    expect(version.movesInUnit).toEqual([false, false, false]);
  });

  it('stopped by its signal: keeps the pages committed, fails the run and hands the job back', async () => {
    const controller = new AbortController();
    const pages = [[record('Toyota', 'Corolla')], [record('Honda', 'Civic')], [record('Mazda', 'MX-5')]];
    const source = new FakeSource(pages, { abort: { page: 1, controller } });

    await expect(run(source, { signal: controller.signal })).rejects.toBeInstanceOf(SyncInterruptedError);
    expect(db.cars.map((car) => car.model)).toEqual(['Corolla', 'Civic']);
    expect(db.runs[0]).toMatchObject({ status: SyncRunStatus.Failed, fetched: 2, inserted: 2 });
    expect(db.runs[0].error).toMatch(/^Interrupted/);
    expect(db.state!.cursorUpdatedAt).toBe(pages[1][0].updatedAt);
    expect(db.seen.size).toBe(0);

    // The next run (the job again) resumes from the checkpoint and completes the catalogue.
    const resumed = new FakeSource([[pages[1][0], pages[2][0]]]);
    expect(await run(resumed)).toMatchObject({ unchanged: 1, inserted: 1 });
    expect(resumed.requests).toEqual([pages[1][0].updatedAt]);
    expect(db.cars).toHaveLength(3);
  });

  it('a source that keeps failing fails the run with its reason, keeping the pages before', async () => {
    const source = new FakeSource([[record('Toyota', 'Corolla')], [record('Honda', 'Civic')]], { fail: 1 });
    await expect(run(source)).rejects.toThrow('HTTP 500');
    expect(db.runs[0]).toMatchObject({
      status: SyncRunStatus.Failed,
      fetched: 1,
      error: expect.stringMatching(/HTTP 500/),
    });
    expect(db.cars).toHaveLength(1);
  });

  it('a run left running by a worker that died is marked failed when the next one opens', async () => {
    db.runs.push(Object.assign(new SyncRun(), { id: 1, status: SyncRunStatus.Running, error: null }));
    await run(new FakeSource([[record('Toyota', 'Corolla')]]));
    expect(db.runs[0]).toMatchObject({
      status: SyncRunStatus.Failed,
      error: expect.stringMatching(/^Interrupted/),
    });
    expect(db.runs[1]).toMatchObject({ status: SyncRunStatus.Completed });
  });
});
