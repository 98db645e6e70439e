import { fromCents, IsMoney } from '../../common/money';
import { bidderAlias } from '../bidder-privacy';
import { Bid } from '../bid.entity';

export class PlaceBidDto {
  /** At least the starting price for the first bid, then the current price plus the increment. */
  @IsMoney()
  amount!: number;
}

export class BidDto {
  id!: number;
  auctionId!: number;
  /**
   * Only for the bidder themself, the auction's seller and admins (null once the bidder's account
   * is gone); others see `bidderAlias`.
   */
  bidderId?: number | null;
  /** The bidder as everyone sees them: `bidder 1` is the auction's first bidder, and so on. */
  bidderAlias!: string;
  amount!: number;
  createdAt!: Date;
}

/** The bid, with its bidder's id only when `showBidder` (see `seesBidder`). */
export function toBidDto(
  { id, auctionId, bidderId, bidderNumber, amountCents, createdAt }: Bid,
  showBidder: boolean,
): BidDto {
  return {
    id,
    auctionId,
    ...(showBidder ? { bidderId } : {}),
    bidderAlias: bidderAlias(bidderNumber),
    amount: fromCents(amountCents),
    createdAt,
  };
}
