import { AddressInfo } from 'node:net';
import { Socket } from 'socket.io-client';
import { expectError } from '../support/expect-error';
import { uniqueMake } from '../support/fixtures';
import { nextEvent, SocketClients } from '../support/sockets';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';

jest.setTimeout(30_000);

interface BidBody {
  id: number;
  bidderId?: number | null;
  bidderAlias: string;
  amount: number;
}

interface NewBidEvent {
  auctionId: number;
  bid: BidBody;
  currentPrice: number;
}

/**
 * Bidder privacy (eBay's): in an auction's bids, its events and its leader, users other than the
 * bidder, the seller and admins see `bidder <n>` (numbered by each bidder's first bid in the
 * auction) instead of user ids; a single bid answers only its bidder, the seller and admins.
 */
describe('bidder privacy', () => {
  let t: TestApp;
  let url: string;
  let seller: SignedUpUser;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let carol: SignedUpUser;
  let stranger: SignedUpUser;
  let admin: SignedUpUser;
  const sockets = new SocketClients();

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    [seller, alice, bob, carol, stranger] = await Promise.all(Array.from({ length: 5 }, () => signUp(t)));
    admin = await logInAdmin(t);
  });
  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  const addAuction = async (make = uniqueMake()): Promise<number> =>
    (
      await t.http
        .post('/api/auctions')
        .set(seller.auth)
        .send({
          title: 'Privacy test',
          make,
          model: 'Spider',
          year: 1990,
          startingPrice: 100,
          minIncrement: 10,
          endsAt: new Date(Date.now() + 3600_000).toISOString(),
        })
        .expect(201)
    ).body.id;
  const placeBid = async (auctionId: number, amount: number, as: SignedUpUser): Promise<BidBody> =>
    (await t.http.post(`/api/bids/auction/${auctionId}`).set(as.auth).send({ amount }).expect(201)).body.bid;
  const bidsOf = async (auctionId: number, as: SignedUpUser, query: object = {}): Promise<BidBody[]> =>
    (await t.http.get(`/api/bids/auction/${auctionId}`).query(query).set(as.auth).expect(200)).body.data;
  const get = async (path: string, as: SignedUpUser, query: object = {}) =>
    (await t.http.get(path).query(query).set(as.auth).expect(200)).body;

  /** Every view of the auction a user can ask for: by id, in the list, the search and the seller's auctions. */
  async function auctionViews(auctionId: number, make: string, as: SignedUpUser): Promise<object[]> {
    const inPage = (page: { data: { id: number }[] }) => page.data.find((item) => item.id === auctionId)!;
    return [
      await get(`/api/auctions/${auctionId}`, as),
      inPage(await get('/api/auctions', as, { make })),
      inPage(await get('/api/auctions/search', as, { q: make })),
      inPage(await get(`/api/users/${seller.id}/auctions`, as, { limit: 100 })),
    ];
  }

  describe('REST', () => {
    let auctionId: number;
    let make: string;
    let placed: BidBody[];

    beforeAll(async () => {
      make = uniqueMake();
      auctionId = await addAuction(make);
      // alice is bidder 1, bob bidder 2; alice leads.
      placed = [
        await placeBid(auctionId, 100, alice),
        await placeBid(auctionId, 110, bob),
        await placeBid(auctionId, 120, alice),
      ];
    });

    it('a third user sees aliases and no ids: in the bid list and in every view of the auction', async () => {
      const response = await t.http.get(`/api/bids/auction/${auctionId}`).set(stranger.auth).expect(200);
      expect(response.body.data).toEqual([...placed].reverse().map(({ bidderId: _hidden, ...bid }) => bid));
      expect(response.body.data.map((bid: BidBody) => bid.bidderAlias)).toEqual([
        'bidder 1',
        'bidder 2',
        'bidder 1',
      ]);
      expect(response.text).not.toContain('bidderId');
      for (const view of await auctionViews(auctionId, make, stranger)) {
        expect(view).toMatchObject({ leadingBidderAlias: 'bidder 1', bidCount: 3 });
        expect(view).not.toHaveProperty('leadingBidderId');
        expect(JSON.stringify(view)).not.toMatch(new RegExp(`"(leadingBidderId|bidderId)"`));
      }
    });

    it('the seller and an admin see every bidder id, and the leader', async () => {
      for (const user of [seller, admin]) {
        expect(await bidsOf(auctionId, user)).toEqual([...placed].reverse());
        for (const view of await auctionViews(auctionId, make, user)) {
          expect(view).toMatchObject({ leadingBidderId: alice.id, leadingBidderAlias: 'bidder 1' });
        }
      }
      const { auctions } = await get('/api/users/dashboard', seller);
      expect(auctions.recent.find((auction: { id: number }) => auction.id === auctionId)).toMatchObject({
        leadingBidderId: alice.id,
        leadingBidderAlias: 'bidder 1',
      });
    });

    it('a bidder sees their own id, not the others’; the leader sees that they lead', async () => {
      const [aliceLast, bobs, aliceFirst] = await bidsOf(auctionId, alice);
      expect([aliceLast.bidderId, aliceFirst.bidderId]).toEqual([alice.id, alice.id]);
      expect(bobs).not.toHaveProperty('bidderId');
      expect(bobs.bidderAlias).toBe('bidder 2');
      const [, bobsOwn] = await bidsOf(auctionId, bob);
      expect(bobsOwn).toEqual(placed[1]);
      for (const view of await auctionViews(auctionId, make, alice)) {
        expect(view).toMatchObject({ leadingBidderId: alice.id, leadingBidderAlias: 'bidder 1' });
      }
      for (const view of await auctionViews(auctionId, make, bob)) {
        expect(view).toMatchObject({ leadingBidderAlias: 'bidder 1' });
        expect(view).not.toHaveProperty('leadingBidderId');
      }
    });

    it('my bids (GET /api/bids/user) carry my id and my alias in each auction', async () => {
      const mine: BidBody[] = (await get('/api/bids/user', bob)).data;
      expect(mine).toEqual([placed[1]]);
      expect(mine[0]).toMatchObject({ bidderId: bob.id, bidderAlias: 'bidder 2' });
    });

    it('GET /api/bids/:id: 404 for a third user (as for an unknown bid), 200 for the bidder, the seller and an admin', async () => {
      const path = `/api/bids/${placed[1].id}`;
      const refused = await t.http.get(path).set(stranger.auth);
      expectError(refused, 404);
      expect(refused.body.message).toBe(`Bid ${placed[1].id} not found`);
      expectError(await t.http.get(path).set(alice.auth), 404);
      for (const user of [bob, seller, admin]) {
        expect((await t.http.get(path).set(user.auth).expect(200)).body).toEqual(placed[1]);
      }
    });

    it('aliases are stable within an auction, across bids and pages, and numbered by first bid', async () => {
      const id = await addAuction();
      const order = [carol, alice, carol, bob, alice, bob, carol];
      for (const [i, user] of order.entries()) await placeBid(id, 100 + 10 * i, user);
      const pages: BidBody[] = [];
      for (let page = 1; page <= 4; page++) pages.push(...(await bidsOf(id, stranger, { limit: 2, page })));
      expect(pages.map((bid) => bid.bidderAlias).reverse()).toEqual([
        'bidder 1',
        'bidder 2',
        'bidder 1',
        'bidder 3',
        'bidder 2',
        'bidder 3',
        'bidder 1',
      ]);
      // Another auction numbers its own bidders: bob first there.
      const other = await addAuction();
      await placeBid(other, 100, bob);
      expect((await placeBid(other, 110, carol)).bidderAlias).toBe('bidder 2');
      expect((await get(`/api/auctions/${other}`, stranger)).leadingBidderAlias).toBe('bidder 2');
    });
  });

  describe('live events', () => {
    /** A socket of `user` in the auction's room. */
    async function watcher(user: SignedUpUser, auctionId: number): Promise<Socket> {
      const socket = await sockets.connected(url, { token: user.accessToken });
      const joined = nextEvent(socket, 'auction_joined');
      socket.emit('join_auction', { auctionId });
      await joined;
      return socket;
    }

    /** Collects `event` on the socket; `until(n)` resolves once n of them arrived. */
    function collect<T>(socket: Socket, event: string) {
      const received: T[] = [];
      const waiters: { count: number; resolve: () => void }[] = [];
      socket.on(event, (payload: T) => {
        received.push(payload);
        waiters.filter((waiter) => received.length >= waiter.count).forEach((waiter) => waiter.resolve());
      });
      const until = (count: number) =>
        new Promise<T[]>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`${received.length} of ${count} ${event}`)),
            10_000,
          );
          const done = () => {
            clearTimeout(timer);
            resolve(received);
          };
          if (received.length >= count) done();
          else waiters.push({ count, resolve: done });
        });
      return { received, until };
    }

    it('new_bid: the bidder, the seller and admins get the bidder id, everyone else the alias only, each once', async () => {
      const auctionId = await addAuction();
      const users = { seller, admin, alice, bob, stranger };
      const events = Object.fromEntries(
        await Promise.all(
          Object.entries(users).map(async ([name, user]) => [
            name,
            collect<NewBidEvent>(await watcher(user, auctionId), 'new_bid'),
          ]),
        ),
      ) as Record<keyof typeof users, ReturnType<typeof collect<NewBidEvent>>>;

      const first = await placeBid(auctionId, 100, alice);
      const second = await placeBid(auctionId, 110, bob);
      // A third bid that every socket receives: what came before it has all arrived.
      const third = await placeBid(auctionId, 120, carol);
      const bids = async (name: keyof typeof users) =>
        (await events[name].until(3)).map((event) => event.bid);
      const aliased = ({ bidderId: _hidden, ...bid }: BidBody) => bid;

      for (const name of ['seller', 'admin'] as const)
        expect(await bids(name)).toEqual([first, second, third]);
      expect(await bids('alice')).toEqual([first, aliased(second), aliased(third)]);
      expect(await bids('bob')).toEqual([aliased(first), second, aliased(third)]);
      expect(await bids('stranger')).toEqual([first, second, third].map(aliased));
      expect((await events.stranger.until(3)).map((event) => event.bid.bidderAlias)).toEqual([
        'bidder 1',
        'bidder 2',
        'bidder 3',
      ]);
      expect(JSON.stringify(events.stranger.received)).not.toContain('bidderId');
      for (const { received } of Object.values(events)) expect(received).toHaveLength(3);
    });

    it('leave_auction leaves all of the auction’s rooms', async () => {
      const [left, kept] = [await addAuction(), await addAuction()];
      const socket = await watcher(seller, left);
      const events = collect<NewBidEvent>(socket, 'new_bid');
      const leaving = new Promise((resolve) => socket.once('auction_left', resolve));
      socket.emit('leave_auction', { auctionId: left });
      await leaving;
      const joined = new Promise((resolve) => socket.once('auction_joined', resolve));
      socket.emit('join_auction', { auctionId: kept });
      await joined;
      await placeBid(left, 100, alice);
      // Events reach a socket in order: once the later one is in, the earlier would have been too.
      await placeBid(kept, 100, bob);
      await events.until(1);
      expect(events.received.map((event) => event.auctionId)).toEqual([kept]);
    });
  });
});
