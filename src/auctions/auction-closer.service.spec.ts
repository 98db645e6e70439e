import { Logger } from '@nestjs/common';
import { auctionRow } from '../../test/support/auction-row';
import { FakeTransactions } from '../../test/support/fake-transactions';
import { MarketplaceRepository } from '../marketplace/marketplace.repository';
import { Auction, AuctionStatus } from './auction.entity';
import { AuctionCloserService } from './auction-closer.service';
import { AuctionEvents } from './auction-events.port';
import { AuctionsRepository } from './auctions.repository';
import { fakeAuctionEvents } from '../../test/support/fake-auction-events';

/** Auctions in memory; `closeIfUnchanged` keeps the conditional UPDATE's rule. */
class FakeAuctions {
  readonly auctions = new Map<number, Auction>();
  /** Bidder numbers by auction id and bidder id. */
  readonly numbers = new Map<string, number>();
  /** What a racing bid changes between the close's read and its UPDATE. */
  race?: (auction: Auction) => void;
  readonly callsOutsideUnit: string[] = [];

  constructor(private readonly transactions: FakeTransactions) {}

  async findById(id: number): Promise<Auction | null> {
    this.noteUnit('findById');
    const auction = this.auctions.get(id);
    return auction ? { ...auction } : null;
  }

  async closeIfUnchanged(
    id: number,
    close: { status: AuctionStatus; now: Date; bidCount: number },
  ): Promise<boolean> {
    this.noteUnit('closeIfUnchanged');
    const auction = this.auctions.get(id)!;
    this.race?.(auction);
    if (
      auction.status !== AuctionStatus.Active ||
      auction.endsAt > close.now ||
      auction.bidCount !== close.bidCount
    ) {
      return false;
    }
    Object.assign(auction, { status: close.status, closedAt: close.now });
    return true;
  }

  async leadingBidderNumbers(auctions: Auction[]): Promise<Map<number, number>> {
    this.noteUnit('leadingBidderNumbers');
    return new Map(
      auctions.flatMap(({ id, leadingBidderId }) => {
        const number = this.numbers.get(`${id}:${leadingBidderId}`);
        return number === undefined ? [] : [[id, number] as const];
      }),
    );
  }

  private noteUnit(call: string): void {
    if (!this.transactions.inUnit) this.callsOutsideUnit.push(call);
  }
}

describe('AuctionCloserService.close', () => {
  const SELLER_ID = 1;
  const LEADER_ID = 2;
  const HOUR_MS = 3600_000;
  let transactions: FakeTransactions;
  let repository: FakeAuctions;
  let market: { recordAuctionSale: jest.Mock; outsideUnit: number };
  let events: jest.Mocked<AuctionEvents>;
  let closer: AuctionCloserService;

  /** An auction that ended a minute ago; by default with two bids, led by LEADER_ID (`bidder 2`). */
  const auction = (changes: Partial<Auction> = {}): Auction => {
    const stored = auctionRow({
      sellerId: SELLER_ID,
      currentPriceCents: 101_000,
      bidCount: 2,
      leadingBidderId: LEADER_ID,
      endsAt: new Date(Date.now() - 60_000),
      ...changes,
    });
    repository.auctions.set(stored.id, stored);
    repository.numbers.set(`${stored.id}:${LEADER_ID}`, 2);
    return stored;
  };

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    transactions = new FakeTransactions();
    repository = new FakeAuctions(transactions);
    market = {
      outsideUnit: 0,
      recordAuctionSale: jest.fn(async () => {
        if (!transactions.inUnit) market.outsideUnit++;
      }),
    };
    events = fakeAuctionEvents();
    closer = new AuctionCloserService(
      repository as unknown as AuctionsRepository,
      market as unknown as MarketplaceRepository,
      transactions.asService(),
      events,
    );
  });

  afterEach(() => {
    expect(repository.callsOutsideUnit).toEqual([]);
    expect(market.outsideUnit).toBe(0);
  });

  const expectNoSaleNorEvent = () => {
    expect(market.recordAuctionSale).not.toHaveBeenCalled();
    expect(events.statusChanged).not.toHaveBeenCalled();
  };

  it('sells to the leader meeting the reserve: records the sale, then tells the rooms', async () => {
    const { id } = auction({ reservePriceCents: 101_000 });

    const event = await closer.close(id);

    const sold = {
      auctionId: id,
      status: AuctionStatus.Sold,
      winnerId: LEADER_ID,
      winnerAlias: 'bidder 2',
      finalPrice: 1010,
    };
    expect(event).toEqual(sold);
    expect(repository.auctions.get(id)!.status).toBe(AuctionStatus.Sold);
    expect(market.recordAuctionSale).toHaveBeenCalledWith({
      auctionId: id,
      sellerId: SELLER_ID,
      buyerId: LEADER_ID,
      priceCents: 101_000,
    });
    expect(events.statusChanged).toHaveBeenCalledWith(sold);
  });

  it.each([
    ['without bids', { bidCount: 0, leadingBidderId: null, currentPriceCents: 100_000 }],
    ['below the reserve', { reservePriceCents: 150_000 }],
  ])('closes unsold an auction %s: no sale, the rooms hear of it', async (_, changes) => {
    const { id } = auction(changes);

    const event = await closer.close(id);

    const closed = {
      auctionId: id,
      status: AuctionStatus.Closed,
      winnerId: null,
      winnerAlias: null,
      finalPrice: null,
    };
    expect(event).toEqual(closed);
    expect(repository.auctions.get(id)!.status).toBe(AuctionStatus.Closed);
    expect(market.recordAuctionSale).not.toHaveBeenCalled();
    expect(events.statusChanged).toHaveBeenCalledWith(closed);
  });

  it.each([AuctionStatus.Sold, AuctionStatus.Closed, AuctionStatus.Cancelled])(
    'does nothing to an auction already %s',
    async (status) => {
      const { id } = auction({ status });
      await expect(closer.close(id)).resolves.toBeNull();
      expect(repository.auctions.get(id)!.status).toBe(status);
      expectNoSaleNorEvent();
    },
  );

  it('does nothing before the end, nor to a missing auction', async () => {
    const { id } = auction({ endsAt: new Date(Date.now() + HOUR_MS) });
    await expect(closer.close(id)).resolves.toBeNull();
    await expect(closer.close(99)).resolves.toBeNull();
    expect(repository.auctions.get(id)!.status).toBe(AuctionStatus.Active);
    expectNoSaleNorEvent();
  });

  it('does nothing when a bid slips in between its read and its UPDATE', async () => {
    const { id } = auction();
    repository.race = (stored) => Object.assign(stored, { bidCount: 3, currentPriceCents: 102_000 });
    await expect(closer.close(id)).resolves.toBeNull();
    expect(repository.auctions.get(id)!.status).toBe(AuctionStatus.Active);
    expectNoSaleNorEvent();
  });
});
