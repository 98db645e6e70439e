import { BadRequestException } from '@nestjs/common';
import { fromCents } from '../common/money';
import { Auction } from './auction.entity';
import { minimumBidCents } from './dto/auction.dto';

/** What an offer is weighed against: the auction's bidding position (an `Auction` is one). */
export type BiddingPosition = Pick<
  Auction,
  | 'currentPriceCents'
  | 'bidCount'
  | 'leadingBidderId'
  | 'leadingMaxCents'
  | 'startingPriceCents'
  | 'minIncrementCents'
>;

/** A bidder's offer: a bid of `amountCents`, a maximum of `maxCents`, or both. */
export interface BidOfferCents {
  bidderId: number;
  amountCents?: number;
  maxCents?: number;
}

/** A bid to record, in order. */
export interface BidRecord {
  bidderId: number;
  amountCents: number;
  maxAmountCents: number | null;
  /** Placed by the platform for the bidder's maximum. */
  auto: boolean;
}

export interface BidResolution {
  /** The bids the offer leads to, in the order they were placed; one of them is the offer's own. */
  records: BidRecord[];
  /** The index of the offer's own bid in `records`. */
  own: number;
  priceCents: number;
  leaderId: number;
  leaderMaxCents: number;
}

const belowMinimum = (minimumCents: number) =>
  new BadRequestException(`The minimum bid is ${fromCents(minimumCents)}`);

/**
 * Weighs an offer against the auction's position, as eBay's proxy bidding does: the price is the
 * lowest amount that puts the highest maximum in the lead (one increment above the second-highest
 * maximum or bid, capped at the leader's maximum), and the earlier of equal maximums leads. The
 * platform's bids for a maximum are recorded with `auto`: the leader's maximum reached before they
 * lose the lead, and the leader's answer to an offer their maximum beats. A plain bid above the
 * minimum is a bid of exactly that amount. The caller has checked who may bid and when.
 */
export function resolveOffer(position: BiddingPosition, offer: BidOfferCents): BidResolution {
  const { amountCents, maxCents, bidderId } = offer;
  if (amountCents !== undefined && maxCents !== undefined && maxCents < amountCents) {
    throw new BadRequestException('maxAmount must be at least amount');
  }
  const top = maxCents ?? amountCents!;
  const minimum = minimumBidCents(position);
  const own = (cents: number): BidRecord => ({
    bidderId,
    amountCents: cents,
    maxAmountCents: maxCents ?? null,
    auto: false,
  });
  const { leadingBidderId: leaderId, currentPriceCents: priceCents } = position;
  const leaderMax = Math.max(position.leadingMaxCents ?? priceCents, priceCents);

  if (leaderId !== null && leaderId === bidderId) {
    // The leader raises the price, their maximum, or both; nobody else's position changes, so
    // the price moves only with their own bid (as on eBay: raising a maximum costs nothing).
    if (maxCents !== undefined && maxCents <= leaderMax) {
      throw new BadRequestException(
        `Your maximum is already ${fromCents(leaderMax)}: a new one must be higher`,
      );
    }
    if (amountCents !== undefined) {
      if (amountCents < minimum) throw belowMinimum(minimum);
      const records = [own(amountCents)];
      return { records, own: 0, priceCents: amountCents, leaderId, leaderMaxCents: Math.max(leaderMax, top) };
    }
    return { records: [own(priceCents)], own: 0, priceCents, leaderId, leaderMaxCents: top };
  }

  if ((amountCents ?? minimum) < minimum || top < minimum) throw belowMinimum(minimum);
  if (leaderId === null) {
    const price = amountCents ?? minimum;
    return { records: [own(price)], own: 0, priceCents: price, leaderId: bidderId, leaderMaxCents: top };
  }
  const auto = (cents: number): BidRecord => ({
    bidderId: leaderId,
    amountCents: cents,
    maxAmountCents: null,
    auto: true,
  });
  if (top > leaderMax) {
    // The offer takes the lead; the leader's maximum, if above the price, was bid for them first.
    const price = Math.max(amountCents ?? 0, Math.min(top, leaderMax + position.minIncrementCents));
    const records = leaderMax > priceCents ? [auto(leaderMax), own(price)] : [own(price)];
    return { records, own: records.length - 1, priceCents: price, leaderId: bidderId, leaderMaxCents: top };
  }
  // The leader's maximum holds (an equal one is later): the offer is bid in full, and answered.
  const price = Math.min(leaderMax, top + position.minIncrementCents);
  return { records: [own(top), auto(price)], own: 0, priceCents: price, leaderId, leaderMaxCents: leaderMax };
}
