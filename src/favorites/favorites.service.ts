import { Injectable, NotFoundException } from '@nestjs/common';
import { AuctionsRepository } from '../auctions/auctions.repository';
import { Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { TransactionsService } from '../database/transactions.service';
import { DASHBOARD_RECENT } from '../marketplace/dto/dashboard-marketplace.dto';
import { MarketplaceRepository } from '../marketplace/marketplace.repository';
import { DashboardFavoritesDto } from './dto/dashboard-favorites.dto';
import { FavoriteDto, FavoriteTarget, toFavoriteDto } from './dto/favorite.dto';
import { FavoritesRepository } from './favorites.repository';

/** What a user saved. Adding twice or removing what is not there is harmless (idempotent). */
@Injectable()
export class FavoritesService {
  constructor(
    private readonly favorites: FavoritesRepository,
    private readonly market: MarketplaceRepository,
    private readonly auctions: AuctionsRepository,
    private readonly transactions: TransactionsService,
  ) {}

  async list(userId: number, query: PaginationQueryDto): Promise<Paginated<FavoriteDto>> {
    const page = await this.favorites.listOf(userId, query);
    return { ...page, data: page.data.map(toFavoriteDto) };
  }

  /** Saves a listing or an auction (a second save keeps one); 404 when it does not exist. */
  async add(userId: number, target: FavoriteTarget): Promise<void> {
    await this.transactions.run(async () => {
      const exists =
        'listingId' in target
          ? await this.market.listingExists(target.listingId)
          : await this.auctions.exists(target.auctionId);
      if (!exists) throw new NotFoundException(`${'listingId' in target ? 'Listing' : 'Auction'} not found`);
      await this.favorites.add(userId, target);
    });
  }

  remove(userId: number, target: FavoriteTarget): Promise<void> {
    return this.favorites.remove(userId, target);
  }

  isFavorite(userId: number, target: FavoriteTarget): Promise<boolean> {
    return this.favorites.exists(userId, target);
  }

  /** How many favorites the user has and the newest of them, for their dashboard. */
  async dashboardFor(userId: number): Promise<DashboardFavoritesDto> {
    const [count, recent] = await Promise.all([
      this.favorites.countOf(userId),
      this.favorites.newestOf(userId, DASHBOARD_RECENT),
    ]);
    return { count, recent: recent.map(toFavoriteDto) };
  }
}
