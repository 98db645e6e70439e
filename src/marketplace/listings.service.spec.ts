import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { FakeTransactions } from '../../test/support/fake-transactions';
import { CarsService } from '../cars/cars.service';
import { AuthUser } from '../common/auth-user';
import { Role } from '../common/roles';
import { Listing, ListingStatus } from './listing.entity';
import { ListingsService } from './listings.service';
import { MarketplaceRepository, Sale } from './marketplace.repository';
import { Transaction } from './transaction.entity';

/** Listings and sales in memory; `sellListing` keeps the conditional UPDATE's rule. */
class FakeMarketplace {
  readonly listings = new Map<number, Listing>();
  readonly sales: Transaction[] = [];
  /** What a racing request changes between the purchase's read and its UPDATE. */
  race?: (listing: Listing) => void;
  readonly callsOutsideUnit: string[] = [];

  constructor(private readonly transactions: FakeTransactions) {}

  async findListing(id: number): Promise<Listing | null> {
    this.noteUnit('findListing');
    const listing = this.listings.get(id);
    return listing ? { ...listing } : null;
  }

  async sellListing(listingId: number, sale: Sale): Promise<Transaction | null> {
    this.noteUnit('sellListing');
    const listing = this.listings.get(listingId);
    if (listing) this.race?.(listing);
    if (listing?.status !== ListingStatus.Active || listing.priceCents !== sale.priceCents) return null;
    listing.status = ListingStatus.Sold;
    const row: Transaction = {
      id: this.sales.length + 1,
      listingId,
      auctionId: null,
      ...sale,
      createdAt: new Date('2030-01-01T00:00:00Z'),
    };
    this.sales.push(row);
    return row;
  }

  private noteUnit(call: string): void {
    if (!this.transactions.inUnit) this.callsOutsideUnit.push(call);
  }
}

describe('ListingsService.purchase', () => {
  const SELLER: AuthUser = { id: 1, role: Role.User, sessionId: 1 };
  const BUYER: AuthUser = { id: 2, role: Role.User, sessionId: 2 };
  let transactions: FakeTransactions;
  let market: FakeMarketplace;
  let service: ListingsService;

  const listing = (changes: Partial<Listing> = {}): Listing => {
    const stored = {
      id: 10,
      sellerId: SELLER.id,
      carId: null,
      make: 'Toyota',
      model: 'Corolla',
      year: 2020,
      priceCents: 1_250_050,
      mileage: 1000,
      description: '',
      status: ListingStatus.Active,
      ...changes,
    } as Listing;
    market.listings.set(stored.id, stored);
    return stored;
  };

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeEach(() => {
    transactions = new FakeTransactions();
    market = new FakeMarketplace(transactions);
    service = new ListingsService(
      market as unknown as MarketplaceRepository,
      {} as CarsService,
      transactions.asService(),
    );
  });

  afterEach(() => expect(market.callsOutsideUnit).toEqual([]));

  it('sells an active listing at its price: writes the sale and returns it', async () => {
    const { id } = listing();
    const sold = await service.purchase(BUYER, id);
    expect(sold).toEqual({
      id: 1,
      listingId: id,
      auctionId: null,
      buyerId: BUYER.id,
      sellerId: SELLER.id,
      price: 12500.5,
      createdAt: new Date('2030-01-01T00:00:00Z'),
    });
    expect(market.sales).toHaveLength(1);
    expect(market.listings.get(id)?.status).toBe(ListingStatus.Sold);
  });

  it('sells at the expected price when it is still the price', async () => {
    const { id } = listing();
    expect((await service.purchase(BUYER, id, 12500.5)).price).toBe(12500.5);
  });

  it('refuses the seller their own listing (403) and sells nothing', async () => {
    const { id } = listing();
    const error = await refusal(service.purchase(SELLER, id));
    expect(error).toBeInstanceOf(ForbiddenException);
    expect((error as ForbiddenException).message).toBe('You cannot buy your own listing');
    expect(market.sales).toEqual([]);
  });

  it('answers 404 for a listing that does not exist', async () => {
    const error = await refusal(service.purchase(BUYER, 99));
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as NotFoundException).message).toBe('Listing 99 not found');
  });

  it.each([ListingStatus.Sold, ListingStatus.Withdrawn])('refuses a %s listing (409)', async (status) => {
    const { id } = listing({ status });
    const error = await refusal(service.purchase(BUYER, id));
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).message).toBe(`Listing ${id} is no longer for sale`);
    expect(market.sales).toEqual([]);
  });

  it('refuses (409, naming the current price) when the price is not the expected one', async () => {
    const { id } = listing();
    const error = await refusal(service.purchase(BUYER, id, 12000));
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).message).toBe(
      `The price of listing ${id} is now 12500.5, not 12000; ` +
        'nothing was bought (send the current price as expectedPrice to buy at it)',
    );
    expect(market.listings.get(id)?.status).toBe(ListingStatus.Active);
    expect(market.sales).toEqual([]);
  });

  it('refuses (409) when another buyer wins between the read and the UPDATE', async () => {
    const { id } = listing();
    market.race = (stored) => (stored.status = ListingStatus.Sold);
    const error = await refusal(service.purchase(BUYER, id));
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).message).toBe(`Listing ${id} is no longer for sale`);
    expect(market.sales).toEqual([]);
  });

  it('refuses (409) rather than charge another price when the seller changes it meanwhile', async () => {
    const { id } = listing();
    market.race = (stored) => (stored.priceCents = 1_300_000);
    const error = await refusal(service.purchase(BUYER, id));
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).message).toMatch(
      `The price of listing ${id} is now 13000, not 12500.5`,
    );
    expect(market.listings.get(id)?.status).toBe(ListingStatus.Active);
    expect(market.sales).toEqual([]);
  });
});
