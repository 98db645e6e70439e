import { Injectable } from '@nestjs/common';
import { AuctionsService } from '../auctions/auctions.service';
import { FavoritesService } from '../favorites/favorites.service';
import { ListingsService } from '../marketplace/listings.service';
import { SalesService } from '../marketplace/sales.service';
import { DashboardDto } from './dto/dashboard.dto';

/** The signed-in user's overview, each part from the feature that holds it. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly auctions: AuctionsService,
    private readonly listings: ListingsService,
    private readonly sales: SalesService,
    private readonly favorites: FavoritesService,
  ) {}

  async forUser(userId: number): Promise<DashboardDto> {
    const [auctions, listings, { sales, purchases }, favorites] = await Promise.all([
      this.auctions.dashboardFor(userId),
      this.listings.dashboardFor(userId),
      this.sales.dashboardFor(userId),
      this.favorites.dashboardFor(userId),
    ]);
    return { auctions, listings, sales, purchases, favorites };
  }
}
