import { randomBytes } from 'node:crypto';
import {
  auctionInput,
  DAY,
  EMPTY_SPECS,
  fromNow,
  FULL_SPECS,
  idsOf,
  ISO_DATE,
  MAX_ID,
  uniqueMake,
} from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import { logInAdmin, signUp, SignedUpUser } from '../support/users';
import { sleep } from '../support/wait';

interface AuctionBody {
  id: number;
  title: string;
  description: string;
  seller: { id: number; username: string; displayName: string | null; createdAt: string };
  car: { make: string; model: string; year: number; carId: number | null };
  specs: Record<string, unknown>;
  startingPrice: number;
  reservePrice?: number | null;
  reserveMet: boolean;
  minIncrement: number;
  currentPrice: number;
  minimumBid: number;
  bidCount: number;
  leadingBidderId?: number | null;
  leadingBidderAlias: string | null;
  status: 'active' | 'closed' | 'sold' | 'cancelled';
  startsAt: string;
  endsAt: string;
  createdAt: string;
}

interface BidBody {
  id: number;
  auctionId: number;
  bidderId?: number;
  bidderAlias: string;
  amount: number;
  auto: boolean;
  createdAt: string;
}

type Query = Record<string, string | number>;

// Room for the first compile of the app on a cold cache, and for the auction that must run out.
jest.setTimeout(30_000);

const MINUTE = 60_000;

describe('auction routes', () => {
  let t: TestApp;
  let seller: SignedUpUser;
  let bidder: SignedUpUser;
  let other: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    [seller, bidder, other] = [await signUp(t), await signUp(t), await signUp(t)];
  });
  afterAll(() => t.close());

  const createAuction = (body: object, as: SignedUpUser = seller) =>
    t.http.post('/api/auctions').set(as.auth).send(body);
  const addAuction = async (changes: object = {}, as: SignedUpUser = seller): Promise<AuctionBody> =>
    (await createAuction(auctionInput(changes), as).expect(201)).body;
  const getAuction = (id: number | string, as: SignedUpUser = seller) =>
    t.http.get(`/api/auctions/${id}`).set(as.auth);
  const auctionById = async (id: number, as: SignedUpUser = seller): Promise<AuctionBody> =>
    (await getAuction(id, as).expect(200)).body;
  const listAuctions = (query: Query, as: SignedUpUser = seller) =>
    t.http.get('/api/auctions').query(query).set(as.auth);
  const listIds = async (query: Query) => idsOf(await listAuctions(query).expect(200));
  const search = (query: Query) => t.http.get('/api/auctions/search').query(query).set(seller.auth);
  const patchAuction = (id: number | string, body: object, as: SignedUpUser = seller) =>
    t.http.patch(`/api/auctions/${id}`).set(as.auth).send(body);
  const putAuction = (id: number | string, body: object, as: SignedUpUser = seller) =>
    t.http.put(`/api/auctions/${id}`).set(as.auth).send(body);
  const deleteAuction = (id: number | string, as: SignedUpUser = seller) =>
    t.http.delete(`/api/auctions/${id}`).set(as.auth);
  const bid = (id: number | string, body: object, as: SignedUpUser = bidder) =>
    t.http.post(`/api/bids/auction/${id}`).set(as.auth).send(body);
  const bidViaAlias = (id: number | string, body: object, as: SignedUpUser = bidder) =>
    t.http.post(`/api/auctions/${id}/bids`).set(as.auth).send(body);
  const placeBid = async (id: number, amount: number, as: SignedUpUser = bidder): Promise<BidBody> =>
    (await bid(id, { amount }, as).expect(201)).body.bid;
  const bidsOfAuction = (id: number | string, query: Query = {}) =>
    t.http.get(`/api/bids/auction/${id}`).query(query).set(other.auth);
  const auctionsOfUser = (user: SignedUpUser, as: SignedUpUser = other) =>
    t.http.get(`/api/users/${user.id}/auctions`).set(as.auth);
  /** How many auctions (any status) the user sells. */
  const auctionCount = async (user: SignedUpUser): Promise<number> =>
    (await auctionsOfUser(user).expect(200)).body.meta.total;
  const cancelled = async (changes: object = {}) => {
    const auction = await addAuction(changes);
    await deleteAuction(auction.id).expect(204);
    return auction;
  };

  it('every route without a token is 401 and changes nothing', async () => {
    const auction = await addAuction();
    const routes = [
      () => t.http.get('/api/auctions'),
      () => t.http.get('/api/auctions/search?q=civic'),
      () => t.http.get(`/api/auctions/${auction.id}`),
      () => t.http.post('/api/auctions').send(auctionInput()),
      () => t.http.patch(`/api/auctions/${auction.id}`).send({ title: 'Changed title' }),
      () => t.http.put(`/api/auctions/${auction.id}`).send(auctionInput()),
      () => t.http.delete(`/api/auctions/${auction.id}`),
      () => t.http.post(`/api/auctions/${auction.id}/bids`).send({ amount: 500 }),
      () => t.http.post(`/api/bids/auction/${auction.id}`).send({ amount: 500 }),
      () => t.http.get(`/api/bids/auction/${auction.id}`),
      () => t.http.get('/api/bids/user'),
      () => t.http.get('/api/bids/1'),
      () => t.http.get(`/api/users/${seller.id}/auctions`),
      () => t.http.get(`/api/users/${seller.id}/bids`),
      () => t.http.post(`/api/favorites/auction/${auction.id}`),
    ];
    for (const call of routes) expectError(await call(), 401);
    expect(await auctionById(auction.id)).toEqual(auction);
  });

  describe('POST /api/auctions', () => {
    it('opens an auction and answers the full shape, with the seller but not their email', async () => {
      const input = auctionInput({ description: 'Garage kept', specs: FULL_SPECS, reservePrice: 500.5 });
      const response = await createAuction(input).expect(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        title: input.title,
        description: 'Garage kept',
        seller: {
          id: seller.id,
          username: seller.username,
          displayName: null,
          createdAt: expect.stringMatching(ISO_DATE),
        },
        car: { make: input.make, model: 'Civic', year: 2018, carId: null },
        specs: FULL_SPECS,
        startingPrice: 100,
        reservePrice: 500.5,
        reserveMet: false,
        minIncrement: 10,
        currentPrice: 100,
        minimumBid: 100,
        bidCount: 0,
        leadingBidderId: null,
        leadingBidderAlias: null,
        status: 'active',
        startsAt: expect.stringMatching(ISO_DATE),
        endsAt: input.endsAt,
        createdAt: expect.stringMatching(ISO_DATE),
      });
      expect(response.text).not.toContain(seller.email);
      expect(await auctionById(response.body.id)).toEqual(response.body);
    });

    it('defaults: empty description and specs, minIncrement 1, no reserve (so reserveMet)', async () => {
      const auction = await addAuction({ minIncrement: undefined });
      expect(auction).toMatchObject({
        description: '',
        specs: EMPTY_SPECS,
        minIncrement: 1,
        reservePrice: null,
        reserveMet: true,
      });
    });

    it('of a catalogue carId: copies make, model and year and keeps carId', async () => {
      const make = uniqueMake();
      const { body: car } = await t.http
        .post('/api/cars')
        .set(seller.auth)
        .send({ make, model: 'Supra', year: 1998 })
        .expect(201);
      const input = auctionInput({ carId: car.id, make: undefined, model: undefined, year: undefined });
      const auction = (await createAuction(input).expect(201)).body;
      expect(auction.car).toEqual({ make, model: 'Supra', year: 1998, carId: car.id });
    });

    it('accepts an end just inside AUCTION_MAX_DAYS (30) and money bounds 0.01 and 10,000,000', async () => {
      await createAuction(auctionInput({ endsAt: fromNow(30 * DAY - MINUTE) })).expect(201);
      const cheap = await addAuction({ startingPrice: 0.01, minIncrement: 0.01 });
      expect(cheap).toMatchObject({ startingPrice: 0.01, minIncrement: 0.01, minimumBid: 0.01 });
      expect((await addAuction({ startingPrice: 10_000_000 })).currentPrice).toBe(10_000_000);
    });

    describe('rejects bad input with 400 and creates nothing', () => {
      let rejected: SignedUpUser;

      beforeAll(async () => {
        rejected = await signUp(t);
      });

      it.each<[string, () => object]>([
        ['endsAt in the past', () => ({ endsAt: fromNow(-MINUTE) })],
        ['endsAt now', () => ({ endsAt: fromNow(0) })],
        ['endsAt beyond AUCTION_MAX_DAYS', () => ({ endsAt: fromNow(30 * DAY + MINUTE) })],
        ['endsAt that is not a date', () => ({ endsAt: 'next week' })],
        ['a missing endsAt', () => ({ endsAt: undefined })],
        ['reservePrice below startingPrice', () => ({ startingPrice: 100, reservePrice: 99.99 })],
        ['reservePrice null', () => ({ reservePrice: null })],
        ['startingPrice 0', () => ({ startingPrice: 0 })],
        ['a negative startingPrice', () => ({ startingPrice: -1 })],
        ['startingPrice with 3 decimals', () => ({ startingPrice: 100.005 })],
        ['startingPrice 1e-7', () => ({ startingPrice: 1e-7 })],
        ['startingPrice over 10,000,000', () => ({ startingPrice: 10_000_000.01 })],
        ['startingPrice as a string', () => ({ startingPrice: '100' })],
        ['a missing startingPrice', () => ({ startingPrice: undefined })],
        ['minIncrement 0', () => ({ minIncrement: 0 })],
        ['minIncrement with 3 decimals', () => ({ minIncrement: 0.001 })],
        ['reservePrice 1e-7', () => ({ reservePrice: 1e-7 })],
        ['a title of 2 characters', () => ({ title: 'ab' })],
        ['a title of 2 characters padded with spaces', () => ({ title: '  ab  ' })],
        ['a title of 121 characters', () => ({ title: 'x'.repeat(121) })],
        ['a missing title', () => ({ title: undefined })],
        ['a missing make without carId', () => ({ make: undefined })],
        ['a year before 1886', () => ({ year: 1885 })],
        ['an unknown condition', () => ({ specs: { condition: 'mint' } })],
        ['an unknown field', () => ({ color: 'red' })],
        ['a status', () => ({ status: 'sold' })],
        ['a currentPrice', () => ({ currentPrice: 1 })],
        ['a sellerId', () => ({ sellerId: 1 })],
      ])('%s', async (_name, changes) => {
        expectError(await createAuction(auctionInput(changes()), rejected), 400);
        expect(await auctionCount(rejected)).toBe(0);
      });

      it('an unknown carId', async () => {
        const input = auctionInput({ carId: MAX_ID, make: undefined, model: undefined, year: undefined });
        expectError(await createAuction(input, rejected), 400);
        expect(await auctionCount(rejected)).toBe(0);
      });
    });
  });

  describe('the reserve price', () => {
    it('only the seller sees it; others see reserveMet, false until a bid reaches it', async () => {
      const auction = await addAuction({ reservePrice: 150 });
      const othersView = await auctionById(auction.id, other);
      expect(othersView).not.toHaveProperty('reservePrice');
      expect(othersView.reserveMet).toBe(false);

      await placeBid(auction.id, 140);
      expect(await auctionById(auction.id, other)).toMatchObject({ currentPrice: 140, reserveMet: false });
      await placeBid(auction.id, 150, other);
      const after = await auctionById(auction.id, bidder);
      expect(after).not.toHaveProperty('reservePrice');
      expect(after.reserveMet).toBe(true);
      expect(await auctionById(auction.id)).toMatchObject({ reservePrice: 150, reserveMet: true });
    });

    it('is left out of lists for others and kept in the seller’s', async () => {
      const auction = await addAuction({ reservePrice: 300 });
      const make = auction.car.make;
      const [othersView] = (await listAuctions({ make }, other).expect(200)).body.data;
      expect(othersView).toEqual({ ...auction, reservePrice: undefined, leadingBidderId: undefined });
      expect(othersView).not.toHaveProperty('reservePrice');
      expect((await listAuctions({ make }).expect(200)).body.data).toEqual([auction]);
    });

    it('without a reserve, reserveMet is true for everyone', async () => {
      const auction = await addAuction();
      expect((await auctionById(auction.id, other)).reserveMet).toBe(true);
    });
  });

  describe('GET /api/auctions', () => {
    it('shows active auctions by default; status=cancelled shows the cancelled ones', async () => {
      const make = uniqueMake();
      const active = await addAuction({ make });
      const gone = await cancelled({ make });
      expect(await listIds({ make })).toEqual([active.id]);
      expect(await listIds({ make, status: 'active' })).toEqual([active.id]);
      expect(await listIds({ make, status: 'cancelled' })).toEqual([gone.id]);
      expect(await listIds({ make, status: 'sold' })).toEqual([]);
      expect(await listIds({ make, status: 'closed' })).toEqual([]);
    });

    it('make and model match exactly, in any letter case', async () => {
      const make = uniqueMake();
      const civic = await addAuction({ make, model: 'Civic' });
      const typeR = await addAuction({ make, model: 'Civic Type R' });
      expect(await listIds({ make: make.toUpperCase(), sort: 'createdAt' })).toEqual([civic.id, typeR.id]);
      expect(await listIds({ make: make.slice(0, -1) })).toEqual([]);
      expect(await listIds({ make, model: 'CIVIC' })).toEqual([civic.id]);
      expect(await listIds({ make, model: 'civic type r' })).toEqual([typeR.id]);
    });

    it('yearFrom and yearTo are inclusive', async () => {
      const make = uniqueMake();
      const y2010 = (await addAuction({ make, year: 2010 })).id;
      const y2015 = (await addAuction({ make, year: 2015 })).id;
      const y2020 = (await addAuction({ make, year: 2020 })).id;
      expect(await listIds({ make, yearFrom: 2015, sort: 'createdAt' })).toEqual([y2015, y2020]);
      expect(await listIds({ make, yearTo: 2015, sort: 'createdAt' })).toEqual([y2010, y2015]);
      expect(await listIds({ make, yearFrom: 2015, yearTo: 2015 })).toEqual([y2015]);
    });

    it('priceMin and priceMax bound the current price, inclusive', async () => {
      const make = uniqueMake();
      const raised = (await addAuction({ make, startingPrice: 100 })).id;
      const mid = (await addAuction({ make, startingPrice: 200 })).id;
      const top = (await addAuction({ make, startingPrice: 300.5 })).id;
      await placeBid(raised, 250);
      const priced = (query: Query) => listIds({ make, sort: 'currentPrice', ...query });
      expect(await priced({ priceMin: 210 })).toEqual([raised, top]);
      expect(await priced({ priceMax: 200 })).toEqual([mid]);
      expect(await priced({ priceMin: 250, priceMax: 250 })).toEqual([raised]);
      expect(await priced({ priceMin: 300.5 })).toEqual([top]);
      expect(await priced({ priceMax: 300.49 })).toEqual([mid, raised]);
    });

    it('sellerId keeps one seller’s auctions', async () => {
      const make = uniqueMake();
      const mine = await addAuction({ make });
      const theirs = await addAuction({ make }, other);
      expect(await listIds({ make, sellerId: seller.id })).toEqual([mine.id]);
      expect(await listIds({ make, sellerId: other.id })).toEqual([theirs.id]);
      expect(await listIds({ make, sellerId: bidder.id })).toEqual([]);
    });

    it('endingBefore keeps auctions that end before that time', async () => {
      const make = uniqueMake();
      const day1 = (await addAuction({ make, endsAt: fromNow(DAY) })).id;
      const day2 = (await addAuction({ make, endsAt: fromNow(2 * DAY) })).id;
      await addAuction({ make, endsAt: fromNow(3 * DAY) });
      expect(await listIds({ make, endingBefore: fromNow(2.5 * DAY) })).toEqual([day1, day2]);
      expect(await listIds({ make, endingBefore: fromNow(1.5 * DAY) })).toEqual([day1]);
      expect(await listIds({ make, endingBefore: fromNow(MINUTE) })).toEqual([]);
    });

    it('sorts by endsAt, currentPrice and createdAt, both directions; soonest end by default', async () => {
      const make = uniqueMake();
      // Created in the order a, b, c; each field orders them differently.
      const a = (await addAuction({ make, endsAt: fromNow(3 * DAY), startingPrice: 200 })).id;
      const b = (await addAuction({ make, endsAt: fromNow(DAY), startingPrice: 300 })).id;
      const c = (await addAuction({ make, endsAt: fromNow(2 * DAY), startingPrice: 100 })).id;
      const sorted = (sort: string) => listIds({ make, sort });
      expect(await listIds({ make })).toEqual([b, c, a]);
      expect(await sorted('endsAt')).toEqual([b, c, a]);
      expect(await sorted('-endsAt')).toEqual([a, c, b]);
      expect(await sorted('currentPrice')).toEqual([c, a, b]);
      expect(await sorted('-currentPrice')).toEqual([b, a, c]);
      expect(await sorted('createdAt')).toEqual([a, b, c]);
      expect(await sorted('-createdAt')).toEqual([c, b, a]);
    });

    it('pages with data and meta', async () => {
      const make = uniqueMake();
      const ids: number[] = [];
      for (let i = 1; i <= 3; i++) ids.push((await addAuction({ make, endsAt: fromNow(i * DAY) })).id);
      const first = await listAuctions({ make, limit: 2 }).expect(200);
      expect(first.body.meta).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });
      expect(idsOf(first)).toEqual(ids.slice(0, 2));
      const second = await listAuctions({ make, limit: 2, page: 2 }).expect(200);
      expect(second.body.meta).toEqual({ page: 2, limit: 2, total: 3, totalPages: 2 });
      expect(idsOf(second)).toEqual(ids.slice(2));
      expect((await listAuctions({ make }).expect(200)).body.meta).toEqual({
        page: 1,
        limit: 20,
        total: 3,
        totalPages: 1,
      });
    });

    it.each<Query>([
      { limit: 0 },
      { limit: 101 },
      { page: 0 },
      { sort: 'title' },
      { sort: 'price' },
      { sort: '+endsAt' },
      { status: 'open' },
      { status: 'ACTIVE' },
      { yearFrom: 'abc' },
      { yearTo: 2000.5 },
      { priceMin: -1 },
      { priceMin: 1.005 },
      { priceMax: 'cheap' },
      { priceMin: '1e-7' },
      { sellerId: 0 },
      { sellerId: 'me' },
      { endingBefore: 'tomorrow' },
      { color: 'red' },
    ])('rejects %p with 400', async (query) => {
      expectError(await listAuctions(query), 400);
    });
  });

  describe('GET /api/auctions/search', () => {
    it('finds q in title, description, make or model, in any letter case', async () => {
      const tag = randomBytes(4).toString('hex');
      const byTitle = await addAuction({ title: `Rare ${tag} coupe`, endsAt: fromNow(DAY) });
      const byDescription = await addAuction({ description: `Has a ${tag} kit`, endsAt: fromNow(2 * DAY) });
      const byMake = await addAuction({ make: `Make${tag}`, endsAt: fromNow(3 * DAY) });
      const byModel = await addAuction({ model: `Model${tag}`, endsAt: fromNow(4 * DAY) });
      await addAuction({ title: 'Nothing to see here' });
      const found = await search({ q: tag.toUpperCase() }).expect(200);
      expect(idsOf(found)).toEqual([byTitle.id, byDescription.id, byMake.id, byModel.id]);
      expect(found.body.meta).toEqual({ page: 1, limit: 20, total: 4, totalPages: 1 });
      expect(idsOf(await search({ q: `${tag} COUPE` }).expect(200))).toEqual([byTitle.id]);
      expect(idsOf(await search({ q: tag, limit: 1, page: 2 }).expect(200))).toEqual([byDescription.id]);
    });

    it('takes % and _ literally', async () => {
      const tag = randomBytes(4).toString('hex');
      const percent = await addAuction({ title: `${tag} 100% original` });
      await addAuction({ title: `${tag} all original` });
      expect(idsOf(await search({ q: `${tag} 100%` }).expect(200))).toEqual([percent.id]);
      expect(idsOf(await search({ q: `${tag}_` }).expect(200))).toEqual([]);
    });

    it.each<Query>([{}, { q: 'x'.repeat(129) }, { q: 'civic', limit: 0 }, { q: 'civic', color: 'red' }])(
      'rejects %p with 400',
      async (query) => {
        expectError(await search(query), 400);
      },
    );
  });

  describe('GET /api/auctions/:id', () => {
    it('answers the auction to any signed-in user', async () => {
      const auction = await addAuction({ specs: FULL_SPECS });
      expect(await auctionById(auction.id, other)).toEqual({
        ...auction,
        reservePrice: undefined,
        leadingBidderId: undefined,
      });
    });

    it('an unknown id is 404', async () => {
      expectError(await getAuction(MAX_ID), 404);
    });

    it.each(['abc', '0', '-1', '1.5', '99999999999'])('id %p is 400', async (id) => {
      expectError(await getAuction(id), 400);
    });
  });

  describe('PATCH /api/auctions/:id', () => {
    const withBid = async () => {
      const auction = await addAuction({ reservePrice: 200 });
      await placeBid(auction.id, 100);
      return auctionById(auction.id);
    };

    it('the seller changes title and description; the rest stays', async () => {
      const auction = await addAuction({ description: 'Before', specs: FULL_SPECS });
      const response = await patchAuction(auction.id, { title: 'New title', description: 'After' }).expect(
        200,
      );
      expect(response.body).toEqual({ ...auction, title: 'New title', description: 'After' });
      expect(await auctionById(auction.id)).toEqual(response.body);
    });

    it('without bids, the seller changes startingPrice, reservePrice, minIncrement and endsAt', async () => {
      const auction = await addAuction({ reservePrice: 200 });
      const endsAt = fromNow(10 * DAY);
      const changes = { startingPrice: 150, reservePrice: 400, minIncrement: 5, endsAt };
      const response = await patchAuction(auction.id, changes).expect(200);
      expect(response.body).toEqual({ ...auction, ...changes, currentPrice: 150, minimumBid: 150 });
      expect(await auctionById(auction.id)).toEqual(response.body);
    });

    it('reservePrice null removes the reserve (so reserveMet is true)', async () => {
      const auction = await addAuction({ reservePrice: 200 });
      const response = await patchAuction(auction.id, { reservePrice: null }).expect(200);
      expect(response.body).toMatchObject({ reservePrice: null, reserveMet: true });
    });

    it('an empty body changes nothing', async () => {
      const auction = await addAuction();
      await patchAuction(auction.id, {}).expect(200);
      expect(await auctionById(auction.id)).toEqual(auction);
    });

    it('after a bid, the title still changes and the description is added to', async () => {
      const auction = await withBid();
      await patchAuction(auction.id, { title: 'Still open', description: 'More photos' }).expect(200);
      expect(await auctionById(auction.id)).toEqual({
        ...auction,
        title: 'Still open',
        description: 'More photos',
      });
    });

    it.each<[string, () => object]>([
      ['startingPrice', () => ({ startingPrice: 50 })],
      ['reservePrice', () => ({ reservePrice: 300 })],
      ['minIncrement', () => ({ minIncrement: 1 })],
      ['endsAt', () => ({ endsAt: fromNow(20 * DAY) })],
    ])('after a bid, %s is 409 and nothing changes', async (_name, changes) => {
      const auction = await withBid();
      expectError(await patchAuction(auction.id, { title: 'Sneaky', ...changes() }), 409);
      expect(await auctionById(auction.id)).toEqual(auction);
    });

    it.each<[string, () => object]>([
      ['an unknown field', () => ({ title: 'Fine title', color: 'red' })],
      ['a status', () => ({ status: 'sold' })],
      ['a title of 2 characters', () => ({ title: 'ab' })],
      ['a title of 2 characters padded with spaces', () => ({ title: '  ab  ' })],
      ['title null', () => ({ title: null })],
      ['startingPrice 0', () => ({ startingPrice: 0 })],
      ['minIncrement 1e-7', () => ({ minIncrement: 1e-7 })],
      ['a reservePrice below the startingPrice', () => ({ reservePrice: 99 })],
      ['a startingPrice above the reservePrice', () => ({ startingPrice: 201 })],
      ['endsAt in the past', () => ({ endsAt: fromNow(-MINUTE) })],
      ['endsAt beyond AUCTION_MAX_DAYS', () => ({ endsAt: fromNow(31 * DAY) })],
    ])('%s is 400 and nothing changes', async (_name, body) => {
      const auction = await addAuction({ reservePrice: 200 });
      expectError(await patchAuction(auction.id, body()), 400);
      expect(await auctionById(auction.id)).toEqual(auction);
    });

    it('another user is 403 and nothing changes', async () => {
      const auction = await addAuction();
      expectError(await patchAuction(auction.id, { title: 'Mine now' }, other), 403);
      expect(await auctionById(auction.id)).toEqual(auction);
    });

    it('a cancelled auction is 409, even for its title', async () => {
      const auction = await cancelled();
      expectError(await patchAuction(auction.id, { title: 'Back again' }), 409);
      expect(await auctionById(auction.id)).toEqual({ ...auction, status: 'cancelled' });
    });

    it('a car described anew no longer points at the catalogue car', async () => {
      const make = uniqueMake();
      const { body: car } = await t.http
        .post('/api/cars')
        .set(seller.auth)
        .send({ make, model: 'Miata', year: 1995 })
        .expect(201);
      const auction = await addAuction({ carId: car.id, make: undefined, model: undefined, year: undefined });
      const response = await patchAuction(auction.id, { model: 'MX-5 RF' }).expect(200);
      expect(response.body.car).toEqual({ make, model: 'MX-5 RF', year: 1995, carId: null });
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await patchAuction(MAX_ID, { title: 'Nobody home' }), 404);
      expectError(await patchAuction('abc', { title: 'Nobody home' }), 400);
    });
  });

  describe('PUT /api/auctions/:id', () => {
    const replacement = (changes: object = {}) => ({
      title: 'Replaced title',
      make: uniqueMake(),
      model: 'Accord',
      year: 2021,
      startingPrice: 250.25,
      minIncrement: 2.5,
      endsAt: fromNow(5 * DAY),
      ...changes,
    });

    it('replaces the auction; description, specs and reserve left out are cleared', async () => {
      const auction = await addAuction({ description: 'Before', specs: FULL_SPECS, reservePrice: 900 });
      const body = replacement();
      const response = await putAuction(auction.id, body).expect(200);
      expect(response.body).toEqual({
        ...auction,
        title: 'Replaced title',
        description: '',
        car: { make: body.make, model: 'Accord', year: 2021, carId: null },
        specs: EMPTY_SPECS,
        startingPrice: 250.25,
        reservePrice: null,
        reserveMet: true,
        minIncrement: 2.5,
        currentPrice: 250.25,
        minimumBid: 250.25,
        endsAt: body.endsAt,
      });
      expect(await auctionById(auction.id)).toEqual(response.body);
    });

    it('sets the description, specs and reserve it is given', async () => {
      const auction = await addAuction();
      const changes = { description: 'After', specs: FULL_SPECS, reservePrice: 300 };
      await putAuction(auction.id, replacement(changes)).expect(200);
      expect(await auctionById(auction.id)).toMatchObject(changes);
    });

    it.each(['title', 'make', 'model', 'year', 'startingPrice', 'minIncrement', 'endsAt'])(
      'a missing %s is 400 and nothing changes',
      async (field) => {
        const auction = await addAuction();
        expectError(await putAuction(auction.id, replacement({ [field]: undefined })), 400);
        expect(await auctionById(auction.id)).toEqual(auction);
      },
    );

    it.each<[string, object]>([
      ['an unknown field', { sellerId: 1 }],
      ['startingPrice 0', { startingPrice: 0 }],
      ['reservePrice below startingPrice', { reservePrice: 100 }],
    ])('%s is 400 and nothing changes', async (_name, changes) => {
      const auction = await addAuction();
      expectError(await putAuction(auction.id, replacement(changes)), 400);
      expect(await auctionById(auction.id)).toEqual(auction);
    });

    it('after a bid it is 409 and nothing changes', async () => {
      const auction = await addAuction();
      await placeBid(auction.id, 100);
      const before = await auctionById(auction.id);
      expectError(await putAuction(auction.id, replacement()), 409);
      expect(await auctionById(auction.id)).toEqual(before);
    });

    it('another user is 403; a cancelled auction is 409', async () => {
      const auction = await addAuction();
      expectError(await putAuction(auction.id, replacement(), other), 403);
      expect(await auctionById(auction.id)).toEqual(auction);
      const gone = await cancelled();
      expectError(await putAuction(gone.id, replacement()), 409);
      expect((await auctionById(gone.id)).title).toBe(gone.title);
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await putAuction(MAX_ID, replacement()), 404);
      expectError(await putAuction('-1', replacement()), 400);
    });
  });

  describe('DELETE /api/auctions/:id', () => {
    it('the seller cancels an auction without bids: 204, then it is cancelled and out of the default list', async () => {
      const auction = await addAuction();
      const response = await deleteAuction(auction.id).expect(204);
      expect(response.text).toBe('');
      expect(await auctionById(auction.id)).toEqual({ ...auction, status: 'cancelled' });
      expect(await listIds({ make: auction.car.make })).toEqual([]);
      expect(await listIds({ make: auction.car.make, status: 'cancelled' })).toEqual([auction.id]);
      expectError(await deleteAuction(auction.id), 409);
    });

    it('with bids it is 409 and the auction stays active', async () => {
      const auction = await addAuction();
      await placeBid(auction.id, 100);
      expectError(await deleteAuction(auction.id), 409);
      expect(await auctionById(auction.id)).toMatchObject({ status: 'active', bidCount: 1 });
    });

    it('another user is 403 and the auction stays', async () => {
      const auction = await addAuction();
      expectError(await deleteAuction(auction.id, other), 403);
      expect(await auctionById(auction.id)).toEqual(auction);
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await deleteAuction(MAX_ID), 404);
      expectError(await deleteAuction('1.5'), 400);
    });
  });

  describe('placing bids', () => {
    it('POST /api/bids/auction/:auctionId answers 201 with the bid', async () => {
      const auction = await addAuction();
      const response = await bid(auction.id, { amount: 100 }).expect(201);
      expect(response.body).toEqual({
        bid: {
          id: expect.any(Number),
          auctionId: auction.id,
          bidderId: bidder.id,
          bidderAlias: 'bidder 1',
          amount: 100,
          auto: false,
          createdAt: expect.stringMatching(ISO_DATE),
        },
        leading: true,
        currentPrice: 100,
        minimumBid: 110,
      });
      const { bid: placed } = response.body;
      expect((await t.http.get(`/api/bids/${placed.id}`).set(bidder.auth).expect(200)).body).toEqual(placed);
    });

    it('the alias POST /api/auctions/:id/bids does the same', async () => {
      const auction = await addAuction();
      const response = await bidViaAlias(auction.id, { amount: 120.5 }).expect(201);
      expect(response.body).toEqual({
        bid: {
          id: expect.any(Number),
          auctionId: auction.id,
          bidderId: bidder.id,
          bidderAlias: 'bidder 1',
          amount: 120.5,
          auto: false,
          createdAt: expect.stringMatching(ISO_DATE),
        },
        leading: true,
        currentPrice: 120.5,
        minimumBid: 130.5,
      });
      expect(await auctionById(auction.id)).toMatchObject({ currentPrice: 120.5, bidCount: 1 });
    });

    it('the first bid is at least startingPrice, later ones currentPrice + minIncrement (400 names it)', async () => {
      const auction = await addAuction({ startingPrice: 100, minIncrement: 10 });
      const low = await bid(auction.id, { amount: 99.99 });
      expectError(low, 400);
      expect(low.body.message).toContain('100');
      await placeBid(auction.id, 100);
      const short = await bid(auction.id, { amount: 109.99 }, other);
      expectError(short, 400);
      expect(short.body.message).toContain('110');
      await placeBid(auction.id, 110, other);
      expectError(await bidViaAlias(auction.id, { amount: 119 }), 400);
      expect(await auctionById(auction.id)).toMatchObject({
        currentPrice: 110,
        bidCount: 2,
        leadingBidderId: other.id,
        minimumBid: 120,
      });
    });

    it('the auction shows the highest bid, the count, the leader and the next minimum', async () => {
      const auction = await addAuction({ startingPrice: 1000, minIncrement: 25.5 });
      await placeBid(auction.id, 1000);
      await placeBid(auction.id, 1100.25, other);
      await placeBid(auction.id, 1200);
      expect(await auctionById(auction.id, seller)).toMatchObject({
        startingPrice: 1000,
        currentPrice: 1200,
        bidCount: 3,
        leadingBidderId: bidder.id,
        leadingBidderAlias: 'bidder 1',
        minimumBid: 1225.5,
      });
    });

    it('the seller cannot bid: 403 on both routes, and no bid is recorded', async () => {
      const auction = await addAuction();
      expectError(await bid(auction.id, { amount: 100 }, seller), 403);
      expectError(await bidViaAlias(auction.id, { amount: 100 }, seller), 403);
      expect(await auctionById(auction.id)).toEqual(auction);
      expect((await bidsOfAuction(auction.id).expect(200)).body.meta.total).toBe(0);
    });

    it('a cancelled auction is 409', async () => {
      const auction = await cancelled();
      expectError(await bid(auction.id, { amount: 500 }), 409);
      expectError(await bidViaAlias(auction.id, { amount: 500 }), 409);
      expect((await auctionById(auction.id)).bidCount).toBe(0);
    });

    it('an auction past its end (still active: no worker here) is 409', async () => {
      const { body: auction } = await createAuction(auctionInput({ endsAt: fromNow(1500) })).expect(201);
      await sleep(Math.max(0, Date.parse(auction.endsAt) + 150 - Date.now()));
      expectError(await bid(auction.id, { amount: 500 }), 409);
      expect(await auctionById(auction.id)).toMatchObject({
        status: 'active',
        bidCount: 0,
        currentPrice: 100,
      });
    });

    it('an auction that has not started yet is 409', async () => {
      const auction = await addAuction({ startsAt: fromNow(DAY), endsAt: fromNow(2 * DAY) });
      expectError(await bid(auction.id, { amount: 500 }), 409);
      expect((await auctionById(auction.id)).bidCount).toBe(0);
    });

    it('an unknown auction is 404; a bad id is 400', async () => {
      expectError(await bid(MAX_ID, { amount: 100 }), 404);
      expectError(await bidViaAlias(MAX_ID, { amount: 100 }), 404);
      expectError(await bid('abc', { amount: 100 }), 400);
      expectError(await bidViaAlias('0', { amount: 100 }), 400);
    });

    it.each<[string, object]>([
      ['an unknown field', { amount: 500, bidderId: 1 }],
      ['a missing amount', {}],
      ['amount 1e-7', { amount: 1e-7 }],
      ['amount 0', { amount: 0 }],
      ['amount with 3 decimals', { amount: 500.001 }],
      ['amount as a string', { amount: '500' }],
      ['amount null', { amount: null }],
    ])('%s is 400 and no bid is recorded', async (_name, body) => {
      const auction = await addAuction();
      expectError(await bid(auction.id, body), 400);
      expectError(await bidViaAlias(auction.id, body), 400);
      expect(await auctionById(auction.id)).toEqual(auction);
    });
  });

  describe('reading bids', () => {
    it('GET /api/bids/auction/:auctionId lists the auction’s bids, newest first, paginated', async () => {
      const auction = await addAuction();
      const bids = [await placeBid(auction.id, 100), await placeBid(auction.id, 110, other)];
      bids.push(await placeBid(auction.id, 120));
      await placeBid((await addAuction()).id, 100);
      const all = await t.http.get(`/api/bids/auction/${auction.id}`).set(seller.auth).expect(200);
      expect(all.body).toEqual({
        data: [...bids].reverse(),
        meta: { page: 1, limit: 20, total: 3, totalPages: 1 },
      });
      const second = await bidsOfAuction(auction.id, { limit: 2, page: 2 }).expect(200);
      expect(second.body).toEqual({
        data: [{ ...bids[0], bidderId: undefined }],
        meta: { page: 2, limit: 2, total: 3, totalPages: 2 },
      });
      expectError(await bidsOfAuction(auction.id, { limit: 101 }), 400);
    });

    it('GET /api/bids/auction/:auctionId: an unknown auction is 404; a bad id is 400', async () => {
      expectError(await bidsOfAuction(MAX_ID), 404);
      expectError(await bidsOfAuction('abc'), 400);
    });

    it('GET /api/bids/user lists my bids only, newest first', async () => {
      const [me, rival] = [await signUp(t), await signUp(t)];
      const [first, second] = [await addAuction(), await addAuction()];
      const mine = [await placeBid(first.id, 100, me)];
      await placeBid(first.id, 110, rival);
      mine.unshift(await placeBid(second.id, 100, me));
      mine.unshift(await placeBid(first.id, 120, me));
      const response = await t.http.get('/api/bids/user').set(me.auth).expect(200);
      expect(response.body).toEqual({ data: mine, meta: { page: 1, limit: 20, total: 3, totalPages: 1 } });
      expect(idsOf(await t.http.get('/api/bids/user').set(rival.auth).expect(200))).toHaveLength(1);
    });

    it('GET /api/bids/:id: 200 for a bid, 404 unknown, 400 bad id', async () => {
      const placed = await placeBid((await addAuction()).id, 100);
      expect((await t.http.get(`/api/bids/${placed.id}`).set(seller.auth).expect(200)).body).toEqual(placed);
      expectError(await t.http.get(`/api/bids/${MAX_ID}`).set(other.auth), 404);
      expectError(await t.http.get('/api/bids/-1').set(other.auth), 400);
    });
  });

  describe('a user’s auctions and bids', () => {
    it('GET /api/users/:id/auctions lists that seller’s auctions in every status, to anyone', async () => {
      const sellerX = await signUp(t);
      const active = await addAuction({ endsAt: fromNow(DAY), reservePrice: 500 }, sellerX);
      const gone = await addAuction({ endsAt: fromNow(2 * DAY) }, sellerX);
      await deleteAuction(gone.id, sellerX).expect(204);
      await addAuction();
      const response = await auctionsOfUser(sellerX, other).expect(200);
      expect(response.body.data).toEqual([
        { ...active, reservePrice: undefined, leadingBidderId: undefined },
        { ...gone, status: 'cancelled', reservePrice: undefined, leadingBidderId: undefined },
      ]);
      expect(response.body.data[0]).not.toHaveProperty('reservePrice');
      expect(response.body.meta).toEqual({ page: 1, limit: 20, total: 2, totalPages: 1 });
      expect(response.text).not.toContain(sellerX.email);
      expect((await auctionsOfUser(sellerX, sellerX).expect(200)).body.data[0].reservePrice).toBe(500);
      expectError(await t.http.get('/api/users/abc/auctions').set(other.auth), 400);
    });

    it('GET /api/users/:id/bids: the user themself and an admin 200, anyone else 403', async () => {
      const me = await signUp(t);
      const auction = await addAuction();
      const mine = [await placeBid(auction.id, 100, me), await placeBid(auction.id, 130, me)].reverse();
      const path = `/api/users/${me.id}/bids`;
      const page = { data: mine, meta: { page: 1, limit: 20, total: 2, totalPages: 1 } };
      expect((await t.http.get(path).set(me.auth).expect(200)).body).toEqual(page);
      const admin = await logInAdmin(t);
      expect((await t.http.get(path).set(admin.auth).expect(200)).body).toEqual(page);
      expectError(await t.http.get(path).set(other.auth), 403);
      expectError(await t.http.get(path).set(seller.auth), 403);
    });
  });

  describe('favorite auctions', () => {
    const favorite = (id: number | string, as: SignedUpUser) =>
      t.http.post(`/api/favorites/auction/${id}`).set(as.auth);
    const unfavorite = (id: number | string, as: SignedUpUser) =>
      t.http.delete(`/api/favorites/auction/${id}`).set(as.auth);
    const isFavorite = (id: number | string, as: SignedUpUser) =>
      t.http.get(`/api/favorites/auction/${id}`).set(as.auth);
    const favorites = (as: SignedUpUser) => t.http.get('/api/favorites').set(as.auth).expect(200);

    it('POST saves (201, twice is fine), GET tells, DELETE forgets (204, twice is fine)', async () => {
      const user = await signUp(t);
      const auction = await addAuction();
      expect((await isFavorite(auction.id, user).expect(200)).body).toEqual({ favorited: false });
      expect((await favorite(auction.id, user).expect(201)).body).toEqual({ favorited: true });
      expect((await favorite(auction.id, user).expect(201)).body).toEqual({ favorited: true });
      expect((await isFavorite(auction.id, user).expect(200)).body).toEqual({ favorited: true });
      expect((await isFavorite(auction.id, other).expect(200)).body).toEqual({ favorited: false });
      expect((await favorites(user)).body).toEqual({
        data: [
          {
            id: expect.any(Number),
            listingId: null,
            auctionId: auction.id,
            createdAt: expect.stringMatching(ISO_DATE),
          },
        ],
        meta: { page: 1, limit: 20, total: 1, totalPages: 1 },
      });

      expect((await unfavorite(auction.id, user).expect(204)).text).toBe('');
      await unfavorite(auction.id, user).expect(204);
      expect((await isFavorite(auction.id, user).expect(200)).body).toEqual({ favorited: false });
      expect((await favorites(user)).body.meta.total).toBe(0);
    });

    it('an unknown auction is 404 and nothing is saved; a bad id is 400', async () => {
      const user = await signUp(t);
      expectError(await favorite(MAX_ID, user), 404);
      expect((await favorites(user)).body.meta.total).toBe(0);
      expectError(await favorite('abc', user), 400);
      expectError(await isFavorite('0', user), 400);
      expectError(await unfavorite('-1', user), 400);
    });
  });

  describe('GET /api/users/dashboard: auction figures', () => {
    const dashboardOf = async (user: SignedUpUser) =>
      (await t.http.get('/api/users/dashboard').set(user.auth).expect(200)).body;

    it('counts my auctions by status, the auctions I bid on and lead; won stays 0 without a closing', async () => {
      const [me, fan, rival, otherSeller] = [
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
      ];
      const active = await addAuction({}, me);
      const gone = await addAuction({ reservePrice: 700 }, me);
      await deleteAuction(gone.id, me).expect(204);
      const elsewhere = await addAuction({}, otherSeller);
      // fan bids twice on `active` and is outbid there; fan leads `elsewhere`.
      await placeBid(active.id, 100, fan);
      await placeBid(active.id, 110, fan);
      await placeBid(active.id, 120, rival);
      await placeBid(elsewhere.id, 100, fan);

      const mine = await dashboardOf(me);
      expect(mine.auctions).toMatchObject({
        active: 1,
        sold: 0,
        closed: 0,
        cancelled: 1,
        biddingOn: 0,
        leading: 0,
        won: 0,
      });
      expect(mine.auctions.recent.map((auction: AuctionBody) => [auction.id, auction.status])).toEqual([
        [gone.id, 'cancelled'],
        [active.id, 'active'],
      ]);
      expect(mine.auctions.recent[0].reservePrice).toBe(700);

      expect((await dashboardOf(fan)).auctions).toEqual({
        active: 0,
        sold: 0,
        closed: 0,
        cancelled: 0,
        biddingOn: 2,
        leading: 1,
        won: 0,
        recent: [],
      });
      expect((await dashboardOf(rival)).auctions).toMatchObject({ biddingOn: 1, leading: 1, won: 0 });
    });
  });
});
