import { ApiProperty } from '@nestjs/swagger';
import { ListingDto } from './listing.dto';
import { TransactionDto } from './transaction.dto';

/** How many of the newest items a dashboard section shows. */
export const DASHBOARD_RECENT = 5;

export class DashboardListingsDto {
  active!: number;
  sold!: number;
  withdrawn!: number;
  /** The five newest. */
  @ApiProperty({ maxItems: DASHBOARD_RECENT })
  recent!: ListingDto[];
}

export class DashboardMoneyDto {
  count!: number;
  /** Sum of the prices, exact to the cent. */
  total!: number;
  /** The five newest. */
  @ApiProperty({ maxItems: DASHBOARD_RECENT })
  recent!: TransactionDto[];
}
