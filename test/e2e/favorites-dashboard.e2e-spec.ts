import { randomBytes } from 'node:crypto';
import { ISO_DATE, MAX_ID } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import { signUp, SignedUpUser } from '../support/users';

interface FavoriteBody {
  id: number;
  listingId: number | null;
  auctionId: number | null;
  createdAt: string;
}

const idsOf = (items: { id: number }[]) => items.map((item) => item.id);

describe('favorites and the dashboard', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A listing of `seller` and its id. */
  const addListing = async (seller: SignedUpUser, price = 1000): Promise<number> => {
    const body = {
      make: `Mk${randomBytes(4).toString('hex')}`,
      model: 'Golf',
      year: 2017,
      price,
      mileage: 5,
    };
    return (await t.http.post('/api/marketplace/listings').set(seller.auth).send(body).expect(201)).body.id;
  };
  const buy = async (listingId: number, buyer: SignedUpUser): Promise<number> =>
    (await t.http.post(`/api/marketplace/listings/${listingId}/purchase`).set(buyer.auth).expect(201)).body
      .id;
  const withdraw = (listingId: number, seller: SignedUpUser) =>
    t.http
      .patch(`/api/marketplace/listings/${listingId}`)
      .set(seller.auth)
      .send({ status: 'withdrawn' })
      .expect(200);

  const favorite = (listingId: number | string, as: SignedUpUser) =>
    t.http.post(`/api/favorites/listing/${listingId}`).set(as.auth);
  const unfavorite = (listingId: number | string, as: SignedUpUser) =>
    t.http.delete(`/api/favorites/listing/${listingId}`).set(as.auth);
  const isFavorite = (listingId: number | string, as: SignedUpUser) =>
    t.http.get(`/api/favorites/listing/${listingId}`).set(as.auth);
  const listFavorites = (as: SignedUpUser, query: Record<string, number | string> = {}) =>
    t.http.get('/api/favorites').query(query).set(as.auth);
  const favoritedListings = async (as: SignedUpUser) =>
    ((await listFavorites(as).expect(200)).body.data as FavoriteBody[]).map((item) => item.listingId);
  const dashboardOf = (as: SignedUpUser) => t.http.get('/api/users/dashboard').set(as.auth).expect(200);

  describe('favorites of listings', () => {
    let seller: SignedUpUser;

    beforeAll(async () => {
      seller = await signUp(t);
    });

    it('POST saves a listing (201, twice is fine), GET tells, DELETE forgets (204, twice is fine)', async () => {
      const user = await signUp(t);
      const listing = await addListing(seller);
      expect((await isFavorite(listing, user).expect(200)).body).toEqual({ favorited: false });

      expect((await favorite(listing, user).expect(201)).body).toEqual({ favorited: true });
      expect((await favorite(listing, user).expect(201)).body).toEqual({ favorited: true });
      expect((await isFavorite(listing, user).expect(200)).body).toEqual({ favorited: true });
      expect(await favoritedListings(user)).toEqual([listing]);

      expect((await unfavorite(listing, user).expect(204)).text).toBe('');
      await unfavorite(listing, user).expect(204);
      expect((await isFavorite(listing, user).expect(200)).body).toEqual({ favorited: false });
      expect(await favoritedListings(user)).toEqual([]);
    });

    it('a favorite is per user', async () => {
      const [user, neighbour] = [await signUp(t), await signUp(t)];
      const listing = await addListing(seller);
      await favorite(listing, user).expect(201);
      expect((await isFavorite(listing, neighbour).expect(200)).body).toEqual({ favorited: false });
      await unfavorite(listing, neighbour).expect(204);
      expect((await isFavorite(listing, user).expect(200)).body).toEqual({ favorited: true });
    });

    it('an unknown listing is 404 and nothing is saved', async () => {
      const user = await signUp(t);
      expectError(await favorite(MAX_ID, user), 404);
      expect((await listFavorites(user).expect(200)).body.meta.total).toBe(0);
    });

    it.each(['abc', '0', '-1', '1.5'])('id %p is 400 on POST, GET and DELETE', async (id) => {
      const user = await signUp(t);
      expectError(await favorite(id, user), 400);
      expectError(await isFavorite(id, user), 400);
      expectError(await unfavorite(id, user), 400);
    });

    it('GET /api/favorites lists mine only, newest first, with listingId set and auctionId null', async () => {
      const [user, neighbour] = [await signUp(t), await signUp(t)];
      const listings = [await addListing(seller), await addListing(seller), await addListing(seller)];
      for (const listing of listings) await favorite(listing, user).expect(201);
      const theirs = await addListing(seller);
      await favorite(theirs, neighbour).expect(201);

      const response = await listFavorites(user).expect(200);
      expect(response.body).toEqual({
        data: [...listings].reverse().map((listingId) => ({
          id: expect.any(Number),
          listingId,
          auctionId: null,
          createdAt: expect.stringMatching(ISO_DATE),
        })),
        meta: { page: 1, limit: 20, total: 3, totalPages: 1 },
      });
      expect(await favoritedListings(neighbour)).toEqual([theirs]);
    });

    it('GET /api/favorites pages', async () => {
      const user = await signUp(t);
      const listings = [await addListing(seller), await addListing(seller), await addListing(seller)];
      for (const listing of listings) await favorite(listing, user).expect(201);
      const first = await listFavorites(user, { limit: 2 }).expect(200);
      expect(first.body.meta).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });
      expect(first.body.data.map((item: FavoriteBody) => item.listingId)).toEqual([listings[2], listings[1]]);
      const second = await listFavorites(user, { limit: 2, page: 2 }).expect(200);
      expect(second.body.data.map((item: FavoriteBody) => item.listingId)).toEqual([listings[0]]);
      expectError(await listFavorites(user, { limit: 101 }), 400);
      expectError(await listFavorites(user, { sort: 'id' }), 400);
    });

    it('every favorites route without a token is 401', async () => {
      const listing = await addListing(seller);
      expectError(await t.http.get('/api/favorites'), 401);
      expectError(await t.http.post(`/api/favorites/listing/${listing}`), 401);
      expectError(await t.http.get(`/api/favorites/listing/${listing}`), 401);
      expectError(await t.http.delete(`/api/favorites/listing/${listing}`), 401);
    });
  });

  describe('GET /api/users/dashboard', () => {
    it('needs a token', async () => {
      expectError(await t.http.get('/api/users/dashboard'), 401);
    });

    it('a fresh user gets zeros and empty lists, whatever others do', async () => {
      const [busy, fresh] = [await signUp(t), await signUp(t)];
      const listing = await addListing(busy);
      await favorite(listing, busy).expect(201);
      const { body } = await dashboardOf(fresh);
      expect(body).toMatchObject({
        listings: { active: 0, sold: 0, withdrawn: 0, recent: [] },
        sales: { count: 0, total: 0, recent: [] },
        purchases: { count: 0, total: 0, recent: [] },
        favorites: { count: 0, recent: [] },
      });
    });

    it('counts listings, sales, purchases and favorites, exact to the cent, with the newest first', async () => {
      const [me, buyer, sellerA, sellerB] = [
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
      ];
      const sold = await addListing(me, 15000.25);
      const withdrawn = await addListing(me);
      const active = await addListing(me);
      await withdraw(withdrawn, me);
      const sale = await buy(sold, buyer);
      const dime = await buy(await addListing(sellerA, 0.1), me);
      const twenty = await buy(await addListing(sellerB, 0.2), me);
      const liked = await addListing(sellerA);
      await favorite(liked, me).expect(201);

      const { body, text } = await dashboardOf(me);
      expect(body.listings).toMatchObject({ active: 1, sold: 1, withdrawn: 1 });
      expect(idsOf(body.listings.recent)).toEqual([active, withdrawn, sold]);
      expect(body.listings.recent.map((listing: { status: string }) => listing.status)).toEqual([
        'active',
        'withdrawn',
        'sold',
      ]);
      expect(body.sales).toMatchObject({ count: 1, total: 15000.25 });
      expect(idsOf(body.sales.recent)).toEqual([sale]);
      // Summed in cents: exactly 0.3, not 0.1 + 0.2 (0.30000000000000004).
      expect(body.purchases).toMatchObject({ count: 2, total: 0.3 });
      expect(idsOf(body.purchases.recent)).toEqual([twenty, dime]);
      expect(body.purchases.recent.map((sale: { price: number }) => sale.price)).toEqual([0.2, 0.1]);
      expect(body.favorites).toMatchObject({ count: 1, recent: [{ listingId: liked, auctionId: null }] });
      for (const someone of [buyer, sellerA, sellerB]) expect(text).not.toContain(someone.email);
    });

    it('the buyer’s dashboard shows the purchase, not the seller’s listings', async () => {
      const [seller, buyer] = [await signUp(t), await signUp(t)];
      const sale = await buy(await addListing(seller, 19999.99), buyer);
      const { body, text } = await dashboardOf(buyer);
      expect(body).toMatchObject({
        listings: { active: 0, sold: 0, withdrawn: 0, recent: [] },
        sales: { count: 0, total: 0, recent: [] },
        purchases: {
          count: 1,
          total: 19999.99,
          recent: [{ id: sale, price: 19999.99, sellerId: seller.id }],
        },
      });
      expect(text).not.toContain(seller.email);
    });
  });
});
