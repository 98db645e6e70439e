import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs units of work in a database transaction.
 *
 * TypeORM drives SQLite through a single connection, so two overlapping `transaction()` calls
 * would nest on it and fail ("cannot start a transaction within a transaction"). On SQLite the
 * units are therefore queued one after another; PostgreSQL has a pool and runs them side by side.
 * Every write of the application goes through here.
 */
@Injectable()
export class TransactionsService {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'sqlite';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    // The queue moves on whether this unit committed or failed.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
