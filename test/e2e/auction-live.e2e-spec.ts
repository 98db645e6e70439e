import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import { AddressInfo } from 'node:net';
import { AUCTIONS_NAMESPACE, auctionRoom, eventsChannelPrefix } from '../../src/realtime/auction-events';
import { WorkerProcess } from '../support/processes';
import { nextEvent, SocketClients } from '../support/sockets';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';
import { sleep, waitFor } from '../support/wait';

jest.setTimeout(60_000);

const SOFT_CLOSE_MS = 1500;

describe('a live auction: bids, soft close, the worker closing it, socket events', () => {
  let t: TestApp;
  let worker: WorkerProcess;
  let url: string;
  let seller: SignedUpUser;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  const sockets = new SocketClients();

  beforeAll(async () => {
    t = await createTestApp({ AUCTION_SOFT_CLOSE_MS: String(SOFT_CLOSE_MS) });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    worker = await WorkerProcess.start({
      AUCTION_SOFT_CLOSE_MS: String(SOFT_CLOSE_MS),
      SYNC_INTERVAL_MS: '3600000',
      CAR_API_URL: 'http://127.0.0.1:9', // no car API here: the start-up sync fails fast and harmlessly
      CAR_API_RETRIES: '0',
    });
    [seller, alice, bob] = await Promise.all([signUp(t), signUp(t), signUp(t)]);
  });

  afterAll(async () => {
    sockets.closeAll();
    await worker?.stop();
    await t?.close();
  });

  const createAuction = (endsInMs: number, changes: object = {}) =>
    t.http
      .post('/api/auctions')
      .set(seller.auth)
      .send({
        title: 'Live test',
        make: 'Mazda',
        model: 'MX-5',
        year: 2020,
        startingPrice: 100,
        minIncrement: 10,
        endsAt: new Date(Date.now() + endsInMs).toISOString(),
        ...changes,
      })
      .expect(201);

  it('refuses a socket without a valid token, and accepts a live session', async () => {
    expect((await sockets.open(url, { token: 'not-a-token' })).refused).toMatch(/Unauthorized/);
    expect((await sockets.open(url, { token: seller.accessToken.slice(0, -2) + 'xx' })).refused).toMatch(
      /Unauthorized/,
    );
    expect((await sockets.connected(url, { token: seller.accessToken })).connected).toBe(true);
  });

  it('streams bids to the room, extends the end in the soft-close window, and closes sold with a transaction', async () => {
    const { body: auction } = await createAuction(2500, { reservePrice: 150 });
    const watcher = await sockets.connected(url, { token: bob.accessToken });
    const joined = nextEvent<{ auctionId: number }>(watcher, 'auction_joined');
    watcher.emit('join_auction', { auctionId: auction.id });
    expect(await joined).toEqual({ auctionId: auction.id });

    const firstBid = nextEvent<{ currentPrice: number; bidCount: number }>(watcher, 'new_bid');
    await t.http.post(`/api/bids/auction/${auction.id}`).set(alice.auth).send({ amount: 120 }).expect(201);
    expect(await firstBid).toMatchObject({ auctionId: auction.id, currentPrice: 120, bidCount: 1 });

    // Bob outbids inside the soft-close window (the auction ends in under 2.5 s; the window is 1.5 s).
    await sleep(1200);
    const extended = nextEvent<{ endsAt: string }>(watcher, 'auction_extended');
    const placedAt = Date.now();
    await t.http.post(`/api/auctions/${auction.id}/bids`).set(bob.auth).send({ amount: 160 }).expect(201);
    const newEnd = Date.parse((await extended).endsAt);
    expect(newEnd).toBeGreaterThanOrEqual(placedAt + SOFT_CLOSE_MS - 50);

    const status = await nextEvent<{ status: string; winnerId: number; finalPrice: number }>(
      watcher,
      'status_changed',
    );
    const closedAt = Date.now();
    expect(status).toEqual({
      auctionId: auction.id,
      status: 'sold',
      winnerId: bob.id,
      winnerAlias: 'bidder 2',
      finalPrice: 160,
    });
    expect(closedAt - newEnd).toBeLessThan(1000);

    const { body: after } = await t.http.get(`/api/auctions/${auction.id}`).set(seller.auth).expect(200);
    expect(after).toMatchObject({ status: 'sold', currentPrice: 160, bidCount: 2, leadingBidderId: bob.id });
    const purchases = await t.http.get('/api/marketplace/transactions?role=buyer').set(bob.auth).expect(200);
    expect(purchases.body.data).toEqual([
      expect.objectContaining({
        auctionId: auction.id,
        listingId: null,
        buyerId: bob.id,
        sellerId: seller.id,
        price: 160,
      }),
    ]);
  });

  it('the worker’s status_changed names the winner only to the winner, the seller and admins; others get the alias', async () => {
    const { body: auction } = await createAuction(4000);
    const [admin, stranger] = [await logInAdmin(t), await signUp(t)];
    const watchers = { seller, admin, alice, bob, stranger };
    const changes = Object.fromEntries(
      await Promise.all(
        Object.entries(watchers).map(async ([name, user]) => {
          const socket = await sockets.connected(url, { token: user.accessToken });
          const joined = nextEvent(socket, 'auction_joined');
          socket.emit('join_auction', { auctionId: auction.id });
          await joined;
          return [name, nextEvent<object>(socket, 'status_changed', 20_000)];
        }),
      ),
    ) as Record<keyof typeof watchers, Promise<object>>;
    await t.http.post(`/api/bids/auction/${auction.id}`).set(alice.auth).send({ amount: 100 }).expect(201);
    await t.http.post(`/api/bids/auction/${auction.id}`).set(bob.auth).send({ amount: 110 }).expect(201);

    const full = {
      auctionId: auction.id,
      status: 'sold',
      winnerId: bob.id,
      winnerAlias: 'bidder 2',
      finalPrice: 110,
    };
    const { winnerId: _hidden, ...aliased } = full;
    for (const name of ['seller', 'admin', 'bob'] as const) expect(await changes[name]).toEqual(full);
    for (const name of ['alice', 'stranger'] as const) expect(await changes[name]).toEqual(aliased);
  });

  it('tells the room when the seller cancels an auction, and nothing published on another Redis database', async () => {
    const { body: auction } = await createAuction(60_000);
    const watcher = await sockets.connected(url, { token: alice.accessToken });
    const joined = nextEvent(watcher, 'auction_joined');
    watcher.emit('join_auction', { auctionId: auction.id });
    await joined;
    const received: unknown[] = [];
    watcher.on('status_changed', (event) => received.push(event));
    const changed = nextEvent(watcher, 'status_changed');

    // Another deployment (or test file) on another logical database of the same Redis server has
    // a room of the same name. Redis pub/sub spans databases; the events must not.
    const otherDatabase = new URL(process.env.REDIS_URL!);
    otherDatabase.pathname = `/${(Number(otherDatabase.pathname.slice(1)) + 1) % 16}`;
    const other = new Redis(otherDatabase.toString());
    new Emitter(other, { key: eventsChannelPrefix(other) })
      .of(AUCTIONS_NAMESPACE)
      .to(auctionRoom(auction.id))
      .emit('status_changed', { auctionId: auction.id, status: 'sold', winnerId: 0, finalPrice: 1 });
    await other.ping(); // the publish has reached Redis
    other.disconnect();

    await t.http.delete(`/api/auctions/${auction.id}`).set(seller.auth).expect(204);
    const cancelled = { auctionId: auction.id, status: 'cancelled', winnerAlias: null, finalPrice: null };
    expect(await changed).toEqual(cancelled);
    await sleep(200);
    expect(received).toEqual([cancelled]);
  });

  it('closes an auction without enough bids as closed, with no transaction', async () => {
    const { body: auction } = await createAuction(1500, { reservePrice: 500 });
    await t.http.post(`/api/bids/auction/${auction.id}`).set(alice.auth).send({ amount: 200 }).expect(201);
    const status = await waitFor(
      `auction ${auction.id} to close`,
      async () => {
        const { body } = await t.http.get(`/api/auctions/${auction.id}`).set(alice.auth);
        return body.status === 'active' ? undefined : (body.status as string);
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(status).toBe('closed');
    const sales = await t.http.get('/api/marketplace/transactions?role=seller').set(seller.auth).expect(200);
    expect(sales.body.data.some((sale: { auctionId: number }) => sale.auctionId === auction.id)).toBe(false);
  });
});
