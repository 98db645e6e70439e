import { AuctionDto } from './auction.dto';

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
