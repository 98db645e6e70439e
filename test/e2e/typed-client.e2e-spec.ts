import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import createClient, { Client } from 'openapi-fetch';
import type { components, paths } from '../generated/api';
import { DAY, fromNow, uniqueMake } from '../support/fixtures';
import { ADMIN, createTestApp, TestApp } from '../support/test-app';

type Schemas = components['schemas'];

/** What every call of an openapi-fetch client resolves to: the body as `data` or as `error`. */
interface Answer<Data, Failure> {
  data?: Data;
  error?: Failure;
  response: Response;
}

/** The body of an answer that must have `status`, typed as the document describes it. */
function expectData<Data, Failure>({ data, error, response }: Answer<Data, Failure>, status: number): Data {
  expect({ status: response.status, error }).toEqual({ status, error: undefined });
  if (data === undefined) throw new Error(`${response.url} answered ${response.status} without a body`);
  return data;
}

/** Jest's toMatchObject, with the expected fields and values checked against the type of the actual body. */
function expectFields<Body>(actual: Body, expected: NoInfer<Partial<Body>>): void {
  expect(actual).toMatchObject(expected);
}

/** The error body of an answer that must have `status`: the one error schema of the document. */
function expectError<Data>(
  { data, error, response }: Answer<Data, Schemas['ErrorResponseDto']>,
  status: number,
) {
  expect({ status: response.status, data }).toEqual({ status, data: undefined });
  if (error === undefined)
    throw new Error(`${response.url} answered ${response.status} without an error body`);
  expect(error.statusCode).toBe(status);
  expect(error.requestId).toBe(response.headers.get('x-request-id'));
  return error;
}

/**
 * The API through a client generated from its OpenAPI document (`npm run openapi:types`, then
 * openapi-fetch): a walk from signup to bids that compiles only while the document's paths,
 * parameters, bodies and answers are those the walk uses, and passes only while the server
 * answers as the document says.
 */
describe('a client typed by the OpenAPI document', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  /** A client of the API; with tokens, one that calls as their user. */
  const clientOf = (tokens?: Schemas['TokensDto']): Client<paths> =>
    createClient<paths>({
      baseUrl,
      headers: tokens ? { Authorization: `${tokens.tokenType} ${tokens.accessToken}` } : {},
    });

  async function signUp(name: string): Promise<Schemas['TokensDto']> {
    const username = `${name}_${randomBytes(4).toString('hex')}`;
    const body = { username, email: `${username}@example.com`, password: 'correct-horse-battery' };
    const session = expectData(await clientOf().POST('/api/auth/signup', { body }), 201);
    // Without `cookie: true` the tokens are in the body; tokenType tells the two answers apart.
    if (session.tokenType !== 'Bearer') throw new Error(`a cookie session instead of tokens for ${username}`);
    expectFields(session.user, { username, email: body.email, role: 'user' });
    expect(session.expiresIn).toBeGreaterThan(0);
    return session;
  }

  it('walks from signup through the catalogue, a purchase and bids to the sync status', async () => {
    const seller = clientOf(await signUp('seller'));
    const buyerTokens = await signUp('buyer');
    const buyer = clientOf(buyerTokens);
    const adminTokens = expectData(await clientOf().POST('/api/auth/login', { body: ADMIN }), 200);
    if (adminTokens.tokenType !== 'Bearer')
      throw new Error('a cookie session instead of tokens for the admin');
    expect(adminTokens.user.role).toBe('admin');
    const admin = clientOf(adminTokens);

    // The catalogue: the admin adds a model, anyone signed in finds it.
    const make = uniqueMake();
    const car = expectData(
      await admin.POST('/api/cars', { body: { make, model: 'Civic', year: 2018, category: 'Sedan' } }),
      201,
    );
    expectFields(car, {
      make,
      model: 'Civic',
      year: 2018,
      category: 'Sedan',
      source: 'manual',
      removedAt: null,
    });
    const catalogue = expectData(
      await buyer.GET('/api/cars', { params: { query: { make, sort: '-year' } } }),
      200,
    );
    expect(catalogue.data.map(({ id }) => id)).toEqual([car.id]);
    expect(catalogue.meta).toEqual<typeof catalogue.meta>({ page: 1, limit: 20, total: 1, totalPages: 1 });

    // The marketplace: the seller lists that car, the buyer buys it once.
    const listing = expectData(
      await seller.POST('/api/marketplace/listings', {
        body: {
          carId: car.id,
          price: 12500.5,
          mileage: 42000,
          specs: { fuelType: 'hybrid', features: ['sunroof'] },
        },
      }),
      201,
    );
    expect(listing.car).toEqual<typeof listing.car>({ make, model: 'Civic', year: 2018, carId: car.id });
    expectFields(listing.specs, { fuelType: 'hybrid', transmission: null, features: ['sunroof'] });
    expectFields(listing, { price: 12500.5, mileage: 42000, status: 'active' });
    const purchase = { params: { path: { id: listing.id } }, body: { expectedPrice: listing.price } };
    const sale = expectData(await buyer.POST('/api/marketplace/listings/{id}/purchase', purchase), 201);
    expectFields(sale, {
      listingId: listing.id,
      auctionId: null,
      buyerId: buyerTokens.user.id,
      sellerId: listing.seller.id,
      price: 12500.5,
    });
    const again = expectError(await buyer.POST('/api/marketplace/listings/{id}/purchase', purchase), 409);
    expect(again.error).toBe('Conflict');
    expect(again.message).toBe(`Listing ${listing.id} is no longer for sale`);

    // An auction: a plain bid, one below the minimum, then a maximum the platform bids for.
    const auction = expectData(
      await seller.POST('/api/auctions', {
        body: {
          title: 'Clean Civic, one owner',
          carId: car.id,
          startingPrice: 100,
          minIncrement: 10,
          endsAt: fromNow(7 * DAY),
        },
      }),
      201,
    );
    expectFields(auction, {
      status: 'active',
      currentPrice: 100,
      minimumBid: 100,
      bidCount: 0,
      leadingBidderAlias: null,
    });
    const bids = { params: { path: { auctionId: auction.id } } };
    const plain = expectData(
      await buyer.POST('/api/bids/auction/{auctionId}', { ...bids, body: { amount: 100 } }),
      201,
    );
    expectFields(plain, { leading: true, currentPrice: 100, minimumBid: 110 });
    expectFields(plain.bid, {
      auctionId: auction.id,
      bidderId: buyerTokens.user.id,
      amount: 100,
      auto: false,
    });
    const low = expectError(
      await buyer.POST('/api/bids/auction/{auctionId}', { ...bids, body: { amount: 105 } }),
      400,
    );
    expect(low.message).toBe('The minimum bid is 110');
    const proxy = expectData(
      await buyer.POST('/api/bids/auction/{auctionId}', { ...bids, body: { maxAmount: 500 } }),
      201,
    );
    // The leader raising their maximum keeps the price; the bidder sees the maximum on their own bid.
    expectFields(proxy, { leading: true, currentPrice: 100, minimumBid: 110 });
    expectFields(proxy.bid, { amount: 100, maxAmount: 500, auto: false });

    // The sync, as the admin sees it: no run yet in this database.
    const sync = expectData(await admin.GET('/api/sync/status'), 200);
    expect(sync.schedule.intervalMs).toBeGreaterThan(0);
    expect(sync.lastRun).toBeNull();
    expect(Object.values(sync.queue).every((count) => Number.isInteger(count))).toBe(true);
    expectError(await buyer.GET('/api/sync/status'), 403);
  });
});
