import { Auction, AuctionStatus } from '../../src/auctions/auction.entity';

const HOUR_MS = 3_600_000;

/**
 * An auction as its repository would return it, for service tests with fake repositories: active,
 * started an hour ago, ending in an hour, no bids yet; `changes` make it the case at hand.
 */
export function auctionRow(changes: Partial<Auction> = {}): Auction {
  return Object.assign(new Auction(), {
    id: 10,
    sellerId: 1,
    title: 'Corolla',
    description: '',
    carId: null,
    make: 'Toyota',
    model: 'Corolla',
    year: 2020,
    specs: {},
    startingPriceCents: 100_000,
    reservePriceCents: null,
    minIncrementCents: 1_000,
    currentPriceCents: 100_000,
    bidCount: 0,
    leadingBidderId: null,
    leadingMaxCents: null,
    status: AuctionStatus.Active,
    startsAt: new Date(Date.now() - HOUR_MS),
    endsAt: new Date(Date.now() + HOUR_MS),
    closedAt: null,
    createdAt: new Date(Date.now() - HOUR_MS),
    updatedAt: new Date(Date.now() - HOUR_MS),
    ...changes,
  });
}
