import { AddressInfo } from 'node:net';
import { Socket } from 'socket.io-client';
import request from 'supertest';
import { MAX_ID } from '../support/fixtures';
import { ApiProcess } from '../support/processes';
import { nextEvent, SocketClients } from '../support/sockets';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';
import { sleep, waitFor } from '../support/wait';

jest.setTimeout(120_000);

/** What a socket heard, in order. */
type Heard = { event: string; payload: Record<string, unknown> }[];

interface Ack {
  ok: boolean;
  statusCode?: number;
  message?: string | string[];
  [field: string]: unknown;
}

/**
 * The live auction protocol (API.md, "Real-time") on two API processes sharing one database and
 * Redis, with clients on each: `connection_response`, `place_bid` as the REST route,
 * `auction_status_update` as DELETE, `typing` relayed as `user_typing`, `bid_placed`, and the
 * events bids raise (`new_bid`, `bid_update`, `outbid`), none of which carries a bidder's maximum.
 */
describe('the live auction protocol, on two API processes', () => {
  let t: TestApp;
  let other: ApiProcess;
  let here: string;
  let there: string;
  let seller: SignedUpUser;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let carol: SignedUpUser;
  const sockets = new SocketClients();

  beforeAll(async () => {
    // Room for the sockets a user opens across the tests, on each process.
    t = await createTestApp({ WS_MAX_SOCKETS_PER_USER: '100' });
    await t.app.listen(0, '127.0.0.1');
    here = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // The same database and Redis (the environment createTestApp set).
    other = await ApiProcess.start();
    there = other.url;
    [seller, alice, bob, carol] = await Promise.all([signUp(t), signUp(t), signUp(t), signUp(t)]);
  });

  afterEach(() => sockets.closeAll());

  afterAll(async () => {
    await other?.stop();
    await t?.close();
  });

  /** A socket of `user` on the API at `at`, once it has heard `connection_response`. */
  const connect = (user: SignedUpUser, at = here) => sockets.connected(at, { token: user.accessToken });

  /** Everything `socket` hears from now on. */
  function record(socket: Socket): Heard {
    const heard: Heard = [];
    socket.onAny((event: string, payload: Record<string, unknown>) => heard.push({ event, payload }));
    return heard;
  }

  const payloadsOf = (heard: Heard, event: string) =>
    heard.filter((entry) => entry.event === event).map((entry) => entry.payload);

  async function join(socket: Socket, auctionId: number): Promise<void> {
    const joined = nextEvent(socket, 'auction_joined');
    socket.emit('join_auction', { auctionId });
    await joined;
  }

  const ask = (socket: Socket, event: string, payload: unknown, timeoutMs = 10_000): Promise<Ack> =>
    socket.timeout(timeoutMs).emitWithAck(event, payload);

  async function createAuction(changes: object = {}): Promise<number> {
    const { body } = await t.http
      .post('/api/auctions')
      .set(seller.auth)
      .send({
        title: 'Protocol test',
        make: 'Porsche',
        model: '911',
        year: 1973,
        startingPrice: 100,
        minIncrement: 10,
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        ...changes,
      })
      .expect(201);
    return body.id;
  }

  /** Lets events in flight arrive (through Redis to the other process) before checking their absence. */
  const settle = () => sleep(500);

  it('answers connection_response {userId, username} on connect, on either process', async () => {
    for (const at of [here, there]) {
      expect((await sockets.open(at, { token: alice.accessToken })).hello).toEqual({
        userId: alice.id,
        username: alice.username,
      });
    }
  });

  it('place_bid answers what POST /api/bids answers; both processes hear new_bid and bid_update', async () => {
    const auctionId = await createAuction();
    const watchers = {
      strangerHere: await connect(carol),
      strangerThere: await connect(carol, there),
      sellerThere: await connect(seller, there),
    };
    const heard = Object.fromEntries(
      await Promise.all(
        Object.entries(watchers).map(async ([name, socket]) => {
          await join(socket, auctionId);
          return [name, record(socket)];
        }),
      ),
    ) as Record<keyof typeof watchers, Heard>;

    // Alice bids over a socket without having joined the auction, as REST needs no room either.
    const aliceSocket = await connect(alice);
    const ack = await ask(aliceSocket, 'place_bid', { auctionId, amount: 100 });
    expect(ack).toEqual({
      ok: true,
      bid: {
        id: expect.any(Number),
        auctionId,
        bidderId: alice.id,
        bidderAlias: 'bidder 1',
        amount: 100,
        auto: false,
        createdAt: expect.any(String),
      },
      leading: true,
      currentPrice: 100,
      minimumBid: 110,
    });
    // Bob bids over REST on the other process: the same answer, less `ok`.
    const rest = await request(there)
      .post(`/api/bids/auction/${auctionId}`)
      .set(bob.auth)
      .send({ amount: 110 })
      .expect(201);
    const { ok: _ok, ...answer } = ack;
    expect(Object.keys(rest.body).sort()).toEqual(Object.keys(answer).sort());
    expect(rest.body).toMatchObject({ leading: true, currentPrice: 110, minimumBid: 120 });

    for (const name of Object.keys(heard) as (keyof typeof heard)[]) {
      await waitFor(
        `${name} to hear both bid_updates`,
        () => payloadsOf(heard[name], 'bid_update').length === 2,
      );
      const bids = payloadsOf(heard[name], 'new_bid');
      expect(bids.map((event) => [event.currentPrice, event.bidCount])).toEqual([
        [100, 1],
        [110, 2],
      ]);
      expect(payloadsOf(heard[name], 'bid_update')[1]).toEqual({
        auctionId,
        currentPrice: 110,
        minimumBid: 120,
        bidCount: 2,
        ...(name === 'sellerThere' ? { leadingBidderId: bob.id } : {}),
        leadingBidderAlias: 'bidder 2',
        reserveMet: true,
        endsAt: expect.any(String),
      });
    }
    // Bidder privacy in the events: the stranger sees aliases, the seller the ids.
    expect(payloadsOf(heard.strangerThere, 'new_bid')[0].bid).not.toHaveProperty('bidderId');
    expect(payloadsOf(heard.sellerThere, 'new_bid')[0].bid).toMatchObject({ bidderId: alice.id });
  });

  it('outbid reaches every socket of the one user who lost the lead, on either process, and nobody else', async () => {
    const auctionId = await createAuction();
    const aliceThere = await connect(alice, there); // watching nothing
    const aliceHere = await connect(alice);
    const others = [
      await connect(bob),
      await connect(bob, there),
      await connect(seller, there),
      await connect(carol),
    ];
    await join(others[2], auctionId);
    await join(others[3], auctionId);
    const heardByOthers = others.map(record);
    const heardByAlice = [aliceThere, aliceHere].map(record);

    await t.http.post(`/api/bids/auction/${auctionId}`).set(alice.auth).send({ amount: 100 }).expect(201);
    // Alice raising her own lead outbids nobody.
    await ask(aliceHere, 'place_bid', { auctionId, amount: 120 }).then((ack) => expect(ack.ok).toBe(true));
    const outbid = [nextEvent(aliceThere, 'outbid'), nextEvent(aliceHere, 'outbid')];
    expect(await ask(others[0], 'place_bid', { auctionId, amount: 130 })).toMatchObject({
      ok: true,
      leading: true,
    });
    const expected = { auctionId, currentPrice: 130, minimumBid: 140 };
    expect(await Promise.all(outbid)).toEqual([expected, expected]);

    await settle();
    for (const heard of heardByAlice) expect(payloadsOf(heard, 'outbid')).toEqual([expected]);
    for (const heard of heardByOthers) expect(payloadsOf(heard, 'outbid')).toEqual([]);
  });

  describe('place_bid fails as the REST route does', () => {
    const cases: [string, () => Promise<{ user: SignedUpUser; auctionId: number; body: object }>][] = [
      [
        'below the minimum',
        async () => {
          const auctionId = await createAuction();
          await t.http
            .post(`/api/bids/auction/${auctionId}`)
            .set(alice.auth)
            .send({ amount: 150 })
            .expect(201);
          return { user: bob, auctionId, body: { amount: 155 } };
        },
      ],
      [
        'a maximum below the price',
        async () => ({ user: bob, auctionId: await createAuction(), body: { maxAmount: 50 } }),
      ],
      [
        'neither amount nor maxAmount',
        async () => ({ user: bob, auctionId: await createAuction(), body: {} }),
      ],
      [
        'a maximum below the amount',
        async () => ({ user: bob, auctionId: await createAuction(), body: { amount: 200, maxAmount: 150 } }),
      ],
      [
        'three decimals',
        async () => ({ user: bob, auctionId: await createAuction(), body: { amount: 100.001 } }),
      ],
      [
        'an amount as text',
        async () => ({ user: bob, auctionId: await createAuction(), body: { amount: '100' } }),
      ],
      [
        'an unknown field',
        async () => ({ user: bob, auctionId: await createAuction(), body: { amount: 100, proxy: true } }),
      ],
      [
        'the seller’s own auction',
        async () => ({ user: seller, auctionId: await createAuction(), body: { amount: 100 } }),
      ],
      ['no such auction', async () => ({ user: bob, auctionId: MAX_ID, body: { amount: 100 } })],
      [
        'a cancelled auction',
        async () => {
          const auctionId = await createAuction();
          await t.http.delete(`/api/auctions/${auctionId}`).set(seller.auth).expect(204);
          return { user: bob, auctionId, body: { amount: 100 } };
        },
      ],
      [
        'an auction past its end',
        async () => {
          const auctionId = await createAuction({ endsAt: new Date(Date.now() + 1500).toISOString() });
          await sleep(1600);
          return { user: bob, auctionId, body: { amount: 100 } };
        },
      ],
    ];

    it.each(cases)('%s: the same status and message, and nothing stored', async (_name, arrange) => {
      const { user, auctionId, body } = await arrange();
      const rest = await t.http.post(`/api/bids/auction/${auctionId}`).set(user.auth).send(body);
      expect(rest.status).toBeGreaterThanOrEqual(400);
      expect(rest.status).toBeLessThan(500);
      const socket = await connect(user, there);
      expect(await ask(socket, 'place_bid', { auctionId, ...body })).toEqual({
        ok: false,
        statusCode: rest.status,
        message: rest.body.message,
      });
      if (auctionId !== MAX_ID) {
        const { body: auction } = await t.http.get(`/api/auctions/${auctionId}`).set(seller.auth).expect(200);
        const { body: bids } = await t.http
          .get(`/api/bids/auction/${auctionId}`)
          .set(seller.auth)
          .expect(200);
        expect(bids.meta.total).toBe(auction.bidCount);
      }
      expect(socket.connected).toBe(true);
    });
  });

  describe('100 concurrent socket bids from 10 users on two processes', () => {
    it('loses none: the bid list is exactly the acknowledged bids, the price the highest, the count theirs', async () => {
      const auctionId = await createAuction({ startingPrice: 1000, minIncrement: 5 });
      const bidders = await Promise.all(Array.from({ length: 10 }, () => signUp(t)));
      const bidderSockets = await Promise.all(
        bidders.map((bidder, i) => connect(bidder, i % 2 ? there : here)),
      );
      const watchers = [await connect(carol), await connect(carol, there)];
      for (const watcher of watchers) await join(watcher, auctionId);
      const heard = watchers.map(record);

      const acks = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          ask(
            bidderSockets[i % 10],
            'place_bid',
            { auctionId, amount: 1000 + 5 * i + (i % 3) }, // rising, with ties and gaps: many lose races
            60_000,
          ),
        ),
      );

      for (const ack of acks.filter((answer) => !answer.ok)) {
        expect([400, 409, 503]).toContain(ack.statusCode);
      }
      const accepted = acks.filter((ack) => ack.ok).map((ack) => ack.bid as { id: number; amount: number });
      expect(accepted.length).toBeGreaterThan(0);
      const { body: list } = await t.http
        .get(`/api/bids/auction/${auctionId}?limit=100`)
        .set(seller.auth)
        .expect(200);
      expect(list.data.map((bid: { id: number }) => bid.id).sort((a: number, b: number) => a - b)).toEqual(
        accepted.map((bid) => bid.id).sort((a, b) => a - b),
      );
      // In acceptance order, each bid met the minimum over the one before it.
      const amounts = [...list.data]
        .sort((a: { id: number }, b: { id: number }) => a.id - b.id)
        .map((bid: { amount: number }) => bid.amount);
      for (let i = 1; i < amounts.length; i++) expect(amounts[i]).toBeGreaterThanOrEqual(amounts[i - 1] + 5);
      const { body: auction } = await t.http.get(`/api/auctions/${auctionId}`).set(seller.auth).expect(200);
      expect(auction.currentPrice).toBe(Math.max(...accepted.map((bid) => bid.amount)));
      expect(auction.bidCount).toBe(accepted.length);

      // The watchers on both processes heard every accepted bid.
      for (const watcher of heard) {
        await waitFor('every new_bid', () => payloadsOf(watcher, 'new_bid').length === accepted.length);
        expect(payloadsOf(watcher, 'bid_update').at(-1)).toMatchObject({
          currentPrice: auction.currentPrice,
          bidCount: accepted.length,
        });
      }
    });

    it('accepts exactly one of 20 bids of the same amount sent at once', async () => {
      const auctionId = await createAuction({ startingPrice: 1000, minIncrement: 5 });
      await t.http.post(`/api/bids/auction/${auctionId}`).set(carol.auth).send({ amount: 1000 }).expect(201);
      const bidders = await Promise.all(Array.from({ length: 10 }, () => signUp(t)));
      const bidderSockets = await Promise.all(
        bidders.map((bidder, i) => connect(bidder, i % 2 ? there : here)),
      );
      const acks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ask(bidderSockets[i % 10], 'place_bid', { auctionId, amount: 1005 }, 60_000),
        ),
      );
      expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
      for (const ack of acks.filter((answer) => !answer.ok))
        expect([400, 409, 503]).toContain(ack.statusCode);
      const { body: auction } = await t.http.get(`/api/auctions/${auctionId}`).set(seller.auth).expect(200);
      expect(auction).toMatchObject({ currentPrice: 1005, bidCount: 2 });
    });
  });

  describe('typing', () => {
    it('is relayed as user_typing to the others watching, not to the sender, at most once a second per user and auction', async () => {
      const [auctionId, otherAuctionId] = [await createAuction(), await createAuction()];
      const aliceHere = await connect(alice);
      const aliceThere = await connect(alice, there);
      const bobThere = await connect(bob, there);
      const carolHere = await connect(carol);
      const notWatching = await connect(seller);
      for (const socket of [aliceHere, aliceThere, bobThere, carolHere]) await join(socket, auctionId);
      await join(aliceHere, otherAuctionId);
      await join(bobThere, otherAuctionId);
      const [heardByAliceHere, heardByAliceThere, heardByBob, heardByCarol, heardBySeller] = [
        aliceHere,
        aliceThere,
        bobThere,
        carolHere,
        notWatching,
      ].map(record);

      const typing = { auctionId, userId: alice.id, username: alice.username };
      const relayed = [nextEvent(bobThere, 'user_typing'), nextEvent(carolHere, 'user_typing')];
      expect(await ask(aliceHere, 'typing', { auctionId })).toEqual({ ok: true });
      // Within the second, from her socket on the other process, and without an acknowledgement: dropped.
      expect(await ask(aliceThere, 'typing', { auctionId })).toEqual({ ok: true });
      aliceHere.emit('typing', { auctionId });
      expect(await Promise.all(relayed)).toEqual([typing, typing]);
      // Another auction has a limit of its own.
      expect(await ask(aliceHere, 'typing', { auctionId: otherAuctionId })).toEqual({ ok: true });
      await settle();
      expect(payloadsOf(heardByBob, 'user_typing')).toEqual([
        typing,
        { ...typing, auctionId: otherAuctionId },
      ]);
      expect(payloadsOf(heardByCarol, 'user_typing')).toEqual([typing]);
      for (const heard of [heardByAliceHere, heardByAliceThere, heardBySeller]) {
        expect(payloadsOf(heard, 'user_typing')).toEqual([]);
        expect(payloadsOf(heard, 'exception')).toEqual([]);
      }

      // Once the second has passed, relayed again; Bob typing is relayed to Alice's sockets.
      await sleep(1000);
      const again = nextEvent(bobThere, 'user_typing');
      await ask(aliceThere, 'typing', { auctionId });
      expect(await again).toEqual(typing);
      const toAlice = [nextEvent(aliceHere, 'user_typing'), nextEvent(aliceThere, 'user_typing')];
      bobThere.emit('typing', { auctionId });
      const fromBob = { auctionId, userId: bob.id, username: bob.username };
      expect(await Promise.all(toAlice)).toEqual([fromBob, fromBob]);
    });

    it('from a socket that has not joined the auction: 409 naming join_auction, relayed to nobody', async () => {
      const auctionId = await createAuction();
      const watcher = await connect(bob);
      await join(watcher, auctionId);
      const heard = record(watcher);
      const outsider = await connect(carol, there);
      expect(await ask(outsider, 'typing', { auctionId })).toEqual({
        ok: false,
        statusCode: 409,
        message: expect.stringContaining('join_auction'),
      });
      await settle();
      expect(payloadsOf(heard, 'user_typing')).toEqual([]);
      expect(outsider.connected).toBe(true);
    });
  });

  describe('auction_status_update', () => {
    it('by the seller cancels the auction, as DELETE does; watchers on both processes hear status_changed', async () => {
      const auctionId = await createAuction();
      const watchers = [await connect(carol), await connect(bob, there)];
      for (const watcher of watchers) await join(watcher, auctionId);
      const changed = watchers.map((watcher) => nextEvent(watcher, 'status_changed'));
      const sellerSocket = await connect(seller, there);

      expect(await ask(sellerSocket, 'auction_status_update', { auctionId, status: 'cancelled' })).toEqual({
        ok: true,
        auctionId,
        status: 'cancelled',
      });
      const cancelled = { auctionId, status: 'cancelled', winnerAlias: null, finalPrice: null };
      expect(await Promise.all(changed)).toEqual([cancelled, cancelled]);
      const { body } = await t.http.get(`/api/auctions/${auctionId}`).set(bob.auth).expect(200);
      expect(body.status).toBe('cancelled');
      // Cancelled is final: again, 409 as DELETE answers.
      const rest = await t.http.delete(`/api/auctions/${auctionId}`).set(seller.auth).expect(409);
      expect(await ask(sellerSocket, 'auction_status_update', { auctionId, status: 'cancelled' })).toEqual({
        ok: false,
        statusCode: 409,
        message: rest.body.message,
      });
    });

    it('by another user: 403; with bids: 409; no such auction: 404; another status: 400; the auction stays active', async () => {
      const auctionId = await createAuction();
      const withBids = await createAuction();
      await t.http.post(`/api/bids/auction/${withBids}`).set(alice.auth).send({ amount: 100 }).expect(201);
      const [bobSocket, sellerSocket] = [await connect(bob), await connect(seller, there)];

      expect(await ask(bobSocket, 'auction_status_update', { auctionId, status: 'cancelled' })).toEqual({
        ok: false,
        statusCode: 403,
        message: 'Only the seller can change this auction',
      });
      expect(
        await ask(sellerSocket, 'auction_status_update', { auctionId: withBids, status: 'cancelled' }),
      ).toEqual({
        ok: false,
        statusCode: 409,
        message: 'An auction with bids cannot be deleted',
      });
      expect(
        await ask(sellerSocket, 'auction_status_update', { auctionId: MAX_ID, status: 'cancelled' }),
      ).toEqual({
        ok: false,
        statusCode: 404,
        message: `Auction ${MAX_ID} not found`,
      });
      for (const status of ['sold', 'closed', 'active', 'CANCELLED', null]) {
        expect(await ask(sellerSocket, 'auction_status_update', { auctionId, status })).toEqual({
          ok: false,
          statusCode: 400,
          message: ['status must be one of the following values: cancelled'],
        });
      }
      for (const id of [auctionId, withBids]) {
        const { body } = await t.http.get(`/api/auctions/${id}`).set(seller.auth).expect(200);
        expect(body.status).toBe('active');
      }
    });
  });

  it('bid_placed is acknowledged {ok: true} and changes and announces nothing', async () => {
    const auctionId = await createAuction();
    await t.http.post(`/api/bids/auction/${auctionId}`).set(alice.auth).send({ amount: 100 }).expect(201);
    const aliceSocket = await connect(alice);
    const watcher = await connect(carol, there);
    for (const socket of [aliceSocket, watcher]) await join(socket, auctionId);
    const heard = [aliceSocket, watcher].map(record);

    expect(await ask(aliceSocket, 'bid_placed', { auctionId })).toEqual({ ok: true });
    aliceSocket.emit('bid_placed', { auctionId }); // without an acknowledgement: no answer at all
    await settle();
    expect(heard).toEqual([[], []]);
    const { body } = await t.http.get(`/api/auctions/${auctionId}`).set(alice.auth).expect(200);
    expect(body).toMatchObject({ bidCount: 1, currentPrice: 100 });
  });

  it('no event, and no acknowledgement but the bidder’s own, carries a maximum', async () => {
    const auctionId = await createAuction();
    const admin = await logInAdmin(t);
    const [aliceThere, bobHere, carolHere] = [
      await connect(alice, there),
      await connect(bob),
      await connect(carol),
    ];
    const watchers = [
      aliceThere,
      bobHere,
      carolHere,
      await connect(alice),
      await connect(seller),
      await connect(seller, there),
      await connect(admin, there),
      await connect(await signUp(t), there),
    ];
    for (const watcher of watchers) await join(watcher, auctionId);
    const heard = watchers.map(record);

    // Alice's maximum; Bob bids under it and loses to her automatic bid, then sets a maximum over
    // REST on the other process, still under hers; Carol's maximum beats hers.
    const aliceAck = await ask(aliceThere, 'place_bid', { auctionId, maxAmount: 500 });
    expect(aliceAck).toMatchObject({ ok: true, leading: true, currentPrice: 100, bid: { maxAmount: 500 } });
    const bobAck = await ask(bobHere, 'place_bid', { auctionId, amount: 150 });
    expect(bobAck).toMatchObject({
      ok: true,
      leading: false,
      currentPrice: 160,
      bid: { amount: 150 },
    });
    expect(bobAck.bid).not.toHaveProperty('maxAmount');
    const rest = await request(there)
      .post(`/api/bids/auction/${auctionId}`)
      .set(bob.auth)
      .send({ maxAmount: 400 })
      .expect(201);
    expect(rest.body).toMatchObject({ leading: false, currentPrice: 410, bid: { maxAmount: 400 } });
    const outbid = nextEvent(aliceThere, 'outbid');
    const carolAck = await ask(carolHere, 'place_bid', { auctionId, maxAmount: 1000 });
    expect(carolAck).toMatchObject({ ok: true, leading: true, currentPrice: 510, bid: { maxAmount: 1000 } });
    expect(await outbid).toEqual({ auctionId, currentPrice: 510, minimumBid: 520 });

    const { body: auction } = await t.http.get(`/api/auctions/${auctionId}`).set(seller.auth).expect(200);
    for (const watcher of heard) {
      await waitFor('every new_bid', () => payloadsOf(watcher, 'new_bid').length === auction.bidCount);
      expect(payloadsOf(watcher, 'new_bid').some((event) => (event.bid as { auto: boolean }).auto)).toBe(
        true,
      );
      expect(JSON.stringify(watcher)).not.toMatch(/max/i);
    }
  });
});
