import { Injectable, OnModuleInit } from '@nestjs/common';
import { DependentCount, UserDependents, UserDependentsRegistry } from '../users/user-dependents';
import { AuctionStatus } from './auction.entity';
import { AuctionsRepository } from './auctions.repository';

/**
 * The auctions' records that hang on a user: other users' bids on the user's auctions, and the
 * user's leading bids on active auctions (their seller would lose the sale: an auction whose
 * leader is gone closes unsold). A bid locks its auction, so locking the user's auctions holds
 * off new bids on them.
 */
@Injectable()
export class AuctionsDependents implements UserDependents, OnModuleInit {
  readonly order = 1;

  constructor(
    private readonly auctions: AuctionsRepository,
    private readonly registry: UserDependentsRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  lockOwnedBy(userId: number): Promise<void> {
    return this.auctions.lockAuctionsOf(userId);
  }

  async countFor(userId: number): Promise<DependentCount[]> {
    const withBids = await this.auctions.countWithBidsOf(userId);
    const leads = await this.auctions.countLedBy(userId, AuctionStatus.Active);
    return [
      { count: withBids, one: "auction with other users' bids", many: "auctions with other users' bids" },
      { count: leads, one: 'leading bid on an active auction', many: 'leading bids on active auctions' },
    ];
  }
}
