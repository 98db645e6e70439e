import { EntityManager } from 'typeorm';
import { TransactionsService } from '../../src/database/transactions.service';

/**
 * Units of work without a database, for unit tests of services over fake repositories: what those
 * tests check is that the calls meant to be one transaction do run inside one unit of work. Like
 * TransactionsService, a `run` inside a unit joins it rather than beginning another.
 *
 * Pass it where a TransactionsService is expected with `asService()`. The fake repositories keep
 * their rows themselves, so there is no entity manager: touching the one handed to a unit's work,
 * or `manager`, throws.
 */
export class FakeTransactions implements Pick<TransactionsService, 'run' | 'manager'> {
  /** How many units are open, the outermost one and those that joined it. */
  depth = 0;
  /** How many outermost units have begun. */
  units = 0;

  /**
   * @param begin called as each outermost unit begins; what it returns, if anything, is run when
   *   that unit fails, to undo what the unit wrote (a rollback).
   */
  constructor(private readonly begin?: () => (() => void) | void) {}

  get inUnit(): boolean {
    return this.depth > 0;
  }

  get manager(): EntityManager {
    throw new Error('FakeTransactions has no entity manager; the fake repositories keep their own rows');
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const rollback = this.depth === 0 ? this.beginUnit() : undefined;
    this.depth++;
    try {
      return await work(noManager);
    } catch (error) {
      rollback?.();
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** This fake, typed as the service it stands in for. */
  asService(): TransactionsService {
    return this as unknown as TransactionsService;
  }

  private beginUnit(): (() => void) | undefined {
    this.units++;
    return this.begin?.() ?? undefined;
  }
}

const noManager = new Proxy({} as EntityManager, {
  get() {
    throw new Error('FakeTransactions has no entity manager; the fake repositories keep their own rows');
  },
});
