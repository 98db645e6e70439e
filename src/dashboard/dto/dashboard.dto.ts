import { DashboardAuctionsDto } from '../../auctions/dto/dashboard-auctions.dto';
import { DashboardFavoritesDto } from '../../favorites/dto/dashboard-favorites.dto';
import { DashboardListingsDto, DashboardMoneyDto } from '../../marketplace/dto/dashboard-marketplace.dto';

export class DashboardDto {
  auctions!: DashboardAuctionsDto;
  listings!: DashboardListingsDto;
  sales!: DashboardMoneyDto;
  purchases!: DashboardMoneyDto;
  favorites!: DashboardFavoritesDto;
}
