import { ApiProperty } from '@nestjs/swagger';
import { DASHBOARD_RECENT } from '../../marketplace/dto/dashboard-marketplace.dto';
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
  @ApiProperty({ maxItems: DASHBOARD_RECENT })
  recent!: AuctionDto[];
}
