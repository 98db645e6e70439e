import { AuctionDto } from '../../auctions/dto/auction.dto';
import { FavoriteDto } from '../../favorites/dto/favorite.dto';
import { ListingDto } from '../../marketplace/dto/listing.dto';
import { TransactionDto } from '../../marketplace/dto/transaction.dto';

export class DashboardListingsDto {
  active!: number;
  sold!: number;
  withdrawn!: number;
  /** The five newest. */
  recent!: ListingDto[];
}

export class DashboardMoneyDto {
  count!: number;
  /** Sum of the prices, exact to the cent. */
  total!: number;
  /** The five newest. */
  recent!: TransactionDto[];
}

export class DashboardFavoritesDto {
  count!: number;
  recent!: FavoriteDto[];
}

export class DashboardAuctionsDto {
  /** My auctions by status. */
  active!: number;
  sold!: number;
  closed!: number;
  cancelled!: number;
  /** Auctions I have bid on, that I lead now (active), and that I won. */
  biddingOn!: number;
  leading!: number;
  won!: number;
  /** My five newest auctions. */
  recent!: AuctionDto[];
}

export class DashboardDto {
  auctions!: DashboardAuctionsDto;
  listings!: DashboardListingsDto;
  sales!: DashboardMoneyDto;
  purchases!: DashboardMoneyDto;
  favorites!: DashboardFavoritesDto;
}
