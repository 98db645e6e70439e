import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { AppDataSource } from './app-data-source';

/**
 * Runs units of work in a database transaction: every write of the application goes through
 * here, by way of its feature's repository.
 *
 * TypeORM drives SQLite through a single connection, so two overlapping `transaction()` calls
 * would nest on it and fail ("cannot start a transaction within a transaction"). On SQLite the
 * units are therefore queued one after another; PostgreSQL has a pool and runs them side by side.
 *
 * A unit started inside another joins it, so a service can make several repositories' writes one
 * transaction (`run(async () => { await a.write(); await b.write(); })`), and the repositories
 * read through `manager`, which is the current unit's when there is one.
 */
@Injectable()
export class TransactionsService {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'sqlite';
  }

  /** The entity manager of the unit of work in progress, or the data source's outside one. */
  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  /**
   * Rows of a hand-written read: in the current unit of work when there is one, else as a prepared
   * statement (see `AppDataSource.queryPrepared`).
   */
  read<T>(sql: string, params: unknown[]): Promise<T[]> {
    const unit = this.current.getStore();
    if (unit) return unit.query(sql, params);
    return this.dataSource instanceof AppDataSource
      ? this.dataSource.queryPrepared<T>(sql, params)
      : this.dataSource.query(sql, params);
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.current.getStore();
    if (joined) return work(joined);
    const unit = () =>
      this.dataSource.transaction((manager) => this.current.run(manager, () => work(manager)));
    if (!this.serialize) return unit();
    const result = this.tail.then(unit);
    // The queue moves on whether this unit committed or failed.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
