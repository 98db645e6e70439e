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
import { AuctionsRepository } from './auctions.repository';
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
   * the auction is active, not past its end, and the amount is still at least the minimum; so
   * concurrent bids are serialized by the database (across API processes, on SQLite and
   * PostgreSQL), every accepted bid was the highest when accepted, and none is lost. A bid in the
   * last AUCTION_SOFT_CLOSE_MS moves the end to now + AUCTION_SOFT_CLOSE_MS. The bid gets its
   * bidder's number in the auction (bidder privacy) once the UPDATE has serialized it.
   */
  async place(bidder: AuthUser, auctionId: number, amount: number): Promise<BidDto> {
    const amountCents = toCents(amount);
    const { bid, auction, previousEndsAt } = await this.transactions.run(async () => {
      const current = await this.auctions.findById(auctionId);
      if (!current) throw new NotFoundException(`Auction ${auctionId} not found`);
      if (current.sellerId === bidder.id) throw new ForbiddenException('You cannot bid on your own auction');
      const now = new Date();
      this.assertOpen(current, now);
      if (amountCents < minimumBidCents(current)) {
        throw new BadRequestException(`The minimum bid is ${fromCents(minimumBidCents(current))}`);
      }
      const { affected, auction } = await this.auctions.acceptBid({
        auctionId,
        bidderId: bidder.id,
        amountCents,
        now,
        softEnd: new Date(now.getTime() + this.config.softCloseMs),
      });
      if (!affected) {
        // Someone else's bid (or the end) got there first.
        this.assertOpen(auction, new Date());
        throw new ConflictException(`Outbid: the minimum bid is now ${fromCents(minimumBidCents(auction))}`);
      }
      const bidderNumber = await this.auctions.bidderNumberFor(auctionId, bidder.id);
      const bid = await this.auctions.insertBid({
        auctionId,
        bidderId: bidder.id,
        bidderNumber,
        amountCents,
      });
      return { bid, auction, previousEndsAt: current.endsAt };
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

  private assertOpen(auction: Auction, now: Date): void {
    if (auction.status !== AuctionStatus.Active) {
      throw new ConflictException(`The auction is ${auction.status}`);
    }
    if (auction.endsAt <= now) throw new ConflictException('The auction has ended');
    if (auction.startsAt > now) throw new ConflictException('The auction has not started yet');
  }
}
