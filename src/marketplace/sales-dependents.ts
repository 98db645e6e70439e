import { Injectable, OnModuleInit } from '@nestjs/common';
import { DependentCount, UserDependents, UserDependentsRegistry } from '../users/user-dependents';
import { MarketplaceRepository } from './marketplace.repository';

/**
 * The marketplace's records that hang on a user: their sales and purchases, which the other side
 * of each keeps. A purchase locks the listing it buys, so locking the user's listings holds off
 * new sales of them.
 */
@Injectable()
export class SalesDependents implements UserDependents, OnModuleInit {
  readonly order = 2;

  constructor(
    private readonly market: MarketplaceRepository,
    private readonly registry: UserDependentsRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  lockOwnedBy(userId: number): Promise<void> {
    return this.market.lockListingsOf(userId);
  }

  async countFor(userId: number): Promise<DependentCount[]> {
    const sales = await this.market.countTransactionsOf(userId, 'seller');
    const purchases = await this.market.countTransactionsOf(userId, 'buyer');
    return [
      { count: sales, one: 'sale', many: 'sales' },
      { count: purchases, one: 'purchase', many: 'purchases' },
    ];
  }
}
