import { Injectable } from '@nestjs/common';

/** How many records of one kind hang on a user, e.g. `{ count: 2, one: 'sale', many: 'sales' }`. */
export interface DependentCount {
  count: number;
  one: string;
  many: string;
}

/**
 * A feature's records of other users that hang on a user's records: deleting the user would
 * destroy or orphan them (other users' bids on the user's auctions, the user's sales...). The
 * features that hold such records register here, so that the users feature asks them without
 * importing them. Both methods run inside the deleting unit of work.
 */
export interface UserDependents {
  /** Where this feature's counts come in the refusal message: lower first. */
  readonly order: number;
  /**
   * PostgreSQL: locks the user's own rows that a racing writer locks before it adds a dependent
   * (a bid locks its auction, a purchase its listing), so it waits for the deletion or commits
   * before the counting. Nothing to do on SQLite, whose writers are serialized.
   */
  lockOwnedBy(userId: number): Promise<void>;
  countFor(userId: number): Promise<DependentCount[]>;
}

/** The features' `UserDependents`, registered in their `onModuleInit`. */
@Injectable()
export class UserDependentsRegistry {
  private readonly registered: UserDependents[] = [];

  register(dependents: UserDependents): void {
    this.registered.push(dependents);
    this.registered.sort((a, b) => a.order - b.order);
  }

  all(): readonly UserDependents[] {
    return this.registered;
  }
}
