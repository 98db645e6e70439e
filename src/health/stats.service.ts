import { Injectable } from '@nestjs/common';
import { AuctionsRepository } from '../auctions/auctions.repository';
import { CarsRepository } from '../cars/cars.repository';
import { MarketplaceRepository } from '../marketplace/marketplace.repository';
import { toSyncRunDto } from '../sync/dto/sync.dto';
import { SyncRepository } from '../sync/sync.repository';
import { UsersRepository } from '../users/users.repository';
import { StatsDto } from './dto/status.dto';

/** Row counts and the last sync run, each from the feature that holds them. */
@Injectable()
export class StatsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly cars: CarsRepository,
    private readonly marketplace: MarketplaceRepository,
    private readonly auctions: AuctionsRepository,
    private readonly sync: SyncRepository,
  ) {}

  async stats(): Promise<StatsDto> {
    const [users, cars, listings, auctions, bids, transactions, lastRun] = await Promise.all([
      this.users.count(),
      this.cars.countInCatalogue(),
      this.marketplace.countListings(),
      this.auctions.countAuctions(),
      this.auctions.countBids(),
      this.marketplace.countTransactions(),
      this.sync.lastRun(),
    ]);
    return {
      users,
      cars,
      listings,
      auctions,
      bids,
      transactions,
      lastSyncRun: lastRun ? toSyncRunDto(lastRun) : null,
    };
  }
}
