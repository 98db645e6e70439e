import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuthUser } from '../common/auth-user';
import { fromCents, toCents } from '../common/money';
import { Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { auctionConfig } from '../config/auction.config';
import { TransactionsService } from '../database/transactions.service';
import { Auction, AuctionStatus } from './auction.entity';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AUCTION_EVENTS, AuctionEvents } from './auction-events.port';
import { AuctionsRepository, BiddingState } from './auctions.repository';
import { Bid } from './bid.entity';
import { bidderAlias, seesBidder, Viewer } from './bidder-privacy';
import { minimumBidCents, reserveMet } from './dto/auction.dto';
import { BidOfferCents, resolveOffer } from './proxy-bidding';
import { BidDto, PlaceBidDto, PlacedBidDto, toBidDto } from './dto/bid.dto';

/** The bids an offer wrote, and the auction around them. */
interface PlacedBids {
  /** In the order they were placed; the last is the leader's. */
  bids: Bid[];
  /** The index of the bidder's own bid. */
  own: number;
  state: BiddingState;
  previousEndsAt: Date;
  /** The leader before the offer. */
  displaced: number | null;
}

/** A bid as watchers hear of it: never its maximum (the rooms hide the bidder's id where due). */
const eventBid = (bid: Bid) => toBidDto(bid, { bidder: true, maximum: false });

@Injectable()
export class BidsService {
  constructor(
    private readonly auctions: AuctionsRepository,
    private readonly transactions: TransactionsService,
    private readonly closer: AuctionCloseScheduler,
    @Inject(AUCTION_EVENTS) private readonly events: AuctionEvents,
    @Inject(auctionConfig.KEY) private readonly config: ConfigType<typeof auctionConfig>,
  ) {}

  /**
   * Places a bid: `amount`, `maxAmount` (proxy bidding, see `resolveOffer`) or both. A plain bid
   * that needs nothing more, as most do, is accepted by one conditional UPDATE of the auction
   * (`acceptPlainBid`). Any other is weighed against the auction with its row held until the
   * bids are written (`lockForBidding`). Either way concurrent bids are serialized by the
   * database, across API processes, on SQLite and PostgreSQL: none is lost, and the price always
   * follows the rules for the bids accepted. A bid in the last AUCTION_SOFT_CLOSE_MS moves the end
   * to now + AUCTION_SOFT_CLOSE_MS. Watchers hear of it once it is committed.
   */
  async place(bidder: AuthUser, auctionId: number, offer: PlaceBidDto): Promise<PlacedBidDto> {
    if (offer.amount === undefined && offer.maxAmount === undefined) {
      throw new BadRequestException('Send amount, maxAmount or both');
    }
    const cents: BidOfferCents = {
      bidderId: bidder.id,
      ...(offer.amount === undefined ? {} : { amountCents: toCents(offer.amount) }),
      ...(offer.maxAmount === undefined ? {} : { maxCents: toCents(offer.maxAmount) }),
    };
    const placed = await this.transactions.run(async () => {
      const now = new Date();
      const softEnd = new Date(now.getTime() + this.config.softCloseMs);
      if (cents.maxCents === undefined) {
        const offered = { auctionId, bidderId: bidder.id, amountCents: cents.amountCents!, now, softEnd };
        const plain = await this.auctions.acceptPlainBid(offered);
        if (plain) {
          const displaced = await this.auctions.leaderByBids(auctionId);
          const bid = await this.auctions.insertBid({ ...offered, maxAmountCents: null, auto: false });
          return { bids: [bid], own: 0, state: plain, previousEndsAt: plain.endsAt, displaced };
        }
      }
      return this.weigh(auctionId, cents, now, softEnd);
    });
    return this.announce(auctionId, placed);
  }

  /** An auction's bids: bidders' ids only for the viewer's own bids, or for its seller and admins. */
  async forAuction(viewer: Viewer, auctionId: number, query: PaginationQueryDto): Promise<Paginated<BidDto>> {
    const sellerId = await this.auctions.sellerOf(auctionId);
    if (sellerId === null) throw new NotFoundException(`Auction ${auctionId} not found`);
    const page = await this.auctions.listBids({ auctionId }, query);
    return {
      ...page,
      data: page.data.map((bid) =>
        toBidDto(bid, {
          bidder: seesBidder(viewer, sellerId, bid.bidderId),
          maximum: viewer.id === bid.bidderId,
        }),
      ),
    };
  }

  /** A bidder's bids, for the bidder themself or an admin (the caller checks); maximums for the bidder only. */
  async forBidder(viewer: Viewer, bidderId: number, query: PaginationQueryDto): Promise<Paginated<BidDto>> {
    const page = await this.auctions.listBids({ bidderId }, query);
    const view = { bidder: true, maximum: viewer.id === bidderId };
    return { ...page, data: page.data.map((bid) => toBidDto(bid, view)) };
  }

  /** A bid, for its bidder, the auction's seller and admins; 404 for anyone else. */
  async get(viewer: Viewer, id: number): Promise<BidDto> {
    const found = await this.auctions.findBid(id);
    if (!found || !seesBidder(viewer, found.sellerId, found.bid.bidderId)) {
      throw new NotFoundException(`Bid ${id} not found`);
    }
    return toBidDto(found.bid, { bidder: true, maximum: viewer.id === found.bid.bidderId });
  }

  /**
   * Weighs the offer against the auction, its row held until the bids are written: the checks of
   * who may bid and when, then the proxy rules (`resolveOffer`), whose bids are written in order.
   */
  private async weigh(
    auctionId: number,
    offer: BidOfferCents,
    now: Date,
    softEnd: Date,
  ): Promise<PlacedBids> {
    const auction = await this.auctions.lockForBidding(auctionId);
    this.assertFound(auction, auctionId);
    if (auction.sellerId === offer.bidderId) {
      throw new ForbiddenException('You cannot bid on your own auction');
    }
    this.assertOpen(auction, now);
    const resolution = resolveOffer(auction, offer);
    const endsAt = auction.endsAt < softEnd ? softEnd : auction.endsAt;
    const bidCount = auction.bidCount + resolution.records.length;
    await this.auctions.saveBidding(auctionId, {
      currentPriceCents: resolution.priceCents,
      bidCount,
      leadingBidderId: resolution.leaderId,
      leadingMaxCents: resolution.leaderMaxCents,
      endsAt,
    });
    const bids: Bid[] = [];
    for (const record of resolution.records)
      bids.push(await this.auctions.insertBid({ auctionId, ...record }));
    return {
      bids,
      own: resolution.own,
      state: { ...auction, currentPriceCents: resolution.priceCents, bidCount, endsAt },
      previousEndsAt: auction.endsAt,
      displaced: auction.leadingBidderId,
    };
  }

  /**
   * Tells the auction's watchers what the bids changed, moves its close when its end moved, and
   * answers the bidder.
   */
  private async announce(auctionId: number, placed: PlacedBids): Promise<PlacedBidDto> {
    const { bids, state } = placed;
    const firstCount = state.bidCount - bids.length;
    bids.forEach((bid, i) =>
      this.events.newBid({
        auctionId,
        bid: eventBid(bid),
        currentPrice: fromCents(bid.amountCents),
        bidCount: firstCount + i + 1,
        endsAt: state.endsAt,
      }),
    );
    // Every outcome's last bid is the leader's.
    const leader = bids[bids.length - 1];
    const currentPrice = fromCents(state.currentPriceCents);
    const minimumBid = fromCents(minimumBidCents(state));
    this.events.bidUpdate({
      auctionId,
      currentPrice,
      minimumBid,
      bidCount: state.bidCount,
      leadingBidderId: leader.bidderId,
      leadingBidderAlias: bidderAlias(leader.bidderNumber),
      reserveMet: reserveMet(state),
      endsAt: state.endsAt,
    });
    if (placed.displaced !== null && placed.displaced !== leader.bidderId) {
      this.events.outbid({ userId: placed.displaced, auctionId, currentPrice, minimumBid });
    }
    if (state.endsAt.getTime() !== placed.previousEndsAt.getTime()) {
      this.events.extended({ auctionId, endsAt: state.endsAt });
      await this.closer.schedule(auctionId, state.endsAt, placed.previousEndsAt);
    }
    const own = bids[placed.own];
    return {
      bid: toBidDto(own, { bidder: true, maximum: true }),
      leading: own.bidderId === leader.bidderId,
      currentPrice,
      minimumBid,
    };
  }

  private assertFound(auction: Auction | null, auctionId: number): asserts auction is Auction {
    if (!auction) throw new NotFoundException(`Auction ${auctionId} not found`);
  }

  private assertOpen(auction: Auction, now: Date): void {
    if (auction.status !== AuctionStatus.Active) {
      throw new ConflictException(`The auction is ${auction.status}`);
    }
    if (auction.endsAt <= now) throw new ConflictException('The auction has ended');
    if (auction.startsAt > now) throw new ConflictException('The auction has not started yet');
  }
}
