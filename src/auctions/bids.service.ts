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
import { AuctionsRepository, BiddingState, BidOffer } from './auctions.repository';
import { seesBidder, Viewer } from './bidder-privacy';
import { minimumBidCents } from './dto/auction.dto';
import { BidDto, toBidDto } from './dto/bid.dto';

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
   * Places a bid. It is accepted by one conditional UPDATE of the auction that succeeds only while
   * the auction is active, not past its end, not the bidder's own, and the amount is still at least
   * the minimum; so concurrent bids are serialized by the database (across API processes, on SQLite
   * and PostgreSQL), every accepted bid was the highest when accepted, and none is lost. A bid in
   * the last AUCTION_SOFT_CLOSE_MS moves the end to now + AUCTION_SOFT_CLOSE_MS. The bid gets its
   * bidder's number in the auction (bidder privacy) once the UPDATE has serialized it.
   */
  async place(bidder: AuthUser, auctionId: number, amount: number): Promise<BidDto> {
    const amountCents = toCents(amount);
    const { bid, auction, previousEndsAt } = await this.transactions.run(async () => {
      const now = new Date();
      const offer: BidOffer = {
        auctionId,
        bidderId: bidder.id,
        amountCents,
        now,
        softEnd: new Date(now.getTime() + this.config.softCloseMs),
      };
      const accepted = await this.accept(offer);
      const bid = await this.auctions.insertBid({ auctionId, bidderId: bidder.id, amountCents });
      return { bid, ...accepted };
    });

    const dto = toBidDto(bid, true);
    this.events.newBid({
      auctionId,
      bid: dto,
      currentPrice: fromCents(auction.currentPriceCents),
      bidCount: auction.bidCount,
      endsAt: auction.endsAt,
    });
    if (auction.endsAt.getTime() !== previousEndsAt.getTime()) {
      this.events.extended({ auctionId, endsAt: auction.endsAt });
      await this.closer.schedule(auctionId, auction.endsAt, previousEndsAt);
    }
    return dto;
  }

  /** An auction's bids: bidders' ids only for the viewer's own bids, or for its seller and admins. */
  async forAuction(viewer: Viewer, auctionId: number, query: PaginationQueryDto): Promise<Paginated<BidDto>> {
    const sellerId = await this.auctions.sellerOf(auctionId);
    if (sellerId === null) throw new NotFoundException(`Auction ${auctionId} not found`);
    const page = await this.auctions.listBids({ auctionId }, query);
    return {
      ...page,
      data: page.data.map((bid) => toBidDto(bid, seesBidder(viewer, sellerId, bid.bidderId))),
    };
  }

  /** A bidder's bids, for the bidder themself or an admin (the caller checks). */
  async forBidder(bidderId: number, query: PaginationQueryDto): Promise<Paginated<BidDto>> {
    const page = await this.auctions.listBids({ bidderId }, query);
    return { ...page, data: page.data.map((bid) => toBidDto(bid, true)) };
  }

  /** A bid, for its bidder, the auction's seller and admins; 404 for anyone else. */
  async get(viewer: Viewer, id: number): Promise<BidDto> {
    const found = await this.auctions.findBid(id);
    if (!found || !seesBidder(viewer, found.sellerId, found.bid.bidderId)) {
      throw new NotFoundException(`Bid ${id} not found`);
    }
    return toBidDto(found.bid, true);
  }

  /**
   * Accepts the offer, or throws why the auction refuses it; with the auction's end before the bid.
   * A bid that leaves the end where it is, as most do, is one UPDATE. Otherwise the auction is read,
   * to say why it refuses the bid or to learn the end a bid in its last moments moves.
   */
  private async accept(offer: BidOffer): Promise<{ auction: BiddingState; previousEndsAt: Date }> {
    const kept = await this.auctions.acceptBid(offer, { endMayMove: false });
    if (kept) return { auction: kept, previousEndsAt: kept.endsAt };
    const current = await this.auctions.findById(offer.auctionId);
    this.assertFound(current, offer.auctionId);
    if (current.sellerId === offer.bidderId) {
      throw new ForbiddenException('You cannot bid on your own auction');
    }
    this.assertOpen(current, offer.now);
    if (offer.amountCents < minimumBidCents(current)) {
      throw new BadRequestException(`The minimum bid is ${fromCents(minimumBidCents(current))}`);
    }
    const auction = await this.auctions.acceptBid(offer, { endMayMove: true });
    if (auction) return { auction, previousEndsAt: current.endsAt };
    // Someone else's bid (or the end) got there between the read and the UPDATE (PostgreSQL; on
    // SQLite the first UPDATE holds the database's write lock until the bid commits).
    const after = await this.auctions.findById(offer.auctionId);
    this.assertFound(after, offer.auctionId);
    this.assertOpen(after, new Date());
    throw new ConflictException(`Outbid: the minimum bid is now ${fromCents(minimumBidCents(after))}`);
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
