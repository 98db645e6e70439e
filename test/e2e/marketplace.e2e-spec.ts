import { randomBytes } from 'node:crypto';
import {
  EMPTY_SPECS,
  FULL_SPECS,
  idsOf,
  ISO_DATE,
  listingInput,
  MAX_ID,
  uniqueMake,
} from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import { signUp, SignedUpUser } from '../support/users';

interface ListingBody {
  id: number;
  seller: { id: number; username: string; displayName: string | null; createdAt: string };
  car: { make: string; model: string; year: number; carId: number | null };
  price: number;
  mileage: number;
  description: string;
  specs: {
    condition: string | null;
    fuelType: string | null;
    transmission: string | null;
    color: string | null;
    engine: string | null;
    features: string[];
  };
  status: 'active' | 'sold' | 'withdrawn';
  createdAt: string;
  updatedAt: string;
}

interface TransactionBody {
  id: number;
  listingId: number | null;
  auctionId: number | null;
  buyerId: number;
  sellerId: number;
  price: number;
  createdAt: string;
}

type Query = Record<string, string | number>;

describe('marketplace routes', () => {
  let t: TestApp;
  let seller: SignedUpUser;
  let buyer: SignedUpUser;
  let other: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    seller = await signUp(t);
    buyer = await signUp(t);
    other = await signUp(t);
  });
  afterAll(() => t.close());

  const createListing = (body: object, as: SignedUpUser = seller) =>
    t.http.post('/api/marketplace/listings').set(as.auth).send(body);
  const addListing = async (changes: object = {}, as: SignedUpUser = seller): Promise<ListingBody> =>
    (await createListing(listingInput(changes), as).expect(201)).body;
  const listListings = (query: Query, as: SignedUpUser = seller) =>
    t.http.get('/api/marketplace/listings').query(query).set(as.auth);
  const listIds = async (query: Query) => idsOf(await listListings(query).expect(200));
  const getListing = (id: number | string, as: SignedUpUser = seller) =>
    t.http.get(`/api/marketplace/listings/${id}`).set(as.auth);
  const listingById = async (id: number): Promise<ListingBody> => (await getListing(id).expect(200)).body;
  const patchListing = (id: number | string, body: object, as: SignedUpUser = seller) =>
    t.http.patch(`/api/marketplace/listings/${id}`).set(as.auth).send(body);
  const putListing = (id: number | string, body: object, as: SignedUpUser = seller) =>
    t.http.put(`/api/marketplace/listings/${id}`).set(as.auth).send(body);
  const deleteListing = (id: number | string, as: SignedUpUser = seller) =>
    t.http.delete(`/api/marketplace/listings/${id}`).set(as.auth);
  const purchase = (id: number | string, as: SignedUpUser = buyer, body?: object) => {
    const call = t.http.post(`/api/marketplace/listings/${id}/purchase`).set(as.auth);
    return body === undefined ? call : call.send(body);
  };
  const buy = async (id: number, as: SignedUpUser = buyer): Promise<TransactionBody> =>
    (await purchase(id, as).expect(201)).body;
  const listTransactions = (query: Query, as: SignedUpUser) =>
    t.http.get('/api/marketplace/transactions').query(query).set(as.auth);
  const getTransaction = (id: number | string, as: SignedUpUser) =>
    t.http.get(`/api/marketplace/transactions/${id}`).set(as.auth);
  /** How many listings (any status) the user has. */
  const listingCount = async (user: SignedUpUser) => {
    let total = 0;
    for (const status of ['active', 'sold', 'withdrawn']) {
      total += (await listListings({ sellerId: user.id, status }).expect(200)).body.meta.total as number;
    }
    return total;
  };

  describe('auth', () => {
    it('every route without a token is 401 and changes nothing', async () => {
      const listing = await addListing();
      const routes = [
        () => t.http.get('/api/marketplace/listings'),
        () => t.http.get(`/api/marketplace/listings/${listing.id}`),
        () => t.http.post('/api/marketplace/listings').send(listingInput()),
        () => t.http.patch(`/api/marketplace/listings/${listing.id}`).send({ price: 1 }),
        () => t.http.put(`/api/marketplace/listings/${listing.id}`).send(listingInput()),
        () => t.http.delete(`/api/marketplace/listings/${listing.id}`),
        () => t.http.post(`/api/marketplace/listings/${listing.id}/purchase`),
        () => t.http.get('/api/marketplace/transactions'),
        () => t.http.get('/api/marketplace/transactions/1'),
      ];
      for (const call of routes) expectError(await call(), 401);
      expect(await listingById(listing.id)).toEqual(listing);
    });
  });

  describe('POST /api/marketplace/listings', () => {
    it('lists a car by make, model and year and answers the full shape, without the seller email', async () => {
      const input = listingInput({ description: 'One owner', specs: FULL_SPECS });
      const response = await createListing(input).expect(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        seller: {
          id: seller.id,
          username: seller.username,
          displayName: null,
          createdAt: expect.stringMatching(ISO_DATE),
        },
        car: { make: input.make, model: 'Civic', year: 2018, carId: null },
        price: 12500.5,
        mileage: 42000,
        description: 'One owner',
        specs: FULL_SPECS,
        status: 'active',
        createdAt: expect.stringMatching(ISO_DATE),
        updatedAt: expect.stringMatching(ISO_DATE),
      });
      expect(await listingById(response.body.id)).toEqual(response.body);
    });

    it('without description and specs: an empty description and empty specs', async () => {
      const listing = await addListing();
      expect(listing).toMatchObject({ description: '', specs: EMPTY_SPECS });
    });

    it('by a catalogue carId: copies make, model and year and keeps carId', async () => {
      const make = uniqueMake();
      const car = (
        await t.http
          .post('/api/cars')
          .set(seller.auth)
          .send({ make, model: 'Corolla', year: 2020 })
          .expect(201)
      ).body;
      const response = await createListing({ carId: car.id, price: 9000, mileage: 100 }).expect(201);
      expect(response.body.car).toEqual({ make, model: 'Corolla', year: 2020, carId: car.id });
      expect((await listingById(response.body.id)).car).toEqual(response.body.car);
    });

    it('no longer points at the catalogue car once described as another car', async () => {
      const make = uniqueMake();
      const car = (
        await t.http.post('/api/cars').set(seller.auth).send({ make, model: 'Yaris', year: 2021 }).expect(201)
      ).body;
      const listing = (await createListing({ carId: car.id, price: 9000, mileage: 100 }).expect(201)).body;
      await t.http
        .patch(`/api/marketplace/listings/${listing.id}`)
        .set(seller.auth)
        .send({ mileage: 200 })
        .expect(200);
      expect((await listingById(listing.id)).car.carId).toBe(car.id);
      const renamed = await t.http
        .patch(`/api/marketplace/listings/${listing.id}`)
        .set(seller.auth)
        .send({ model: 'Yaris Cross' })
        .expect(200);
      expect(renamed.body.car).toEqual({ make, model: 'Yaris Cross', year: 2021, carId: null });
    });

    it('accepts the bounds: price 0.01 and 10,000,000, 50 features of 64 characters, mileage 0', async () => {
      const features = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(64, 'f'));
      const cheap = await addListing({ price: 0.01, mileage: 0, specs: { features } });
      expect(cheap).toMatchObject({ price: 0.01, mileage: 0, specs: { features } });
      expect((await addListing({ price: 10_000_000 })).price).toBe(10_000_000);
    });

    describe('rejects bad input with 400 and creates nothing', () => {
      let rejected: SignedUpUser;

      beforeAll(async () => {
        rejected = await signUp(t);
      });

      it.each<[string, object]>([
        ['a missing make without carId', { make: undefined }],
        ['a missing model without carId', { model: undefined }],
        ['a missing year without carId', { year: undefined }],
        ['a year before 1886', { year: 1885 }],
        ['a carId of 0', { carId: 0 }],
        ['a carId as a string', { carId: 'abc' }],
        ['an unknown condition', { specs: { condition: 'mint' } }],
        ['an unknown fuelType', { specs: { fuelType: 'steam' } }],
        ['an unknown transmission', { specs: { transmission: 'paddles' } }],
        ['price 0', { price: 0 }],
        ['a negative price', { price: -5 }],
        ['a price with 3 decimals', { price: 1.005 }],
        ['a price over 10,000,000', { price: 10_000_000.01 }],
        ['a price as a string', { price: '100' }],
        ['a missing price', { price: undefined }],
        ['a tiny price in exponent notation', { price: 1e-7 }],
        ['a negative mileage', { mileage: -1 }],
        ['a fractional mileage', { mileage: 10.5 }],
        ['a missing mileage', { mileage: undefined }],
        ['features that are not an array', { specs: { features: 'sunroof' } }],
        ['51 features', { specs: { features: Array.from({ length: 51 }, (_, i) => `f${i}`) } }],
        ['a feature of 65 characters', { specs: { features: ['x'.repeat(65)] } }],
        ['a feature that is not a string', { specs: { features: [42] } }],
        ['specs that are not an object', { specs: 'fast' }],
        ['an unknown field in specs', { specs: { condition: 'good', turbo: true } }],
        ['a status', { status: 'sold' }],
        ['a sellerId', { sellerId: 1 }],
        ['an unknown field', { color: 'red' }],
      ])('%s', async (_name, changes) => {
        expectError(await createListing(listingInput(changes), rejected), 400);
        expect(await listingCount(rejected)).toBe(0);
      });

      it('an unknown carId', async () => {
        const response = await createListing({ carId: MAX_ID, price: 100, mileage: 1 }, rejected);
        expectError(response, 400);
        expect(await listingCount(rejected)).toBe(0);
      });

      it('a null carId without make, model and year (with cars in the catalogue)', async () => {
        await t.http
          .post('/api/cars')
          .set(seller.auth)
          .send({ make: uniqueMake(), model: 'Any', year: 2010 })
          .expect(201);
        expectError(await createListing({ carId: null, price: 100, mileage: 1 }, rejected), 400);
        expect(await listingCount(rejected)).toBe(0);
      });
    });
  });

  describe('GET /api/marketplace/listings', () => {
    it('shows active listings by default; status=sold and status=withdrawn show the others', async () => {
      const make = uniqueMake();
      const active = await addListing({ make });
      const withdrawn = await addListing({ make });
      const sold = await addListing({ make });
      await patchListing(withdrawn.id, { status: 'withdrawn' }).expect(200);
      await buy(sold.id);
      expect(await listIds({ make })).toEqual([active.id]);
      expect(await listIds({ make, status: 'active' })).toEqual([active.id]);
      expect(await listIds({ make, status: 'withdrawn' })).toEqual([withdrawn.id]);
      expect(await listIds({ make, status: 'sold' })).toEqual([sold.id]);
    });

    it('make and model match exactly, in any letter case', async () => {
      const make = uniqueMake();
      const civic = await addListing({ make, model: 'Civic' });
      const typeR = await addListing({ make, model: 'Civic Type R' });
      expect(await listIds({ make: make.toUpperCase(), sort: 'createdAt' })).toEqual([civic.id, typeR.id]);
      expect(await listIds({ make: make.slice(0, -1) })).toEqual([]);
      expect(await listIds({ make, model: 'CIVIC' })).toEqual([civic.id]);
      expect(await listIds({ make, model: 'civic type r' })).toEqual([typeR.id]);
      expect(await listIds({ make, model: 'Civ' })).toEqual([]);
    });

    it('yearFrom and yearTo are inclusive', async () => {
      const make = uniqueMake();
      const [y2010, y2015, y2020] = [
        await addListing({ make, year: 2010 }),
        await addListing({ make, year: 2015 }),
        await addListing({ make, year: 2020 }),
      ].map((listing) => listing.id);
      expect(await listIds({ make, yearFrom: 2015, sort: 'year' })).toEqual([y2015, y2020]);
      expect(await listIds({ make, yearTo: 2015, sort: 'year' })).toEqual([y2010, y2015]);
      expect(await listIds({ make, yearFrom: 2015, yearTo: 2015 })).toEqual([y2015]);
      expect(await listIds({ make, yearFrom: 2021 })).toEqual([]);
    });

    it('priceMin and priceMax are inclusive decimal bounds', async () => {
      const make = uniqueMake();
      const [dime, twenty, big] = [
        await addListing({ make, price: 0.1 }),
        await addListing({ make, price: 0.2 }),
        await addListing({ make, price: 19999.99 }),
      ].map((listing) => listing.id);
      expect(await listIds({ make, priceMin: 0.2, sort: 'price' })).toEqual([twenty, big]);
      expect(await listIds({ make, priceMax: 0.2, sort: 'price' })).toEqual([dime, twenty]);
      expect(await listIds({ make, priceMin: 0.11, priceMax: 19999.98 })).toEqual([twenty]);
      expect(await listIds({ make, priceMin: 19999.99, priceMax: 19999.99 })).toEqual([big]);
    });

    it('sellerId keeps one seller’s listings', async () => {
      const make = uniqueMake();
      const mine = await addListing({ make });
      const theirs = await addListing({ make }, other);
      expect(await listIds({ make, sellerId: seller.id })).toEqual([mine.id]);
      expect(await listIds({ make, sellerId: other.id })).toEqual([theirs.id]);
      expect(await listIds({ make, sellerId: buyer.id })).toEqual([]);
    });

    it('q finds a substring of make, model or description, in any letter case', async () => {
      const make = uniqueMake();
      const modelTag = randomBytes(4).toString('hex');
      const descriptionTag = randomBytes(4).toString('hex');
      const byMake = await addListing({ make });
      const byModel = await addListing({ model: `Model${modelTag}X` });
      const byDescription = await addListing({ description: `Has a ${descriptionTag} sunroof` });
      expect(await listIds({ q: make.slice(1).toUpperCase() })).toEqual([byMake.id]);
      expect(await listIds({ q: modelTag.toUpperCase() })).toEqual([byModel.id]);
      expect(await listIds({ q: `${descriptionTag} SUN` })).toEqual([byDescription.id]);
    });

    it('q takes % and _ literally', async () => {
      const make = uniqueMake();
      const percent = await addListing({ make, description: '100% original' });
      await addListing({ make, description: 'all original' });
      expect(await listIds({ make, q: '%' })).toEqual([percent.id]);
      expect(await listIds({ make, q: '_' })).toEqual([]);
    });

    it('sorts by price, year, mileage and createdAt, both directions; -createdAt by default', async () => {
      const make = uniqueMake();
      // Created in the order b, c, a; each field orders them differently.
      const b = (await addListing({ make, price: 200, year: 2003, mileage: 50 })).id;
      const c = (await addListing({ make, price: 100.5, year: 2001, mileage: 70 })).id;
      const a = (await addListing({ make, price: 300, year: 2002, mileage: 60 })).id;
      const sorted = (sort: string) => listIds({ make, sort });
      expect(await sorted('price')).toEqual([c, b, a]);
      expect(await sorted('-price')).toEqual([a, b, c]);
      expect(await sorted('year')).toEqual([c, a, b]);
      expect(await sorted('-year')).toEqual([b, a, c]);
      expect(await sorted('mileage')).toEqual([b, a, c]);
      expect(await sorted('-mileage')).toEqual([c, a, b]);
      expect(await sorted('createdAt')).toEqual([b, c, a]);
      expect(await sorted('-createdAt')).toEqual([a, c, b]);
      expect(await listIds({ make })).toEqual([a, c, b]);
    });

    it('pages with data and meta', async () => {
      const make = uniqueMake();
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await addListing({ make, mileage: i })).id);
      const page = (number: number) =>
        listListings({ make, sort: 'mileage', limit: 2, page: number }).expect(200);
      const first = await page(1);
      expect(first.body.meta).toEqual({ page: 1, limit: 2, total: 5, totalPages: 3 });
      expect(idsOf(first)).toEqual(ids.slice(0, 2));
      expect(idsOf(await page(2))).toEqual(ids.slice(2, 4));
      const last = await page(3);
      expect(idsOf(last)).toEqual(ids.slice(4));
      expect(last.body.meta).toEqual({ page: 3, limit: 2, total: 5, totalPages: 3 });
      expect(idsOf(await page(4))).toEqual([]);
      expect((await listListings({ make }).expect(200)).body.meta).toEqual({
        page: 1,
        limit: 20,
        total: 5,
        totalPages: 1,
      });
    });

    it.each<Query>([
      { limit: 0 },
      { limit: 101 },
      { page: 0 },
      { page: 'two' },
      { sort: 'make' },
      { sort: 'id' },
      { sort: '+price' },
      { status: 'deleted' },
      { status: 'ACTIVE' },
      { yearFrom: 'abc' },
      { yearTo: 2000.5 },
      { priceMin: -1 },
      { priceMin: 1.005 },
      { priceMax: 'cheap' },
      { priceMin: '1e-7' },
      { sellerId: 0 },
      { sellerId: 'me' },
      { color: 'red' },
    ])('rejects %p with 400', async (query) => {
      expectError(await listListings(query), 400);
    });
  });

  describe('GET /api/marketplace/listings/:id', () => {
    it('answers the listing to any signed-in user', async () => {
      const listing = await addListing({ specs: FULL_SPECS });
      expect((await getListing(listing.id, other).expect(200)).body).toEqual(listing);
    });

    it('an unknown id is 404', async () => {
      expectError(await getListing(MAX_ID), 404);
    });

    it.each(['abc', '0', '-1', '1.5', '99999999999'])('id %p is 400', async (id) => {
      expectError(await getListing(id), 400);
    });
  });

  describe('PATCH /api/marketplace/listings/:id', () => {
    const newListing = () => addListing({ description: 'Before', specs: FULL_SPECS });

    it('the seller changes only the given fields', async () => {
      const listing = await newListing();
      const response = await patchListing(listing.id, { price: 9999.99 }).expect(200);
      expect(response.body).toEqual({
        ...listing,
        price: 9999.99,
        updatedAt: expect.stringMatching(ISO_DATE),
      });
      await patchListing(listing.id, { mileage: 50000, description: 'After' }).expect(200);
      expect(await listingById(listing.id)).toEqual({
        ...listing,
        price: 9999.99,
        mileage: 50000,
        description: 'After',
        updatedAt: expect.stringMatching(ISO_DATE),
      });
    });

    it('an empty body changes nothing', async () => {
      const listing = await newListing();
      await patchListing(listing.id, {}).expect(200);
      expect(await listingById(listing.id)).toEqual({ ...listing, updatedAt: expect.any(String) });
    });

    it('status moves from active to withdrawn and back', async () => {
      const listing = await newListing();
      const make = listing.car.make;
      expect((await patchListing(listing.id, { status: 'withdrawn' }).expect(200)).body.status).toBe(
        'withdrawn',
      );
      expect(await listIds({ make })).toEqual([]);
      expect(await listIds({ make, status: 'withdrawn' })).toEqual([listing.id]);
      expect((await patchListing(listing.id, { status: 'active' }).expect(200)).body.status).toBe('active');
      expect(await listIds({ make })).toEqual([listing.id]);
    });

    it.each<[string, object]>([
      ['status sold', { status: 'sold' }],
      ['an unknown status', { status: 'hidden' }],
      ['an unknown field', { price: 1, color: 'red' }],
      ['a sellerId', { sellerId: 1 }],
      ['a price with 3 decimals', { price: 1.005 }],
      ['a negative mileage', { mileage: -1 }],
      ['an unknown condition', { specs: { condition: 'mint' } }],
    ])('%s is 400 and nothing changes', async (_name, body) => {
      const listing = await newListing();
      expectError(await patchListing(listing.id, body), 400);
      expect(await listingById(listing.id)).toEqual(listing);
    });

    it.each(['price', 'mileage', 'make', 'model', 'year', 'description', 'specs', 'status'])(
      '%s: null is 400 and nothing changes',
      async (field) => {
        const listing = await newListing();
        expectError(await patchListing(listing.id, { [field]: null }), 400);
        expect(await listingById(listing.id)).toEqual(listing);
      },
    );

    it('another user is 403 and nothing changes', async () => {
      const listing = await newListing();
      expectError(await patchListing(listing.id, { price: 1 }, other), 403);
      expect(await listingById(listing.id)).toEqual(listing);
    });

    it('a sold listing is 409 and stays as sold', async () => {
      const listing = await newListing();
      await buy(listing.id);
      expectError(await patchListing(listing.id, { price: 1 }), 409);
      expectError(await patchListing(listing.id, { status: 'active' }), 409);
      expect(await listingById(listing.id)).toMatchObject({ price: listing.price, status: 'sold' });
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await patchListing(MAX_ID, { price: 1 }), 404);
      expectError(await patchListing('abc', { price: 1 }), 400);
    });
  });

  describe('PUT /api/marketplace/listings/:id', () => {
    const newListing = () => addListing({ description: 'Before', specs: FULL_SPECS });
    const replacement = (changes: object = {}) => ({
      make: uniqueMake(),
      model: 'Accord',
      year: 2021,
      price: 20000.25,
      mileage: 10,
      ...changes,
    });

    it('replaces the listing; description and specs left out are cleared', async () => {
      const listing = await newListing();
      const body = replacement();
      const response = await putListing(listing.id, body).expect(200);
      expect(response.body).toEqual({
        ...listing,
        car: { make: body.make, model: 'Accord', year: 2021, carId: null },
        price: 20000.25,
        mileage: 10,
        description: '',
        specs: EMPTY_SPECS,
        updatedAt: expect.stringMatching(ISO_DATE),
      });
      expect(await listingById(listing.id)).toEqual(response.body);
    });

    it('sets the description and specs it is given', async () => {
      const listing = await addListing();
      const specs = { ...EMPTY_SPECS, condition: 'fair', features: ['tow bar'] };
      await putListing(listing.id, replacement({ description: 'After', specs })).expect(200);
      expect(await listingById(listing.id)).toMatchObject({ description: 'After', specs });
    });

    it.each(['make', 'model', 'year', 'price', 'mileage'])(
      'a missing %s is 400 and nothing changes',
      async (field) => {
        const listing = await newListing();
        expectError(await putListing(listing.id, replacement({ [field]: undefined })), 400);
        expect(await listingById(listing.id)).toEqual(listing);
      },
    );

    it.each<[string, object]>([
      ['status sold', { status: 'sold' }],
      ['an unknown field', { sellerId: 1 }],
      ['price 0', { price: 0 }],
      ['status null', { status: null }],
    ])('%s is 400 and nothing changes', async (_name, changes) => {
      const listing = await newListing();
      expectError(await putListing(listing.id, replacement(changes)), 400);
      expect(await listingById(listing.id)).toEqual(listing);
    });

    it('another user is 403 and nothing changes', async () => {
      const listing = await newListing();
      expectError(await putListing(listing.id, replacement(), other), 403);
      expect(await listingById(listing.id)).toEqual(listing);
    });

    it('a sold listing is 409 and nothing changes', async () => {
      const listing = await newListing();
      await buy(listing.id);
      expectError(await putListing(listing.id, replacement()), 409);
      expect(await listingById(listing.id)).toEqual({
        ...listing,
        status: 'sold',
        updatedAt: expect.any(String),
      });
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await putListing(MAX_ID, replacement()), 404);
      expectError(await putListing('-1', replacement()), 400);
    });
  });

  describe('DELETE /api/marketplace/listings/:id', () => {
    it('the seller deletes it: 204, then 404', async () => {
      const listing = await addListing();
      const response = await deleteListing(listing.id).expect(204);
      expect(response.text).toBe('');
      expectError(await getListing(listing.id), 404);
      expectError(await deleteListing(listing.id), 404);
    });

    it('the seller may delete a withdrawn listing', async () => {
      const listing = await addListing();
      await patchListing(listing.id, { status: 'withdrawn' }).expect(200);
      await deleteListing(listing.id).expect(204);
      expectError(await getListing(listing.id), 404);
    });

    it('another user is 403 and the listing stays', async () => {
      const listing = await addListing();
      expectError(await deleteListing(listing.id, other), 403);
      expect(await listingById(listing.id)).toEqual(listing);
    });

    it('a sold listing is 409 and stays', async () => {
      const listing = await addListing();
      await buy(listing.id);
      expectError(await deleteListing(listing.id), 409);
      expect((await listingById(listing.id)).status).toBe('sold');
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await deleteListing(MAX_ID), 404);
      expectError(await deleteListing('1.5'), 400);
    });
  });

  describe('POST /api/marketplace/listings/:id/purchase', () => {
    it('without a body: 201 with the transaction at the listing price, and the listing is sold', async () => {
      const listing = await addListing({ price: 15000.75 });
      const response = await purchase(listing.id).expect(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        listingId: listing.id,
        auctionId: null,
        buyerId: buyer.id,
        sellerId: seller.id,
        price: 15000.75,
        createdAt: expect.stringMatching(ISO_DATE),
      });
      expect((await listingById(listing.id)).status).toBe('sold');
      expect((await getTransaction(response.body.id, buyer).expect(200)).body).toEqual(response.body);
    });

    it('an empty JSON object as body is fine', async () => {
      const listing = await addListing();
      await purchase(listing.id, buyer, {}).expect(201);
    });

    it('buying your own listing is 403 and it stays active', async () => {
      const listing = await addListing();
      expectError(await purchase(listing.id, seller), 403);
      expect((await listingById(listing.id)).status).toBe('active');
    });

    it('buying a sold listing is 409 and the first sale stands', async () => {
      const listing = await addListing();
      const sale = await buy(listing.id);
      expectError(await purchase(listing.id, other), 409);
      const othersPurchases = (await listTransactions({ role: 'buyer' }, other).expect(200)).body.data;
      expect(othersPurchases.map((sale: TransactionBody) => sale.listingId)).not.toContain(listing.id);
      expect((await getTransaction(sale.id, buyer).expect(200)).body.buyerId).toBe(buyer.id);
    });

    it('buying a withdrawn listing is 409 and it stays withdrawn', async () => {
      const listing = await addListing();
      await patchListing(listing.id, { status: 'withdrawn' }).expect(200);
      expectError(await purchase(listing.id), 409);
      expect((await listingById(listing.id)).status).toBe('withdrawn');
    });

    it('an unknown listing is 404; a bad id is 400', async () => {
      expectError(await purchase(MAX_ID), 404);
      expectError(await purchase('abc'), 400);
    });

    it('with expectedPrice equal to the price: 201 at that price', async () => {
      const listing = await addListing({ price: 15000.75 });
      const response = await purchase(listing.id, buyer, { expectedPrice: 15000.75 }).expect(201);
      expect(response.body).toMatchObject({ listingId: listing.id, buyerId: buyer.id, price: 15000.75 });
      expect((await listingById(listing.id)).status).toBe('sold');
    });

    it('with a stale expectedPrice: 409 naming the current price, the listing still active', async () => {
      const listing = await addListing({ price: 15000.75 });
      const response = await purchase(listing.id, buyer, { expectedPrice: 15000.7 });
      expectError(response, 409);
      expect(response.body.message).toContain('15000.75');
      expect(await listingById(listing.id)).toEqual(listing);
      const purchases = (await listTransactions({ role: 'buyer' }, buyer).expect(200)).body.data;
      expect(purchases.map((sale: TransactionBody) => sale.listingId)).not.toContain(listing.id);
    });

    it('the seller changes the price between the buyer reading it and buying: 409, then 201 at the new price', async () => {
      const listing = await addListing({ price: 9000 });
      const { price: seen } = await listingById(listing.id);
      await patchListing(listing.id, { price: 9900 }).expect(200);
      const refused = await purchase(listing.id, buyer, { expectedPrice: seen });
      expectError(refused, 409);
      expect(refused.body.message).toContain('9900');
      expect(await listingById(listing.id)).toMatchObject({ status: 'active', price: 9900 });
      const sale = (await purchase(listing.id, buyer, { expectedPrice: 9900 }).expect(201)).body;
      expect(sale.price).toBe(9900);
    });

    it('expectedPrice on a sold listing: 409, the first sale stands', async () => {
      const listing = await addListing({ price: 500 });
      await buy(listing.id);
      const response = await purchase(listing.id, other, { expectedPrice: 500 });
      expectError(response, 409);
      expect(response.body.message).toMatch(/no longer for sale/);
    });

    it.each<[string, object]>([
      ['null', { expectedPrice: null }],
      ['a string', { expectedPrice: '15000' }],
      ['zero', { expectedPrice: 0 }],
      ['3 decimals', { expectedPrice: 1.005 }],
      ['too large', { expectedPrice: 10_000_000.01 }],
    ])('expectedPrice %s is 400 and the listing stays active', async (_name, body) => {
      const listing = await addListing();
      expectError(await purchase(listing.id, buyer, body), 400);
      expect((await listingById(listing.id)).status).toBe('active');
    });

    it.each<[string, object]>([
      ['price', { price: 0.01 }],
      ['status', { status: 'sold' }],
      ['sellerId', { sellerId: 1 }],
      ['buyerId', { buyerId: 1 }],
      ['expectedPrice and another field', { expectedPrice: 12500.5, price: 1 }],
      ['an array in place of the object', [{ expectedPrice: 12500.5 }]],
    ])('a body with %s is 400 and the listing stays active', async (_name, body) => {
      const listing = await addListing();
      expectError(await purchase(listing.id, buyer, body), 400);
      expect((await listingById(listing.id)).status).toBe('active');
    });
  });

  describe('transactions', () => {
    /** `a` sells to `b`, then `b` sells to `a`; `c` trades with neither. */
    const trade = async () => {
      const [a, b, c] = [await signUp(t), await signUp(t), await signUp(t)];
      const sale = await buy((await addListing({}, a)).id, b);
      const purchased = await buy((await addListing({}, b)).id, a);
      const elsewhere = await buy((await addListing({}, c)).id, buyer);
      return { a, b, c, sale, purchased, elsewhere };
    };

    it('lists my purchases and sales, newest first; role=buyer and role=seller narrow it', async () => {
      const { a, sale, purchased } = await trade();
      const all = await listTransactions({}, a).expect(200);
      expect(all.body.data).toEqual([purchased, sale]);
      expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 2, totalPages: 1 });
      expect((await listTransactions({ role: 'buyer' }, a).expect(200)).body.data).toEqual([purchased]);
      expect((await listTransactions({ role: 'seller' }, a).expect(200)).body.data).toEqual([sale]);
    });

    it('another user’s transactions are not in my list', async () => {
      const { c, elsewhere, sale } = await trade();
      const ids = idsOf(await listTransactions({}, c).expect(200));
      expect(ids).toEqual([elsewhere.id]);
      expect(ids).not.toContain(sale.id);
    });

    it('one transaction: 200 for its buyer and seller, 404 for anyone else', async () => {
      const { a, b, c, sale } = await trade();
      expect((await getTransaction(sale.id, a).expect(200)).body).toEqual(sale);
      expect((await getTransaction(sale.id, b).expect(200)).body).toEqual(sale);
      expectError(await getTransaction(sale.id, c), 404);
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await getTransaction(MAX_ID, buyer), 404);
      expectError(await getTransaction('0', buyer), 400);
    });

    it('pages with data and meta', async () => {
      const shopper = await signUp(t);
      const bought: TransactionBody[] = [];
      for (let i = 0; i < 3; i++) bought.unshift(await buy((await addListing()).id, shopper));
      const first = await listTransactions({ limit: 2 }, shopper).expect(200);
      expect(first.body).toEqual({
        data: bought.slice(0, 2),
        meta: { page: 1, limit: 2, total: 3, totalPages: 2 },
      });
      const second = await listTransactions({ limit: 2, page: 2 }, shopper).expect(200);
      expect(second.body).toEqual({
        data: bought.slice(2),
        meta: { page: 2, limit: 2, total: 3, totalPages: 2 },
      });
    });

    it.each<Query>([{ role: 'other' }, { role: 'BUYER' }, { limit: 0 }, { page: 'x' }, { sort: 'price' }])(
      'rejects %p with 400',
      async (query) => {
        expectError(await listTransactions(query, buyer), 400);
      },
    );
  });

  describe('money', () => {
    it.each([0.1, 0.2, 19999.99, 12500.5])(
      '%p round-trips exactly through create, get, list, purchase and transactions',
      async (price) => {
        const make = uniqueMake();
        const shopper = await signUp(t);
        const listing = await addListing({ make, price });
        expect(listing.price).toBe(price);
        expect((await listingById(listing.id)).price).toBe(price);
        expect((await listListings({ make }).expect(200)).body.data[0].price).toBe(price);
        const sale = await buy(listing.id, shopper);
        expect(sale.price).toBe(price);
        expect((await getTransaction(sale.id, shopper).expect(200)).body.price).toBe(price);
        expect((await listTransactions({}, shopper).expect(200)).body.data[0].price).toBe(price);
        expect((await listingById(listing.id)).price).toBe(price);
      },
    );
  });
});
