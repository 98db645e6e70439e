import { Inject, Injectable, Logger } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { fromCents } from '../common/money';
import { TransactionsService } from '../database/transactions.service';
import { Transaction } from '../marketplace/transaction.entity';
import { AUCTIONS_NAMESPACE, emitStatusChanged, StatusChangedEvent } from '../realtime/auction-events';
import { Auction, AuctionStatus } from './auction.entity';
import { bidderAlias, leadingBidderNumbers } from './bidder-privacy';
import { reserveMet } from './dto/auction.dto';

export const AUCTION_EVENTS_EMITTER = Symbol('AUCTION_EVENTS_EMITTER');

/**
 * Closes auctions in the worker. The close is one conditional UPDATE from `active` (only once the
 * end has passed), in a transaction with the sale's transaction row, so it happens once even with
 * several workers or a retried job: `sold` to the leading bidder when there are bids and the
 * reserve is met, `closed` otherwise. Then `status_changed` goes to the auction's rooms through the
 * Redis emitter, reaching clients of every API process: the winner's id to the winner, the seller
 * and admins, the winner's alias to everyone (bidder privacy).
 */
@Injectable()
export class AuctionCloserService {
  private readonly logger = new Logger(AuctionCloserService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionsService,
    @Inject(AUCTION_EVENTS_EMITTER) private readonly emitter: Emitter,
  ) {}

  /** Closes the auction if it is active and past its end; returns what it became, or null. */
  async close(auctionId: number): Promise<StatusChangedEvent | null> {
    const event = await this.transactions.run(async (manager) => {
      const auction = await manager.findOneBy(Auction, { id: auctionId });
      const now = new Date();
      if (!auction || auction.status !== AuctionStatus.Active || auction.endsAt > now) return null;
      const sold = auction.bidCount > 0 && auction.leadingBidderId !== null && reserveMet(auction);
      const { affected } = await manager
        .createQueryBuilder()
        .update(Auction)
        .set({ status: sold ? AuctionStatus.Sold : AuctionStatus.Closed, closedAt: now })
        // The same bidding state that was read: a bid that slipped in meanwhile makes this a no-op.
        .where('id = :id AND status = :active AND ends_at <= :now AND bid_count = :bidCount', {
          id: auctionId,
          active: AuctionStatus.Active,
          now,
          bidCount: auction.bidCount,
        })
        .execute();
      if (!affected) return null;
      if (sold) {
        await manager.insert(Transaction, {
          auctionId,
          listingId: null,
          buyerId: auction.leadingBidderId,
          sellerId: auction.sellerId,
          priceCents: auction.currentPriceCents,
        });
      }
      const winnerNumber = sold ? (await leadingBidderNumbers(manager, [auction])).get(auctionId) : undefined;
      return {
        auctionId,
        status: sold ? AuctionStatus.Sold : AuctionStatus.Closed,
        winnerId: sold ? auction.leadingBidderId : null,
        winnerAlias: winnerNumber === undefined ? null : bidderAlias(winnerNumber),
        finalPrice: sold ? fromCents(auction.currentPriceCents) : null,
      };
    });
    if (event) {
      this.logger.log(`Auction ${auctionId} ${event.status}`);
      emitStatusChanged(this.emitter.of(AUCTIONS_NAMESPACE), event);
    }
    return event;
  }

  /** Active auctions whose end has passed (after an outage, say). */
  async overdue(): Promise<number[]> {
    const auctions = await this.dataSource.getRepository(Auction).find({
      select: { id: true },
      where: { status: AuctionStatus.Active, endsAt: LessThanOrEqual(new Date()) },
    });
    return auctions.map((auction) => auction.id);
  }

  /** The end of an active auction, to schedule its close (null once it is closed). */
  async activeEnd(auctionId: number): Promise<Date | null> {
    const auction = await this.dataSource.getRepository(Auction).findOneBy({ id: auctionId });
    return auction?.status === AuctionStatus.Active ? auction.endsAt : null;
  }
}
