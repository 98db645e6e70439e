import { fromCents, IsMoney } from '../../common/money';
import { Bid } from '../bid.entity';

export class PlaceBidDto {
  /** At least the starting price for the first bid, then the current price plus the increment. */
  @IsMoney()
  amount!: number;
}

export class BidDto {
  id!: number;
  auctionId!: number;
  bidderId!: number | null;
  amount!: number;
  createdAt!: Date;
}

export function toBidDto({ id, auctionId, bidderId, amountCents, createdAt }: Bid): BidDto {
  return { id, auctionId, bidderId, amount: fromCents(amountCents), createdAt };
}
