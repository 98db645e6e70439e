import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthUser } from '../common/auth-user';
import { fromCents, toCents } from '../common/money';
import { paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { auctionConfig } from '../config/auction.config';
import { TransactionsService } from '../database/transactions.service';
import { AuctionsGateway } from '../realtime/auctions.gateway';
import { Auction, AuctionStatus } from './auction.entity';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { bidderNumberFor, seesBidder, Viewer } from './bidder-privacy';
import { minimumBidCents } from './dto/auction.dto';
import { BidDto, toBidDto } from './dto/bid.dto';
import { Bid } from './bid.entity';

@Injectable()
export class BidsService {
  constructor(
    @InjectRepository(Bid) private readonly bids: Repository<Bid>,
    private readonly transactions: TransactionsService,
    private readonly closer: AuctionCloseScheduler,
    private readonly events: AuctionsGateway,
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
    const { bid, auction, previousEndsAt } = await this.transactions.run(async (manager) => {
      const current = await manager.findOneBy(Auction, { id: auctionId });
      if (!current) throw new NotFoundException(`Auction ${auctionId} not found`);
      if (current.sellerId === bidder.id) throw new ForbiddenException('You cannot bid on your own auction');
      const now = new Date();
      this.assertOpen(current, now);
      if (amountCents < minimumBidCents(current)) {
        throw new BadRequestException(`The minimum bid is ${fromCents(minimumBidCents(current))}`);
      }
      const softEnd = new Date(now.getTime() + this.config.softCloseMs);
      const { affected } = await manager
        .createQueryBuilder()
        .update(Auction)
        .set({
          currentPriceCents: amountCents,
          bidCount: () => 'bid_count + 1',
          leadingBidderId: bidder.id,
          endsAt: () => 'CASE WHEN ends_at < :softEnd THEN :softEnd ELSE ends_at END',
        })
        .where('id = :auctionId AND status = :active AND ends_at > :now AND starts_at <= :now', {
          auctionId,
          active: AuctionStatus.Active,
          now,
        })
        .andWhere(
          '((bid_count = 0 AND starting_price_cents <= :amount) OR ' +
            '(bid_count > 0 AND current_price_cents + min_increment_cents <= :amount))',
          { amount: amountCents },
        )
        .setParameter('softEnd', softEnd)
        .execute();
      const after = await manager.findOneByOrFail(Auction, { id: auctionId });
      if (!affected) {
        // Someone else's bid (or the end) got there first.
        this.assertOpen(after, new Date());
        throw new ConflictException(`Outbid: the minimum bid is now ${fromCents(minimumBidCents(after))}`);
      }
      const bidderNumber = await bidderNumberFor(manager, auctionId, bidder.id);
      const saved = await manager.save(
        manager.create(Bid, { auctionId, bidderId: bidder.id, bidderNumber, amountCents }),
      );
      return { bid: saved, auction: after, previousEndsAt: current.endsAt };
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
    const auction = await this.bids.manager.findOne(Auction, {
      select: { id: true, sellerId: true },
      where: { id: auctionId },
    });
    if (!auction) throw new NotFoundException(`Auction ${auctionId} not found`);
    const page = await this.page({ auctionId }, query);
    return {
      ...page,
      data: page.data.map((bid) => toBidDto(bid, seesBidder(viewer, auction.sellerId, bid.bidderId))),
    };
  }

  /** A bidder's bids, for the bidder themself or an admin (the caller checks). */
  async forBidder(bidderId: number, query: PaginationQueryDto): Promise<Paginated<BidDto>> {
    const page = await this.page({ bidderId }, query);
    return { ...page, data: page.data.map((bid) => toBidDto(bid, true)) };
  }

  /** A bid, for its bidder, the auction's seller and admins; 404 for anyone else. */
  async get(viewer: Viewer, id: number): Promise<BidDto> {
    const bid = await this.bids
      .createQueryBuilder('bid')
      .innerJoin('bid.auction', 'auction')
      .addSelect('auction.sellerId')
      .where('bid.id = :id', { id })
      .getOne();
    if (!bid || !seesBidder(viewer, bid.auction!.sellerId, bid.bidderId)) {
      throw new NotFoundException(`Bid ${id} not found`);
    }
    return toBidDto(bid, true);
  }

  private async page(
    where: { auctionId: number } | { bidderId: number },
    query: PaginationQueryDto,
  ): Promise<Paginated<Bid>> {
    const [column, value] = Object.entries(where)[0];
    const builder = this.bids
      .createQueryBuilder('bid')
      .where(`bid.${column} = :value`, { value })
      .orderBy('bid.createdAt', 'DESC')
      .addOrderBy('bid.id', 'DESC');
    return paginate(builder, query);
  }

  private assertOpen(auction: Auction, now: Date): void {
    if (auction.status !== AuctionStatus.Active) {
      throw new ConflictException(`The auction is ${auction.status}`);
    }
    if (auction.endsAt <= now) throw new ConflictException('The auction has ended');
    if (auction.startsAt > now) throw new ConflictException('The auction has not started yet');
  }
}
