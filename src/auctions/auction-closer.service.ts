import { Inject, Injectable, Logger } from '@nestjs/common';
import { fromCents } from '../common/money';
import { TransactionsService } from '../database/transactions.service';
import { MarketplaceRepository } from '../marketplace/marketplace.repository';
import { AuctionStatus } from './auction.entity';
import { AUCTION_EVENTS, AuctionEvents, StatusChangedEvent } from './auction-events.port';
import { AuctionsRepository } from './auctions.repository';
import { bidderAlias } from './bidder-privacy';
import { reserveMet } from './dto/auction.dto';

/**
 * Closes auctions in the worker. The close is one conditional UPDATE from `active` (only once the
 * end has passed), in a unit of work with the sale's transaction row, so it happens once even with
 * several workers or a retried job: `sold` to the leading bidder when there are bids and the
 * reserve is met, `closed` otherwise. Then `status_changed` goes to the auction's rooms, reaching
 * clients of every API process: the winner's id to the winner, the seller and admins, the
 * winner's alias to everyone (bidder privacy).
 */
@Injectable()
export class AuctionCloserService {
  private readonly logger = new Logger(AuctionCloserService.name);

  constructor(
    private readonly auctions: AuctionsRepository,
    private readonly market: MarketplaceRepository,
    private readonly transactions: TransactionsService,
    @Inject(AUCTION_EVENTS) private readonly events: AuctionEvents,
  ) {}

  /** Closes the auction if it is active and past its end; returns what it became, or null. */
  async close(auctionId: number): Promise<StatusChangedEvent | null> {
    const event = await this.transactions.run(async (): Promise<StatusChangedEvent | null> => {
      const auction = await this.auctions.findById(auctionId);
      const now = new Date();
      if (!auction || auction.status !== AuctionStatus.Active || auction.endsAt > now) return null;
      const winnerId = auction.bidCount > 0 && reserveMet(auction) ? auction.leadingBidderId : null;
      const status = winnerId === null ? AuctionStatus.Closed : AuctionStatus.Sold;
      const closed = await this.auctions.closeIfUnchanged(auctionId, {
        status,
        now,
        bidCount: auction.bidCount,
      });
      if (!closed) return null;
      if (winnerId === null) {
        return { auctionId, status, winnerId: null, winnerAlias: null, finalPrice: null };
      }
      await this.market.recordAuctionSale({
        auctionId,
        sellerId: auction.sellerId,
        buyerId: winnerId,
        priceCents: auction.currentPriceCents,
      });
      const winnerNumber = (await this.auctions.leadingBidderNumbers([auction])).get(auctionId);
      return {
        auctionId,
        status,
        winnerId,
        winnerAlias: winnerNumber === undefined ? null : bidderAlias(winnerNumber),
        finalPrice: fromCents(auction.currentPriceCents),
      };
    });
    if (event) {
      this.logger.log(`Auction ${auctionId} ${event.status}`);
      this.events.statusChanged(event);
    }
    return event;
  }

  /** Active auctions whose end has passed (after an outage, say). */
  overdue(): Promise<number[]> {
    return this.auctions.overdueIds(new Date());
  }

  /** The end of an active auction, to schedule its close (null once it is closed). */
  async activeEnd(auctionId: number): Promise<Date | null> {
    const auction = await this.auctions.findById(auctionId);
    return auction?.status === AuctionStatus.Active ? auction.endsAt : null;
  }
}
