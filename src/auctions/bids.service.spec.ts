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
import { AuctionsRepository, BiddingState, BidOffer, NewBid } from './auctions.repository';
import { Bid } from './bid.entity';
import { BidsService } from './bids.service';

/** Auctions and bids in memory; `acceptBid` and `insertBid` keep their statements' rules. */
class FakeAuctions {
  readonly auctions = new Map<number, Auction>();
  readonly bids: Bid[] = [];
  /** What a racing bid changes between the bid's read of the auction and the UPDATE after it. */
  race?: (auction: Auction) => void;
  readonly calls: string[] = [];
  readonly callsOutsideUnit: string[] = [];
  private read = false;

  constructor(private readonly transactions: FakeTransactions) {}

  async findById(id: number): Promise<Auction | null> {
    this.note('findById');
    this.read = true;
    const auction = this.auctions.get(id);
    return auction ? { ...auction } : null;
  }

  async acceptBid(
    { auctionId, bidderId, amountCents, now, softEnd }: BidOffer,
    { endMayMove }: { endMayMove: boolean },
  ): Promise<BiddingState | null> {
    this.note('acceptBid');
    const auction = this.auctions.get(auctionId);
    if (!auction) return null;
    if (this.read) this.race?.(auction);
    const open =
      auction.status === AuctionStatus.Active &&
      auction.sellerId !== bidderId &&
      auction.endsAt > now &&
      auction.startsAt <= now;
    const minimum =
      auction.bidCount === 0
        ? auction.startingPriceCents
        : auction.currentPriceCents + auction.minIncrementCents;
    const endMoves = auction.endsAt < softEnd;
    if (!open || amountCents < minimum || (endMoves && !endMayMove)) return null;
    Object.assign(auction, {
      currentPriceCents: amountCents,
      bidCount: auction.bidCount + 1,
      leadingBidderId: bidderId,
      endsAt: endMoves ? softEnd : auction.endsAt,
    });
    const { currentPriceCents, bidCount, endsAt } = auction;
    return { currentPriceCents, bidCount, endsAt };
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

  const auction = (changes: Partial<Auction> = {}): Auction => {
    const stored = auctionRow({
      sellerId: SELLER.id,
      ...changes,
    });
    repository.auctions.set(stored.id, stored);
    return stored;
  };

  beforeEach(() => {
    transactions = new FakeTransactions();
    repository = new FakeAuctions(transactions);
    events = { newBid: jest.fn(), extended: jest.fn(), statusChanged: jest.fn() };
    scheduler = { schedule: jest.fn(), unschedule: jest.fn() };
    service = new BidsService(
      repository as unknown as AuctionsRepository,
      transactions.asService(),
      scheduler as unknown as AuctionCloseScheduler,
      events,
      { softCloseMs: SOFT_CLOSE_MS, maxDays: 30 } as ConfigType<typeof auctionConfig>,
    );
  });

  afterEach(() => expect(repository.callsOutsideUnit).toEqual([]));

  const expectNothingHappened = () => {
    expect(repository.bids).toEqual([]);
    expect(events.newBid).not.toHaveBeenCalled();
    expect(events.extended).not.toHaveBeenCalled();
    expect(scheduler.schedule).not.toHaveBeenCalled();
  };

  it('accepts a bid by its UPDATE alone, numbers its bidder and tells the watchers', async () => {
    const { id, endsAt } = auction();

    const bid = await service.place(BIDDER, id, 1000);

    expect(repository.calls).toEqual(['acceptBid', 'insertBid']);
    expect(bid).toMatchObject({ auctionId: id, bidderId: BIDDER.id, bidderAlias: 'bidder 1', amount: 1000 });
    expect(repository.auctions.get(id)).toMatchObject({
      currentPriceCents: 100_000,
      bidCount: 1,
      leadingBidderId: BIDDER.id,
      endsAt,
    });
    expect(events.newBid).toHaveBeenCalledWith({
      auctionId: id,
      bid,
      currentPrice: 1000,
      bidCount: 1,
      endsAt,
    });
    expect(events.extended).not.toHaveBeenCalled();
    expect(scheduler.schedule).not.toHaveBeenCalled();
  });

  it("keeps a bidder's number in the auction and gives the next bidder the next one", async () => {
    const { id } = auction();
    await service.place(BIDDER, id, 1000);
    const rival = await service.place(RIVAL, id, 1010);
    const again = await service.place(BIDDER, id, 1020);
    expect([rival.bidderAlias, again.bidderAlias]).toEqual(['bidder 2', 'bidder 1']);
  });

  it('refuses a bid on your own auction with 403', async () => {
    const { id } = auction();
    await expect(service.place(SELLER, id, 1000)).rejects.toThrow(
      new ForbiddenException('You cannot bid on your own auction'),
    );
    expectNothingHappened();
  });

  it('refuses a bid on a missing auction with 404', async () => {
    await expect(service.place(BIDDER, 99, 1000)).rejects.toThrow(NotFoundException);
  });

  it.each([
    ['closed', { status: AuctionStatus.Closed }, 'The auction is closed'],
    ['ended', { endsAt: new Date(Date.now() - 1000) }, 'The auction has ended'],
    ['not yet started', { startsAt: new Date(Date.now() + HOUR_MS) }, 'The auction has not started yet'],
  ])('refuses a bid on an auction %s with 409', async (_, changes, message) => {
    const { id } = auction(changes);
    await expect(service.place(BIDDER, id, 1000)).rejects.toThrow(new ConflictException(message));
    expectNothingHappened();
  });

  it('refuses a bid below the minimum with 400, naming it', async () => {
    const { id } = auction({ bidCount: 1, currentPriceCents: 150_000, leadingBidderId: RIVAL.id });
    await expect(service.place(BIDDER, id, 1505)).rejects.toThrow(
      new BadRequestException('The minimum bid is 1510'),
    );
    expectNothingHappened();
  });

  // A bid in an auction's last moments is the one accepted after a read of the auction.
  it('answers 409 with the new minimum when a racing bid gets between the read and the UPDATE', async () => {
    const { id } = auction({ endsAt: new Date(Date.now() + SOFT_CLOSE_MS / 2) });
    repository.race = (stored) =>
      Object.assign(stored, { bidCount: 1, currentPriceCents: 120_000, leadingBidderId: RIVAL.id });

    await expect(service.place(BIDDER, id, 1000)).rejects.toThrow(
      new ConflictException('Outbid: the minimum bid is now 1210'),
    );
    expectNothingHappened();
  });

  it('answers 409 "ended" when the end passes between the read and the UPDATE', async () => {
    const { id } = auction({ endsAt: new Date(Date.now() + SOFT_CLOSE_MS / 2) });
    repository.race = (stored) => Object.assign(stored, { endsAt: new Date(Date.now() - 1) });
    await expect(service.place(BIDDER, id, 1000)).rejects.toThrow(
      new ConflictException('The auction has ended'),
    );
    expectNothingHappened();
  });

  it('extends an auction in its last moments (soft close), tells the watchers and moves its close', async () => {
    const { id, endsAt: previousEnd } = auction({ endsAt: new Date(Date.now() + SOFT_CLOSE_MS / 2) });
    const before = Date.now();

    await service.place(BIDDER, id, 1000);

    // The UPDATE that keeps the end takes nothing; the read gives the end the next one moves.
    expect(repository.calls).toEqual(['acceptBid', 'findById', 'acceptBid', 'insertBid']);
    const { endsAt } = repository.auctions.get(id)!;
    expect(endsAt.getTime()).toBeGreaterThanOrEqual(before + SOFT_CLOSE_MS);
    expect(endsAt.getTime()).toBeLessThanOrEqual(Date.now() + SOFT_CLOSE_MS);
    expect(events.newBid).toHaveBeenCalledWith(expect.objectContaining({ auctionId: id, endsAt }));
    expect(events.extended).toHaveBeenCalledWith({ auctionId: id, endsAt });
    expect(scheduler.schedule).toHaveBeenCalledWith(id, endsAt, previousEnd);
  });
});
