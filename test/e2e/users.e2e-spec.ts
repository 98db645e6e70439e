import { randomBytes } from 'node:crypto';
import { auctionInput, uniqueMake } from '../support/fixtures';
import { ADMIN, createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import {
  logInAdmin,
  PROFILE_KEYS,
  PROFILE_KEYS_WITH_ROLE,
  PUBLIC_KEYS,
  signUp,
  SignedUpUser,
} from '../support/users';

describe('users routes', () => {
  let t: TestApp;
  let admin: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await logInAdmin(t);
  });
  afterAll(() => t.close());

  const profileOf = async (user: SignedUpUser) =>
    (await t.http.get('/api/users/profile').set(user.auth).expect(200)).body;

  /** Usernames sharing a fresh prefix, so `?q=` finds exactly these users. */
  const signUpGroup = async (suffixes: string[]) => {
    const prefix = `g${randomBytes(3).toString('hex')}`;
    const users: SignedUpUser[] = [];
    for (const suffix of suffixes) users.push(await signUp(t, { username: `${prefix}_${suffix}` }));
    return { prefix, users };
  };

  /** A listing of `seller`'s, for 1,000. */
  const listingOf = async (seller: SignedUpUser) =>
    (
      await t.http
        .post('/api/marketplace/listings')
        .set(seller.auth)
        .send({ make: uniqueMake(), model: 'Civic', year: 2018, price: 1000, mileage: 1 })
        .expect(201)
    ).body;

  const listUsers = (query: Record<string, string | number>) =>
    t.http.get('/api/users').query(query).set(admin.auth);

  describe('own profile', () => {
    it('needs a token', async () => {
      expectError(await t.http.get('/api/users/profile'), 401);
      expectError(await t.http.patch('/api/users/profile').send({ displayName: 'X' }), 401);
    });

    it('GET returns the caller with their email and empty optional fields, never a password hash', async () => {
      const user = await signUp(t);
      const profile = await profileOf(user);
      expect(profile).toEqual({
        id: user.id,
        username: user.username,
        email: user.email,
        role: 'user',
        displayName: null,
        firstName: null,
        lastName: null,
        phone: null,
        address: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('PATCH updates displayName, phone and address and the change persists', async () => {
      const user = await signUp(t);
      const changes = {
        displayName: 'Ada L.',
        phone: '+44 (20) 7946-0958',
        address: '1 Main St, Springfield',
      };
      const response = await t.http.patch('/api/users/profile').set(user.auth).send(changes).expect(200);
      expect(response.body).toMatchObject({ id: user.id, email: user.email, ...changes });
      expect(await profileOf(user)).toMatchObject(changes);
    });

    it('PATCH trims the values', async () => {
      const user = await signUp(t);
      await t.http.patch('/api/users/profile').set(user.auth).send({ displayName: '  Ada  ' }).expect(200);
      expect((await profileOf(user)).displayName).toBe('Ada');
    });

    it('PATCH stores displayName in NFC and refuses invisible characters (no look-alike names)', async () => {
      const user = await signUp(t);
      await t.http.patch('/api/users/profile').set(user.auth).send({ displayName: 'Zoe\u0308' }).expect(200);
      expect((await profileOf(user)).displayName).toBe('Zo\u00eb');
      const hidden = await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ displayName: 'Ad\u200Ba' });
      expectError(hidden, 400);
      expect(hidden.body.message).toEqual([
        'displayName must not contain control or invisible characters (U+200B)',
      ]);
      expect((await profileOf(user)).displayName).toBe('Zo\u00eb');
    });

    it('PATCH leaves the fields it does not name as they were', async () => {
      const user = await signUp(t);
      await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ displayName: 'Kept', address: 'Kept too' })
        .expect(200);
      await t.http.patch('/api/users/profile').set(user.auth).send({ phone: '555 0100' }).expect(200);
      expect(await profileOf(user)).toMatchObject({
        displayName: 'Kept',
        address: 'Kept too',
        phone: '555 0100',
      });
    });

    it('PATCH with an empty body changes nothing and is not an error', async () => {
      const user = await signUp(t);
      await t.http.patch('/api/users/profile').set(user.auth).send({ displayName: 'Same' }).expect(200);
      const response = await t.http.patch('/api/users/profile').set(user.auth).send({});
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: user.id, displayName: 'Same' });
    });

    it('PUT is an alias of PATCH', async () => {
      const user = await signUp(t);
      await t.http.patch('/api/users/profile').set(user.auth).send({ address: 'Old address' }).expect(200);
      const response = await t.http
        .put('/api/users/profile')
        .set(user.auth)
        .send({ displayName: 'Via PUT' })
        .expect(200);
      expect(response.body).toMatchObject({ displayName: 'Via PUT', address: 'Old address' });
      expect(await profileOf(user)).toMatchObject({ displayName: 'Via PUT', address: 'Old address' });
    });

    it('null clears a field', async () => {
      const user = await signUp(t);
      const filled = { displayName: 'Name', phone: '12345', address: 'Somewhere' };
      await t.http.patch('/api/users/profile').set(user.auth).send(filled).expect(200);
      await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ phone: null, address: null })
        .expect(200);
      expect(await profileOf(user)).toMatchObject({ displayName: 'Name', phone: null, address: null });
    });

    it.each([
      ['role', { displayName: 'Sneaky', role: 'admin' }],
      ['email', { displayName: 'Sneaky', email: 'other@example.com' }],
      ['username', { displayName: 'Sneaky', username: 'renamed' }],
      ['passwordHash', { displayName: 'Sneaky', passwordHash: 'x' }],
    ])('an unknown field (%s) is 400 and nothing changes', async (_field, body) => {
      const user = await signUp(t);
      const before = await profileOf(user);
      const response = await t.http.patch('/api/users/profile').set(user.auth).send(body);
      expectError(response, 400);
      expect(await profileOf(user)).toEqual(before);
    });

    it.each(['call me', '12', '+1 555 0100 ext. 7', '555#0100'])('phone %p is 400', async (phone) => {
      const user = await signUp(t);
      const response = await t.http.patch('/api/users/profile').set(user.auth).send({ phone });
      expectError(response, 400);
      expect(JSON.stringify(response.body.message)).toContain('phone');
      expect((await profileOf(user)).phone).toBeNull();
    });

    it.each([
      ['displayName', 64],
      ['phone', 32],
      ['address', 255],
    ])('%s accepts %i characters and rejects one more with 400', async (field, max) => {
      const user = await signUp(t);
      const value = (length: number) => '1'.repeat(length);
      await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ [field]: value(max) })
        .expect(200);
      const response = await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ [field]: value(max + 1) });
      expectError(response, 400);
      expect((await profileOf(user))[field]).toBe(value(max));
    });

    it.each([
      ['displayName', 42],
      ['address', { street: 'x' }],
      ['phone', ['555 0100']],
    ])('%s must be a string (400)', async (field, value) => {
      const user = await signUp(t);
      expectError(
        await t.http
          .patch('/api/users/profile')
          .set(user.auth)
          .send({ [field]: value }),
        400,
      );
    });
  });

  describe('public profile GET /api/users/:id', () => {
    it('shows another user without email, phone, address or role', async () => {
      const owner = await signUp(t);
      await t.http
        .patch('/api/users/profile')
        .set(owner.auth)
        .send({ displayName: 'Public Name', phone: '555 0100', address: 'Private St 1' })
        .expect(200);
      const viewer = await signUp(t);
      const response = await t.http.get(`/api/users/${owner.id}`).set(viewer.auth).expect(200);
      expect(Object.keys(response.body).sort()).toEqual(PROFILE_KEYS);
      expect(response.body).toMatchObject({
        id: owner.id,
        username: owner.username,
        displayName: 'Public Name',
      });
      expect(JSON.stringify(response.body)).not.toContain(owner.email);
    });

    it("shows the role to the user themself and to admins, and an admin's role to nobody else", async () => {
      const user = await signUp(t);
      const viewer = await signUp(t);
      const own = await t.http.get(`/api/users/${user.id}`).set(user.auth).expect(200);
      expect(Object.keys(own.body).sort()).toEqual(PROFILE_KEYS_WITH_ROLE);
      expect(own.body.role).toBe('user');
      const asAdmin = await t.http.get(`/api/users/${user.id}`).set(admin.auth).expect(200);
      expect(asAdmin.body).toMatchObject({ id: user.id, role: 'user' });
      const adminAsSeen = await t.http.get(`/api/users/${admin.id}`).set(viewer.auth).expect(200);
      expect(Object.keys(adminAsSeen.body).sort()).toEqual(PROFILE_KEYS);
    });

    it('a seller embedded in a listing or an auction shows no role, even to an admin', async () => {
      const listing = await listingOf(admin);
      const auction = await t.http.post('/api/auctions').set(admin.auth).send(auctionInput()).expect(201);
      const viewer = await signUp(t);
      for (const [path, as] of [
        [`/api/marketplace/listings/${listing.id}`, viewer],
        [`/api/auctions/${auction.body.id}`, viewer],
        [`/api/marketplace/listings/${listing.id}`, admin],
        [`/api/auctions/${auction.body.id}`, admin],
      ] as const) {
        const { seller } = (await t.http.get(path).set(as.auth).expect(200)).body;
        expect({ path, keys: Object.keys(seller).sort() }).toEqual({ path, keys: PUBLIC_KEYS });
      }
    });

    it('needs a token', async () => {
      const user = await signUp(t);
      expectError(await t.http.get(`/api/users/${user.id}`), 401);
    });

    it('an unknown id is 404', async () => {
      expectError(await t.http.get('/api/users/2147483647').set(admin.auth), 404);
    });

    it.each(['abc', '0', '-1', '1.5', '99999999999', '0x1', '1e0'])('id %p is 400', async (id) => {
      expectError(await t.http.get(`/api/users/${id}`).set(admin.auth), 400);
    });
  });

  describe('admin-only routes', () => {
    const adminRoutes = (targetId: number) => [
      { name: 'GET /api/users', call: () => t.http.get('/api/users'), status: 200 },
      {
        name: `PATCH /api/users/:id/role`,
        call: () => t.http.patch(`/api/users/${targetId}/role`).send({ role: 'user' }),
        status: 200,
      },
      { name: 'DELETE /api/users/:id', call: () => t.http.delete(`/api/users/${targetId}`), status: 204 },
    ];

    it('without a token are 401', async () => {
      const target = await signUp(t);
      for (const route of adminRoutes(target.id)) expectError(await route.call(), 401);
      await t.http.get(`/api/users/${target.id}`).set(admin.auth).expect(200);
    });

    it('as a normal user are 403 and change nothing', async () => {
      const user = await signUp(t);
      const target = await signUp(t);
      for (const route of adminRoutes(target.id)) expectError(await route.call().set(user.auth), 403);
      await t.http.patch(`/api/users/${user.id}/role`).set(user.auth).send({ role: 'admin' }).expect(403);
      expect((await profileOf(user)).role).toBe('user');
      await t.http.get(`/api/users/${target.id}`).set(admin.auth).expect(200);
    });

    it('as an admin pass', async () => {
      const target = await signUp(t);
      for (const route of adminRoutes(target.id)) {
        const response = await route.call().set(admin.auth);
        expect({ route: route.name, status: response.status }).toEqual({
          route: route.name,
          status: route.status,
        });
      }
    });

    it('the bootstrap admin of ADMIN_EMAIL/ADMIN_PASSWORD exists with role admin', async () => {
      expect(admin.email).toBe(ADMIN.email);
      expect((await profileOf(admin)).role).toBe('admin');
      const response = await listUsers({ email: ADMIN.email }).expect(200);
      expect(response.body.data).toEqual([expect.objectContaining({ id: admin.id, role: 'admin' })]);
    });
  });

  describe('GET /api/users (admin list)', () => {
    it('is paginated with data and meta', async () => {
      await signUp(t);
      await signUp(t);
      const response = await listUsers({}).expect(200);
      const { data, meta } = response.body;
      expect(Object.keys(response.body).sort()).toEqual(['data', 'meta']);
      expect(meta).toEqual({
        page: 1,
        limit: 20,
        total: expect.any(Number),
        totalPages: Math.ceil(meta.total / 20),
      });
      expect(meta.total).toBeGreaterThanOrEqual(3);
      expect(data).toHaveLength(Math.min(meta.total, 20));
    });

    it('pages through a filtered set', async () => {
      const { prefix, users } = await signUpGroup(['a', 'b', 'c']);
      const second = await listUsers({ q: prefix, limit: 2, page: 2 }).expect(200);
      expect(second.body.meta).toEqual({ page: 2, limit: 2, total: 3, totalPages: 2 });
      expect(second.body.data.map((u: { id: number }) => u.id)).toEqual([users[2].id]);
      const beyond = await listUsers({ q: prefix, limit: 2, page: 3 }).expect(200);
      expect(beyond.body).toEqual({ data: [], meta: { page: 3, limit: 2, total: 3, totalPages: 2 } });
    });

    it('never contains an email, phone, address or password hash', async () => {
      const user = await signUp(t);
      await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ phone: '555 0199', address: 'Hidden 9' });
      const response = await listUsers({ limit: 100 }).expect(200);
      expect(response.body.data.length).toBeGreaterThanOrEqual(2);
      for (const item of response.body.data) expect(Object.keys(item).sort()).toEqual(PROFILE_KEYS_WITH_ROLE);
      expect(JSON.stringify(response.body)).not.toContain('@');
    });

    it('q finds a substring of the username or the display name, in any case', async () => {
      const { prefix, users } = await signUpGroup(['one', 'two']);
      const other = await signUp(t);
      await t.http
        .patch('/api/users/profile')
        .set(other.auth)
        .send({ displayName: `Known as ${prefix.toUpperCase()}` })
        .expect(200);
      const response = await listUsers({ q: prefix.toUpperCase(), sort: 'createdAt' }).expect(200);
      expect(response.body.data.map((u: { id: number }) => u.id)).toEqual([
        users[0].id,
        users[1].id,
        other.id,
      ]);
      const narrow = await listUsers({ q: `${prefix}_tw` }).expect(200);
      expect(narrow.body.data.map((u: { id: number }) => u.id)).toEqual([users[1].id]);
    });

    it('q takes % and _ literally', async () => {
      const user = await signUp(t);
      const mark = `${randomBytes(3).toString('hex')}%_`;
      await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ displayName: `100${mark}` })
        .expect(200);
      const literal = await listUsers({ q: mark }).expect(200);
      expect(literal.body.data.map((u: { id: number }) => u.id)).toEqual([user.id]);
      const wildcard = await listUsers({ q: '%' }).expect(200);
      expect(wildcard.body.data.map((u: { id: number }) => u.id)).toContain(user.id);
      expect(wildcard.body.meta.total).toBeLessThan((await listUsers({}).expect(200)).body.meta.total);
    });

    it('email finds exactly one user, in any case, without showing the email', async () => {
      const user = await signUp(t);
      await signUp(t);
      const response = await listUsers({ email: user.email.toUpperCase() }).expect(200);
      expect(response.body.meta.total).toBe(1);
      expect(response.body.data).toEqual([expect.objectContaining({ id: user.id, username: user.username })]);
      expect(response.body.data[0]).not.toHaveProperty('email');
    });

    it('email of nobody finds nothing; a partial email is not a match', async () => {
      const user = await signUp(t);
      const none = await listUsers({ email: 'nobody-here@example.com' }).expect(200);
      expect(none.body).toEqual({ data: [], meta: { page: 1, limit: 20, total: 0, totalPages: 0 } });
      const partial = await listUsers({ email: user.email.replace('@', 'x@') }).expect(200);
      expect(partial.body.meta.total).toBe(0);
    });

    it('role filters by role', async () => {
      await signUp(t);
      const admins = await listUsers({ role: 'admin', limit: 100 }).expect(200);
      expect(admins.body.data.map((u: { id: number }) => u.id)).toContain(admin.id);
      expect(admins.body.data.every((u: { role: string }) => u.role === 'admin')).toBe(true);
      const users = await listUsers({ role: 'user', limit: 100 }).expect(200);
      expect(users.body.data.length).toBeGreaterThan(0);
      expect(users.body.data.every((u: { role: string }) => u.role === 'user')).toBe(true);
      expect(admins.body.meta.total + users.body.meta.total).toBe(
        (await listUsers({}).expect(200)).body.meta.total,
      );
    });

    it('sorts by username and createdAt, both directions', async () => {
      // Created in the order b, c, a, so the username order differs from the creation order.
      const { prefix, users } = await signUpGroup(['b', 'c', 'a']);
      const [b, c, a] = users.map((u) => u.id);
      const ids = async (sort: string) =>
        (await listUsers({ q: prefix, sort }).expect(200)).body.data.map((u: { id: number }) => u.id);
      expect(await ids('username')).toEqual([a, b, c]);
      expect(await ids('-username')).toEqual([c, b, a]);
      expect(await ids('createdAt')).toEqual([b, c, a]);
      expect(await ids('-createdAt')).toEqual([a, c, b]);
    });

    it('sorts by username by default', async () => {
      const { prefix, users } = await signUpGroup(['z', 'm']);
      const response = await listUsers({ q: prefix }).expect(200);
      expect(response.body.data.map((u: { id: number }) => u.id)).toEqual([users[1].id, users[0].id]);
    });

    it.each<Record<string, string | number>>([
      { limit: 0 },
      { limit: 101 },
      { limit: 'ten' },
      { page: 0 },
      { page: -1 },
      { sort: 'password' },
      { sort: 'email' },
      { role: 'superuser' },
      { email: 'not-an-email' },
      { unknown: 'x' },
    ])('rejects %p with 400', async (query) => {
      expectError(await listUsers(query), 400);
    });

    it('accepts limit=1 and limit=100', async () => {
      expect((await listUsers({ limit: 1 }).expect(200)).body.data).toHaveLength(1);
      expect((await listUsers({ limit: 100 }).expect(200)).body.meta.limit).toBe(100);
    });
  });

  describe('DELETE /api/users/:id', () => {
    it('deletes the user, ends their sessions and their login fails', async () => {
      const user = await signUp(t);
      await t.http.get('/api/users/profile').set(user.auth).expect(200);
      await t.http.delete(`/api/users/${user.id}`).set(admin.auth).expect(204);
      expectError(await t.http.get('/api/users/profile').set(user.auth), 401);
      expectError(await t.http.post('/api/auth/refresh').send({ refreshToken: user.refreshToken }), 401);
      expectError(
        await t.http.post('/api/auth/login').send({ email: user.email, password: user.password }),
        401,
      );
      expectError(await t.http.get(`/api/users/${user.id}`).set(admin.auth), 404);
    });

    it('frees the email for a new signup', async () => {
      const user = await signUp(t);
      await t.http.delete(`/api/users/${user.id}`).set(admin.auth).expect(204);
      const again = await signUp(t, { email: user.email, username: user.username });
      expect(again.id).not.toBe(user.id);
    });

    it('an admin deleting themself is 409 and they stay', async () => {
      expectError(await t.http.delete(`/api/users/${admin.id}`).set(admin.auth), 409);
      await t.http.get('/api/users/profile').set(admin.auth).expect(200);
    });

    it('an unknown user is 404; a bad id is 400', async () => {
      expectError(await t.http.delete('/api/users/2147483647').set(admin.auth), 404);
      expectError(await t.http.delete('/api/users/abc').set(admin.auth), 400);
    });

    it("a seller whose auction has another user's bid, with a sale, is 409 naming that; nothing is lost", async () => {
      const seller = await signUp(t);
      const bob = await signUp(t);
      const elsewhere = (await t.http.post('/api/auctions').set(admin.auth).send(auctionInput()).expect(201))
        .body;
      const auction = (await t.http.post('/api/auctions').set(seller.auth).send(auctionInput()).expect(201))
        .body;
      for (const [id, amount] of [
        [elsewhere.id, 100],
        [auction.id, 100],
        [elsewhere.id, 110],
        [elsewhere.id, 120],
      ]) {
        await t.http.post(`/api/bids/auction/${id}`).set(bob.auth).send({ amount }).expect(201);
      }
      await t.http.post(`/api/favorites/auction/${auction.id}`).set(bob.auth).expect(201);
      const listing = await listingOf(seller);
      const purchase = (
        await t.http
          .post(`/api/marketplace/listings/${listing.id}/purchase`)
          .set(bob.auth)
          .send({})
          .expect(201)
      ).body;
      expect(purchase).toMatchObject({ listingId: listing.id, sellerId: seller.id, buyerId: bob.id });
      const bobsView = async () => ({
        bids: (await t.http.get('/api/bids/user').set(bob.auth).expect(200)).body.meta.total,
        auction: (await t.http.get(`/api/auctions/${auction.id}`).set(bob.auth).expect(200)).body,
        purchase: (await t.http.get(`/api/marketplace/transactions/${purchase.id}`).set(bob.auth).expect(200))
          .body,
        favorites: (await t.http.get('/api/favorites').set(bob.auth).expect(200)).body.data,
      });
      const before = await bobsView();
      expect(before.bids).toBe(4);

      const refused = await t.http.delete(`/api/users/${seller.id}`).set(admin.auth);
      expectError(refused, 409);
      expect(refused.body.message).toBe(
        `User ${seller.id} has 1 auction with other users' bids and 1 sale; ` +
          "deleting the user would destroy other users' records",
      );
      expect(await bobsView()).toEqual(before);
      await t.http.get('/api/users/profile').set(seller.auth).expect(200);

      const buyer = await t.http.delete(`/api/users/${bob.id}`).set(admin.auth);
      expectError(buyer, 409);
      expect(buyer.body.message).toBe(
        `User ${bob.id} has 2 leading bids on active auctions and 1 purchase; ` +
          "deleting the user would destroy other users' records",
      );
      await t.http.get('/api/users/profile').set(bob.auth).expect(200);
    });

    it('a user whose listings, auctions, bids and favorites involve nobody else can still be deleted, once outbid', async () => {
      const user = await signUp(t);
      const other = await signUp(t);
      const auction = (await t.http.post('/api/auctions').set(user.auth).send(auctionInput()).expect(201))
        .body;
      await listingOf(user);
      const othersAuction = (
        await t.http.post('/api/auctions').set(other.auth).send(auctionInput()).expect(201)
      ).body;
      await t.http
        .post(`/api/bids/auction/${othersAuction.id}`)
        .set(user.auth)
        .send({ amount: 100 })
        .expect(201);
      await t.http.post(`/api/favorites/auction/${othersAuction.id}`).set(user.auth).expect(201);
      // While the user leads that auction its seller would lose the sale: refused.
      const leading = await t.http.delete(`/api/users/${user.id}`).set(admin.auth);
      expectError(leading, 409);
      expect(leading.body.message).toContain('1 leading bid on an active auction');
      const rival = await signUp(t);
      await t.http
        .post(`/api/bids/auction/${othersAuction.id}`)
        .set(rival.auth)
        .send({ amount: 200 })
        .expect(201);
      await t.http.delete(`/api/users/${user.id}`).set(admin.auth).expect(204);
      expectError(await t.http.get(`/api/auctions/${auction.id}`).set(other.auth), 404);
      // The outbid bid on another user's auction stays (without its bidder), and so does that auction.
      const kept = (await t.http.get(`/api/auctions/${othersAuction.id}`).set(other.auth).expect(200)).body;
      expect(kept.bidCount).toBe(2);
    });

    it('a bid and a purchase racing the delete: the delete wins and they fail, or it is refused (409)', async () => {
      for (let round = 0; round < 8; round++) {
        const seller = await signUp(t);
        const [bidder, buyer] = [await signUp(t), await signUp(t)];
        const auction = (await t.http.post('/api/auctions').set(seller.auth).send(auctionInput()).expect(201))
          .body;
        const listing = await listingOf(seller);
        const requests = {
          deleted: () => t.http.delete(`/api/users/${seller.id}`).set(admin.auth),
          bid: () => t.http.post(`/api/bids/auction/${auction.id}`).set(bidder.auth).send({ amount: 100 }),
          purchase: () =>
            t.http.post(`/api/marketplace/listings/${listing.id}/purchase`).set(buyer.auth).send({}),
        };
        // Sent in this order: the delete first in even rounds, last in odd ones.
        const order =
          round % 2 === 0
            ? (['deleted', 'bid', 'purchase'] as const)
            : (['bid', 'purchase', 'deleted'] as const);
        const statuses = Object.fromEntries(
          await Promise.all(order.map(async (name) => [name, (await requests[name]()).status] as const)),
        ) as Record<keyof typeof requests, number>;
        const outcome = { round, ...statuses };
        if (statuses.deleted === 204) {
          expect([404, 409]).toContain(statuses.bid);
          expect([404, 409]).toContain(statuses.purchase);
          continue;
        }
        expect(outcome).toEqual({ ...outcome, deleted: 409 });
        expect([statuses.bid, statuses.purchase]).toContain(201);
        // What won the race is still there.
        const bids = (await t.http.get('/api/bids/user').set(bidder.auth).expect(200)).body.meta.total;
        const purchases = (await t.http.get('/api/marketplace/transactions').set(buyer.auth).expect(200)).body
          .meta.total;
        expect({ round, bids, purchases }).toEqual({
          round,
          bids: statuses.bid === 201 ? 1 : 0,
          purchases: statuses.purchase === 201 ? 1 : 0,
        });
      }
    });

    it('deleting the same user twice is 404 the second time', async () => {
      const user = await signUp(t);
      await t.http.delete(`/api/users/${user.id}`).set(admin.auth).expect(204);
      expectError(await t.http.delete(`/api/users/${user.id}`).set(admin.auth), 404);
    });
  });

  describe('PATCH /api/users/:id/role', () => {
    const setRole = (id: number, role: unknown, as: SignedUpUser = admin) =>
      t.http.patch(`/api/users/${id}/role`).set(as.auth).send({ role });

    it('promotes a user, and their existing token passes admin routes at once', async () => {
      const user = await signUp(t);
      await t.http.get('/api/users').set(user.auth).expect(403);
      const response = await setRole(user.id, 'admin').expect(200);
      expect(response.body).toMatchObject({ id: user.id, role: 'admin' });
      expect(Object.keys(response.body).sort()).toEqual(PROFILE_KEYS_WITH_ROLE);
      await t.http.get('/api/users').set(user.auth).expect(200);
    });

    it('demotes an admin, and their existing token loses admin routes at once', async () => {
      const user = await signUp(t);
      await setRole(user.id, 'admin').expect(200);
      await t.http.get('/api/users').set(user.auth).expect(200);
      await setRole(user.id, 'user').expect(200);
      expectError(await t.http.get('/api/users').set(user.auth), 403);
      expect((await profileOf(user)).role).toBe('user');
    });

    it('a promoted admin cannot demote themself either, but may set the role of others', async () => {
      const other = await signUp(t);
      await setRole(other.id, 'admin').expect(200);
      expectError(await setRole(other.id, 'user', other), 409);
      await setRole(admin.id, 'admin', other).expect(200);
    });

    it('an admin demoting themself is 409 and they stay admin', async () => {
      expectError(await setRole(admin.id, 'user'), 409);
      expect((await profileOf(admin)).role).toBe('admin');
      await t.http.get('/api/users').set(admin.auth).expect(200);
    });

    it.each(['superuser', 'ADMIN', '', null, 1])('role %p is 400', async (role) => {
      const user = await signUp(t);
      expectError(await setRole(user.id, role), 400);
      expect((await profileOf(user)).role).toBe('user');
    });

    it('a missing role or an extra field is 400', async () => {
      const user = await signUp(t);
      expectError(await t.http.patch(`/api/users/${user.id}/role`).set(admin.auth).send({}), 400);
      expectError(
        await t.http
          .patch(`/api/users/${user.id}/role`)
          .set(admin.auth)
          .send({ role: 'admin', username: 'x' }),
        400,
      );
      expect((await profileOf(user)).role).toBe('user');
    });

    it('an unknown user is 404; a bad id is 400', async () => {
      expectError(await setRole(2147483647, 'admin'), 404);
      expectError(await t.http.patch('/api/users/1.5/role').set(admin.auth).send({ role: 'admin' }), 400);
    });
  });
});
