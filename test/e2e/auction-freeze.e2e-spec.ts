import { expectError } from '../support/expect-error';
import { FULL_SPECS, uniqueMake } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { SignedUpUser, signUp } from '../support/users';

jest.setTimeout(30_000);

const DAY = 24 * 3600_000;

interface AuctionBody {
  id: number;
  description: string;
  car: { make: string; model: string; year: number; carId: number | null };
  specs: typeof FULL_SPECS;
  startingPrice: number;
  reservePrice: number | null;
  minIncrement: number;
  currentPrice: number;
  endsAt: string;
}

/**
 * Once an auction has bids, its car (`carId`, make, model, year) and specs are frozen like its
 * prices and end (sending them unchanged is fine), and its description may only be added to.
 */
describe('what bids freeze in an auction', () => {
  let t: TestApp;
  let seller: SignedUpUser;
  let bidder: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    [seller, bidder] = await Promise.all([signUp(t), signUp(t)]);
  });
  afterAll(() => t?.close());

  const addAuction = async (changes: object = {}): Promise<AuctionBody> =>
    (
      await t.http
        .post('/api/auctions')
        .set(seller.auth)
        .send({
          title: 'Frozen car test',
          make: uniqueMake(),
          model: 'Countach',
          year: 1985,
          description: 'Matching numbers.',
          specs: FULL_SPECS,
          startingPrice: 100,
          reservePrice: 500,
          minIncrement: 10,
          endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
          ...changes,
        })
        .expect(201)
    ).body;
  const auctionById = async (id: number): Promise<AuctionBody> =>
    (await t.http.get(`/api/auctions/${id}`).set(seller.auth).expect(200)).body;
  const patch = (id: number, body: object) => t.http.patch(`/api/auctions/${id}`).set(seller.auth).send(body);
  const put = (id: number, body: object) => t.http.put(`/api/auctions/${id}`).set(seller.auth).send(body);
  /** An auction with one bid (at 150), as its seller sees it. */
  const withBid = async (changes: object = {}): Promise<AuctionBody> => {
    const { id } = await addAuction(changes);
    await t.http.post(`/api/bids/auction/${id}`).set(bidder.auth).send({ amount: 150 }).expect(201);
    return auctionById(id);
  };
  /** The body of a `PUT` that sends the auction as it is. */
  const asItIs = (auction: AuctionBody) => ({
    title: 'Frozen car test',
    ...auction.car,
    carId: undefined,
    description: auction.description,
    specs: auction.specs,
    startingPrice: auction.startingPrice,
    reservePrice: auction.reservePrice,
    minIncrement: auction.minIncrement,
    endsAt: auction.endsAt,
  });

  it.each<[string, string, object]>([
    ['make', 'make', { make: 'Ferrari' }],
    ['model', 'model', { model: 'Diablo' }],
    ['year', 'year', { year: 1990 }],
    ['specs (one field)', 'specs', { specs: { ...FULL_SPECS, color: 'Red' } }],
    ['specs (features)', 'specs', { specs: { ...FULL_SPECS, features: ['sunroof'] } }],
    ['specs (cleared)', 'specs', { specs: {} }],
  ])('after a bid, PATCH of %s is 409 naming it, and nothing changes', async (_name, field, changes) => {
    const auction = await withBid();
    const response = await patch(auction.id, { title: 'Sneaky', ...changes });
    expectError(response, 409);
    expect(response.body.message).toContain(field);
    expect(await auctionById(auction.id)).toEqual(auction);
  });

  it('after a bid, the catalogue car of an auction cannot be swapped: carId and the model stay', async () => {
    const make = uniqueMake();
    const { body: car } = await t.http
      .post('/api/cars')
      .set(seller.auth)
      .send({ make, model: 'Testarossa', year: 1986 })
      .expect(201);
    const auction = await withBid({ carId: car.id, make: undefined, model: undefined, year: undefined });
    expect(auction.car.carId).toBe(car.id);
    const response = await patch(auction.id, { model: 'F40' });
    expectError(response, 409);
    expect(response.body.message).toMatch(/carId.*model/);
    expect(await auctionById(auction.id)).toEqual(auction);
  });

  it('after a bid, PUT with another car, specs or description is 409 naming each, and nothing changes', async () => {
    const auction = await withBid();
    const response = await put(auction.id, {
      ...asItIs(auction),
      make: uniqueMake(),
      year: 2001,
      specs: undefined,
      description: 'Something else entirely.',
    });
    expectError(response, 409);
    expect(response.body.message).toMatch(/make, year, specs can no longer change/);
    expect(response.body.message).toMatch(/description may only be added to/);
    expect(await auctionById(auction.id)).toEqual(auction);
  });

  it('after a bid, a description that does not begin with the current one is 409 (PATCH and PUT), and nothing changes', async () => {
    const auction = await withBid();
    for (const description of ['Numbers matching.', 'Matching numbers', '', 'New tyres. Matching numbers.']) {
      const response = await patch(auction.id, { description });
      expectError(response, 409);
      expect(response.body.message).toContain('description');
    }
    // A PUT without a description clears it: not an addition.
    expectError(await put(auction.id, { ...asItIs(auction), description: undefined }), 409);
    expect(await auctionById(auction.id)).toEqual(auction);
  });

  it('after a bid, the description is added to (PATCH and PUT)', async () => {
    const auction = await withBid();
    const added = 'Matching numbers. New tyres in 2024.';
    expect((await patch(auction.id, { description: added }).expect(200)).body.description).toBe(added);
    const more = `${added}\nService book added.`;
    expect((await put(auction.id, { ...asItIs(auction), description: more }).expect(200)).body).toEqual({
      ...(await auctionById(auction.id)),
      description: more,
    });
    expect(await auctionById(auction.id)).toEqual({ ...auction, description: more });
  });

  it('after a bid, sending the car, specs, prices and end unchanged is fine (PATCH and PUT), and the price stays', async () => {
    const auction = await withBid();
    expect(auction.currentPrice).toBe(150);
    const { title: _title, ...unchanged } = asItIs(auction);
    const patched = await patch(auction.id, { ...unchanged, title: 'Same car, new title' }).expect(200);
    expect(patched.body).toEqual({ ...auction, title: 'Same car, new title' });
    const replaced = await put(auction.id, { ...asItIs(auction), title: 'Same car, newer title' }).expect(
      200,
    );
    expect(replaced.body).toEqual({ ...auction, title: 'Same car, newer title' });
    expect(await auctionById(auction.id)).toEqual(replaced.body);
  });

  it('before any bid, the car, specs, description and prices all change (PATCH and PUT)', async () => {
    const auction = await addAuction();
    const changes = {
      make: uniqueMake(),
      model: 'Miura',
      year: 1970,
      specs: { ...FULL_SPECS, color: 'Orange', features: [] },
      description: 'Rewritten.',
      startingPrice: 200,
    };
    const patched = (await patch(auction.id, changes).expect(200)).body;
    expect(patched).toMatchObject({
      car: { make: changes.make, model: 'Miura', year: 1970, carId: null },
      specs: changes.specs,
      description: 'Rewritten.',
      startingPrice: 200,
      currentPrice: 200,
    });
    const replaced = (
      await put(auction.id, {
        ...asItIs(patched),
        make: uniqueMake(),
        specs: undefined,
        description: undefined,
      }).expect(200)
    ).body;
    expect(replaced).toMatchObject({ description: '', specs: { color: null, features: [] } });
  });
});
