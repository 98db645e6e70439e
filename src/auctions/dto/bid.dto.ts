import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ApiTimestamp } from '../../common/api-timestamp';
import { fromCents, IsMoney } from '../../common/money';
import { MAX_ID } from '../../common/pipes/parse-id.pipe';
import { bidderAlias } from '../bidder-privacy';
import { Bid } from '../bid.entity';

/** A bidder's number in an auction is a 32-bit integer, as ids are. */
export const MAX_BIDDER_ALIAS_LENGTH = bidderAlias(MAX_ID).length;

/** A bid: `amount`, `maxAmount` or both (at least one). */
export class PlaceBidDto {
  /** A bid of exactly this amount: at least the minimum bid (`minimumBid` of the auction). */
  @IsOptional()
  @IsMoney()
  amount?: number;

  /**
   * The most you will pay (proxy bidding): the platform bids for you, one increment at a time, up
   * to it. Never shown to anyone but you. With `amount`, at least `amount`.
   */
  @IsOptional()
  @IsMoney()
  maxAmount?: number;
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
  @ApiProperty({ maxLength: MAX_BIDDER_ALIAS_LENGTH })
  bidderAlias!: string;
  amount!: number;
  /** The maximum the bidder set with this bid: on their own bids only, and only on bids that set one. */
  maxAmount?: number;
  /** Placed by the platform for the bidder's maximum. */
  auto!: boolean;
  @ApiTimestamp()
  createdAt!: Date;
}

/** The answer to a bid. */
export class PlacedBidDto {
  bid!: BidDto;
  /** Whether the caller leads now: a maximum that is not enough to lead is accepted and answers false. */
  leading!: boolean;
  currentPrice!: number;
  /** The least the next bid must be. */
  minimumBid!: number;
}

/** What of a bid its viewer may see (see `seesBidder`; the maximum is the bidder's alone). */
export interface BidView {
  bidder: boolean;
  maximum: boolean;
}

export function toBidDto(
  { id, auctionId, bidderId, bidderNumber, amountCents, maxAmountCents, auto, createdAt }: Bid,
  view: BidView,
): BidDto {
  return {
    id,
    auctionId,
    ...(view.bidder ? { bidderId } : {}),
    bidderAlias: bidderAlias(bidderNumber),
    amount: fromCents(amountCents),
    ...(view.maximum && maxAmountCents !== null ? { maxAmount: fromCents(maxAmountCents) } : {}),
    auto,
    createdAt,
  };
}
