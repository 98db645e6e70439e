import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { auctionRow } from '../../test/support/auction-row';
import { FakeTransactions } from '../../test/support/fake-transactions';
import { AuthUser } from '../common/auth-user';
import { Role } from '../common/roles';
import { auctionConfig } from '../config/auction.config';
import { Auction, AuctionStatus } from './auction.entity';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AuctionEvents } from './auction-events.port';
import { AuctionsRepository, BiddingChange, BiddingState, BidOffer, NewBid } from './auctions.repository';
import { Bid } from './bid.entity';
import { BidsService } from './bids.service';
import { PlaceBidDto } from './dto/bid.dto';
import { fakeAuctionEvents } from '../../test/support/fake-auction-events';

/** Auctions and bids in memory; each method keeps its statement's rules. */
class FakeAuctions {
  readonly auctions = new Map<number, Auction>();
  readonly bids: Bid[] = [];
  readonly calls: string[] = [];
  readonly callsOutsideUnit: string[] = [];

  constructor(private readonly transactions: FakeTransactions) {}

  /** The conditional UPDATE: only a bid that needs nothing more (no soft close, no maximum to answer). */
  async acceptPlainBid({
    auctionId,
    bidderId,
    amountCents,
    now,
    softEnd,
  }: BidOffer): Promise<BiddingState | null> {
    this.note('acceptPlainBid');
    const auction = this.auctions.get(auctionId);
    if (!auction) return null;
    const minimum =
      auction.bidCount === 0
        ? auction.startingPriceCents
        : auction.currentPriceCents + auction.minIncrementCents;
    const takes =
      auction.sellerId !== bidderId &&
      auction.status === AuctionStatus.Active &&
      auction.startsAt <= now &&
      auction.endsAt > now &&
      auction.endsAt >= softEnd &&
      (auction.leadingMaxCents === null || auction.leadingMaxCents <= auction.currentPriceCents) &&
      amountCents >= minimum;
    if (!takes) return null;
    Object.assign(auction, {
      currentPriceCents: amountCents,
      bidCount: auction.bidCount + 1,
      leadingBidderId: bidderId,
      leadingMaxCents: amountCents,
    });
    const { currentPriceCents, bidCount, endsAt, startingPriceCents, minIncrementCents, reservePriceCents } =
      auction;
    return { currentPriceCents, bidCount, endsAt, startingPriceCents, minIncrementCents, reservePriceCents };
  }

  async lockForBidding(auctionId: number): Promise<Auction | null> {
    this.note('lockForBidding');
    const auction = this.auctions.get(auctionId);
    return auction ? { ...auction } : null;
  }

  async saveBidding(auctionId: number, change: BiddingChange): Promise<void> {
    this.note('saveBidding');
    Object.assign(this.auctions.get(auctionId)!, change);
  }

  /** The bidder of the highest bid, the latest of equal ones. */
  async leaderByBids(auctionId: number): Promise<number | null> {
    this.note('leaderByBids');
    const [top] = this.bids
      .filter((bid) => bid.auctionId === auctionId)
      .sort((a, b) => b.amountCents - a.amountCents || b.id - a.id);
    return top?.bidderId ?? null;
  }

  async insertBid(bid: NewBid): Promise<Bid> {
    this.note('insertBid');
    const inAuction = this.bids.filter((other) => other.auctionId === bid.auctionId);
    const earlier = inAuction.find((other) => other.bidderId === bid.bidderId);
    const bidderNumber =
      earlier?.bidderNumber ?? Math.max(0, ...inAuction.map((other) => other.bidderNumber)) + 1;
    const row: Bid = { id: this.bids.length + 1, ...bid, bidderNumber, createdAt: new Date() };
    this.bids.push(row);
    return row;
  }

  private note(call: string): void {
    this.calls.push(call);
    if (!this.transactions.inUnit) this.callsOutsideUnit.push(call);
  }
}

/** Every key of every event the service announced, at any depth. */
function eventKeys(events: jest.Mocked<AuctionEvents>): string[] {
  const keys: string[] = [];
  const walk = (value: unknown) => {
    if (value === null || typeof value !== 'object' || value instanceof Date) return;
    for (const [key, inner] of Object.entries(value)) {
      keys.push(key);
      walk(inner);
    }
  };
  for (const event of Object.values(events) as jest.Mock[]) event.mock.calls.forEach(walk);
  return keys;
}

/** `work` fails with `expected`: its class and its message (`toThrow` compares messages only). */
async function expectRefusal(work: Promise<unknown>, expected: Error): Promise<void> {
  await expect(work).rejects.toBeInstanceOf(expected.constructor);
  await expect(work).rejects.toThrow(expected);
}

describe('BidsService.place', () => {
  const SELLER: AuthUser = { id: 1, role: Role.User, sessionId: 1 };
  const BIDDER: AuthUser = { id: 2, role: Role.User, sessionId: 2 };
  const RIVAL: AuthUser = { id: 3, role: Role.User, sessionId: 3 };
  const SOFT_CLOSE_MS = 120_000;
  const HOUR_MS = 3600_000;
  let transactions: FakeTransactions;
  let repository: FakeAuctions;
  let events: jest.Mocked<AuctionEvents>;
  let scheduler: { schedule: jest.Mock; unschedule: jest.Mock };
  let service: BidsService;

  /** An auction starting at 1000 with an increment of 10 (`auctionRow`), no bids yet. */
  const auction = (changes: Partial<Auction> = {}): Auction => {
    const stored = auctionRow({ sellerId: SELLER.id, leadingMaxCents: null, ...changes });
    repository.auctions.set(stored.id, stored);
    return stored;
  };
  const place = (user: AuthUser, auctionId: number, offer: PlaceBidDto) =>
    service.place(user, auctionId, offer);

  beforeEach(() => {
    transactions = new FakeTransactions();
    repository = new FakeAuctions(transactions);
    events = fakeAuctionEvents();
    scheduler = { schedule: jest.fn(), unschedule: jest.fn() };
    service = new BidsService(
      repository as unknown as AuctionsRepository,
      transactions.asService(),
      scheduler as unknown as AuctionCloseScheduler,
      events,
      { softCloseMs: SOFT_CLOSE_MS, maxDays: 30 } as ConfigType<typeof auctionConfig>,
    );
  });

  afterEach(() => {
    expect(repository.callsOutsideUnit).toEqual([]);
    // Nobody but the bidder ever sees a maximum.
    expect(eventKeys(events).filter((key) => /max/i.test(key))).toEqual([]);
  });

  const expectNothingHappened = () => {
    expect(repository.bids).toEqual([]);
    for (const event of Object.values(events)) expect(event).not.toHaveBeenCalled();
    expect(scheduler.schedule).not.toHaveBeenCalled();
  };

  describe('a plain bid', () => {
    it('is accepted by its UPDATE, answered with the bid and the auction, and told to the watchers', async () => {
      const { id, endsAt } = auction();

      const placed = await place(BIDDER, id, { amount: 1000 });

      expect(repository.calls).toEqual(['acceptPlainBid', 'leaderByBids', 'insertBid']);
      expect(placed).toEqual({
        bid: {
          id: 1,
          auctionId: id,
          bidderId: BIDDER.id,
          bidderAlias: 'bidder 1',
          amount: 1000,
          auto: false,
          createdAt: expect.any(Date),
        },
        leading: true,
        currentPrice: 1000,
        minimumBid: 1010,
      });
      expect(repository.auctions.get(id)).toMatchObject({
        currentPriceCents: 100_000,
        bidCount: 1,
        leadingBidderId: BIDDER.id,
        leadingMaxCents: 100_000,
        endsAt,
      });
      expect(events.newBid.mock.calls).toEqual([
        [{ auctionId: id, bid: placed.bid, currentPrice: 1000, bidCount: 1, endsAt }],
      ]);
      expect(events.bidUpdate.mock.calls).toEqual([
        [
          {
            auctionId: id,
            currentPrice: 1000,
            minimumBid: 1010,
            bidCount: 1,
            leadingBidderId: BIDDER.id,
            leadingBidderAlias: 'bidder 1',
            reserveMet: true,
            endsAt,
          },
        ],
      ]);
      expect(events.outbid).not.toHaveBeenCalled();
      expect(events.extended).not.toHaveBeenCalled();
      expect(scheduler.schedule).not.toHaveBeenCalled();
    });

    it('tells the leader it displaced, and only them, that they were outbid', async () => {
      const { id } = auction();
      await place(BIDDER, id, { amount: 1000 });
      jest.clearAllMocks();

      await place(RIVAL, id, { amount: 1050 });

      expect(events.outbid.mock.calls).toEqual([
        [{ userId: BIDDER.id, auctionId: id, currentPrice: 1050, minimumBid: 1060 }],
      ]);
      expect(events.bidUpdate).toHaveBeenCalledTimes(1);
      expect(events.bidUpdate).toHaveBeenCalledWith(
        expect.objectContaining({ leadingBidderId: RIVAL.id, leadingBidderAlias: 'bidder 2' }),
      );
      jest.clearAllMocks();

      // The leader raising their own bid displaces nobody.
      await place(RIVAL, id, { amount: 1100 });
      expect(events.outbid).not.toHaveBeenCalled();
    });

    it("keeps a bidder's number in the auction and gives the next bidder the next one", async () => {
      const { id } = auction();
      await place(BIDDER, id, { amount: 1000 });
      const rival = await place(RIVAL, id, { amount: 1010 });
      const again = await place(BIDDER, id, { amount: 1020 });
      expect([rival.bid.bidderAlias, again.bid.bidderAlias]).toEqual(['bidder 2', 'bidder 1']);
    });

    it('says whether the reserve is met', async () => {
      const { id } = auction({ reservePriceCents: 110_000 });
      await place(BIDDER, id, { amount: 1000 });
      await place(RIVAL, id, { amount: 1100 });
      expect(events.bidUpdate.mock.calls.map(([event]) => event.reserveMet)).toEqual([false, true]);
    });

    it('on an auction whose leader is gone: accepted, and nobody is told they were outbid', async () => {
      const { id } = auction({ bidCount: 1, currentPriceCents: 120_000, leadingMaxCents: 120_000 });
      // The leader's account went: their bid stays, without its bidder.
      repository.bids.push({
        id: 1,
        auctionId: id,
        bidderId: null,
        bidderNumber: 1,
        amountCents: 120_000,
        maxAmountCents: null,
        auto: false,
        createdAt: new Date(),
      });

      const placed = await place(BIDDER, id, { amount: 1210 });

      expect(repository.calls).toEqual(['acceptPlainBid', 'leaderByBids', 'insertBid']);
      expect(placed).toMatchObject({ leading: true, currentPrice: 1210, minimumBid: 1220 });
      expect(placed.bid.bidderAlias).toBe('bidder 2');
      expect(events.outbid).not.toHaveBeenCalled();
    });
  });

  describe('a maximum', () => {
    it('as the first bid: weighed under the lock, bid at the starting price, shown to its bidder only', async () => {
      const { id, endsAt } = auction();

      const placed = await place(BIDDER, id, { maxAmount: 1500 });

      expect(repository.calls).toEqual(['lockForBidding', 'saveBidding', 'insertBid']);
      expect(placed).toEqual({
        bid: expect.objectContaining({ amount: 1000, maxAmount: 1500, auto: false }),
        leading: true,
        currentPrice: 1000,
        minimumBid: 1010,
      });
      expect(repository.auctions.get(id)).toMatchObject({
        currentPriceCents: 100_000,
        bidCount: 1,
        leadingBidderId: BIDDER.id,
        leadingMaxCents: 150_000,
        endsAt,
      });
      expect(events.newBid).toHaveBeenCalledTimes(1);
      expect(events.newBid.mock.calls[0][0].bid).not.toHaveProperty('maxAmount');
      expect(events.bidUpdate).toHaveBeenCalledTimes(1);
    });

    it("makes a plain bid against it be answered: the bid, then the platform's, recorded with auto", async () => {
      const { id, endsAt } = auction();
      await place(BIDDER, id, { maxAmount: 1500 });
      jest.clearAllMocks();
      repository.calls.length = 0;

      const placed = await place(RIVAL, id, { amount: 1200 });

      // The UPDATE leaves a standing maximum to the lock.
      expect(repository.calls).toEqual([
        'acceptPlainBid',
        'lockForBidding',
        'saveBidding',
        'insertBid',
        'insertBid',
      ]);
      expect(placed).toEqual({
        bid: expect.objectContaining({ bidderId: RIVAL.id, amount: 1200, auto: false }),
        leading: false,
        currentPrice: 1210,
        minimumBid: 1220,
      });
      expect(placed.bid).not.toHaveProperty('maxAmount');
      expect(repository.bids.slice(1)).toMatchObject([
        { bidderId: RIVAL.id, amountCents: 120_000, maxAmountCents: null, auto: false },
        { bidderId: BIDDER.id, amountCents: 121_000, maxAmountCents: null, auto: true },
      ]);
      expect(events.newBid.mock.calls.map(([event]) => event)).toEqual([
        {
          auctionId: id,
          bid: expect.objectContaining({ bidderId: RIVAL.id, amount: 1200, auto: false }),
          currentPrice: 1200,
          bidCount: 2,
          endsAt,
        },
        {
          auctionId: id,
          bid: expect.objectContaining({
            bidderId: BIDDER.id,
            bidderAlias: 'bidder 1',
            amount: 1210,
            auto: true,
          }),
          currentPrice: 1210,
          bidCount: 3,
          endsAt,
        },
      ]);
      expect(events.bidUpdate.mock.calls).toEqual([
        [
          {
            auctionId: id,
            currentPrice: 1210,
            minimumBid: 1220,
            bidCount: 3,
            leadingBidderId: BIDDER.id,
            leadingBidderAlias: 'bidder 1',
            reserveMet: true,
            endsAt,
          },
        ],
      ]);
      // The leader kept the lead; the rival never had it.
      expect(events.outbid).not.toHaveBeenCalled();
      expect(repository.auctions.get(id)).toMatchObject({
        currentPriceCents: 121_000,
        bidCount: 3,
        leadingBidderId: BIDDER.id,
        leadingMaxCents: 150_000,
      });
    });

    it("that takes the lead: the old leader's maximum is bid first, they are told they were outbid", async () => {
      const { id } = auction();
      await place(BIDDER, id, { maxAmount: 1500 });
      jest.clearAllMocks();

      const placed = await place(RIVAL, id, { maxAmount: 2000 });

      expect(placed).toEqual({
        bid: expect.objectContaining({ bidderId: RIVAL.id, amount: 1510, maxAmount: 2000, auto: false }),
        leading: true,
        currentPrice: 1510,
        minimumBid: 1520,
      });
      expect(
        events.newBid.mock.calls.map(([event]) => [event.bid.bidderId, event.bid.amount, event.bid.auto]),
      ).toEqual([
        [BIDDER.id, 1500, true],
        [RIVAL.id, 1510, false],
      ]);
      expect(events.bidUpdate).toHaveBeenCalledTimes(1);
      expect(events.bidUpdate).toHaveBeenCalledWith(
        expect.objectContaining({
          currentPrice: 1510,
          bidCount: 3,
          leadingBidderId: RIVAL.id,
          leadingBidderAlias: 'bidder 2',
        }),
      );
      expect(events.outbid.mock.calls).toEqual([
        [{ userId: BIDDER.id, auctionId: id, currentPrice: 1510, minimumBid: 1520 }],
      ]);
    });

    it('equal to the standing one: accepted, not leading (the earlier leads), the price at both', async () => {
      const { id } = auction();
      await place(BIDDER, id, { maxAmount: 1500 });
      jest.clearAllMocks();

      const placed = await place(RIVAL, id, { maxAmount: 1500 });

      expect(placed).toMatchObject({ leading: false, currentPrice: 1500, minimumBid: 1510 });
      expect(repository.auctions.get(id)).toMatchObject({
        leadingBidderId: BIDDER.id,
        currentPriceCents: 150_000,
      });
      expect(events.outbid).not.toHaveBeenCalled();
    });

    it("raised by the leader: recorded at the price, which stays; nobody's lead changes", async () => {
      const { id } = auction();
      await place(BIDDER, id, { maxAmount: 1500 });
      await place(RIVAL, id, { amount: 1200 });
      jest.clearAllMocks();

      const placed = await place(BIDDER, id, { maxAmount: 3000 });

      expect(placed).toEqual({
        bid: expect.objectContaining({ bidderId: BIDDER.id, amount: 1210, maxAmount: 3000, auto: false }),
        leading: true,
        currentPrice: 1210,
        minimumBid: 1220,
      });
      expect(repository.auctions.get(id)).toMatchObject({
        currentPriceCents: 121_000,
        leadingMaxCents: 300_000,
      });
      expect(events.bidUpdate).toHaveBeenCalledTimes(1);
      expect(events.outbid).not.toHaveBeenCalled();
      // A new maximum must be above the old one.
      await expectRefusal(
        place(BIDDER, id, { maxAmount: 3000 }),
        new BadRequestException('Your maximum is already 3000: a new one must be higher'),
      );
    });

    it('below the minimum: 400 naming the minimum, nothing written', async () => {
      const { id } = auction({
        bidCount: 1,
        currentPriceCents: 150_000,
        leadingBidderId: RIVAL.id,
        leadingMaxCents: 150_000,
      });
      await expectRefusal(
        place(BIDDER, id, { maxAmount: 1200 }),
        new BadRequestException('The minimum bid is 1510'),
      );
      expect(repository.auctions.get(id)).toMatchObject({ currentPriceCents: 150_000, bidCount: 1 });
      expectNothingHappened();
    });

    it('below the amount beside it: 400, nothing written', async () => {
      const { id } = auction();
      await expectRefusal(
        place(BIDDER, id, { amount: 1200, maxAmount: 1100 }),
        new BadRequestException('maxAmount must be at least amount'),
      );
      expectNothingHappened();
    });
  });

  it('refuses an offer without amount or maxAmount with 400, before any statement', async () => {
    const { id } = auction();
    await expectRefusal(place(BIDDER, id, {}), new BadRequestException('Send amount, maxAmount or both'));
    expect(repository.calls).toEqual([]);
    expectNothingHappened();
  });

  describe.each([
    ['a plain bid', { amount: 1000 }],
    ['a maximum', { maxAmount: 1500 }],
  ])('%s', (_, offer) => {
    it('on your own auction: 403', async () => {
      const { id } = auction();
      await expectRefusal(
        place(SELLER, id, offer),
        new ForbiddenException('You cannot bid on your own auction'),
      );
      expectNothingHappened();
    });

    it('on a missing auction: 404', async () => {
      await expectRefusal(place(BIDDER, 99, offer), new NotFoundException('Auction 99 not found'));
      expectNothingHappened();
    });

    it.each([
      ['closed', { status: AuctionStatus.Closed }, 'The auction is closed'],
      ['ended', { endsAt: new Date(Date.now() - 1000) }, 'The auction has ended'],
      ['not yet started', { startsAt: new Date(Date.now() + HOUR_MS) }, 'The auction has not started yet'],
    ])('on an auction %s: 409', async (_, changes, message) => {
      const { id } = auction(changes);
      await expectRefusal(place(BIDDER, id, offer), new ConflictException(message));
      expectNothingHappened();
    });

    it('in the last moments: extends the auction (soft close), tells the watchers, moves its close', async () => {
      const { id, endsAt: previousEnd } = auction({ endsAt: new Date(Date.now() + SOFT_CLOSE_MS / 2) });
      const before = Date.now();

      await place(BIDDER, id, offer);

      // The UPDATE leaves a bid that moves the end to the lock.
      expect(repository.calls).toEqual([
        ...('amount' in offer ? ['acceptPlainBid'] : []),
        'lockForBidding',
        'saveBidding',
        'insertBid',
      ]);
      const { endsAt } = repository.auctions.get(id)!;
      expect(endsAt.getTime()).toBeGreaterThanOrEqual(before + SOFT_CLOSE_MS);
      expect(endsAt.getTime()).toBeLessThanOrEqual(Date.now() + SOFT_CLOSE_MS);
      expect(events.newBid).toHaveBeenCalledWith(expect.objectContaining({ auctionId: id, endsAt }));
      expect(events.bidUpdate).toHaveBeenCalledWith(expect.objectContaining({ auctionId: id, endsAt }));
      expect(events.extended.mock.calls).toEqual([[{ auctionId: id, endsAt }]]);
      expect(scheduler.schedule).toHaveBeenCalledWith(id, endsAt, previousEnd);
    });
  });

  it('refuses a plain bid below the minimum with 400, naming it', async () => {
    const { id } = auction({
      bidCount: 1,
      currentPriceCents: 150_000,
      leadingBidderId: RIVAL.id,
      leadingMaxCents: 150_000,
    });
    await expectRefusal(
      place(BIDDER, id, { amount: 1505 }),
      new BadRequestException('The minimum bid is 1510'),
    );
    expectNothingHappened();
  });
});
