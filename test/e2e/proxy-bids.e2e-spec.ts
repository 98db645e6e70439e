import request from 'supertest';
import { DataSource } from 'typeorm';
import { auctionInput, fromNow } from '../support/fixtures';
import { expectError } from '../support/expect-error';
import { ApiProcess } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';

jest.setTimeout(60_000);

interface BidBody {
  id: number;
  bidderId?: number | null;
  bidderAlias: string;
  amount: number;
  maxAmount?: number;
  auto: boolean;
}

interface Placed {
  bid: BidBody;
  leading: boolean;
  currentPrice: number;
  minimumBid: number;
}

/**
 * Proxy (maximum) bids, as eBay does them: the platform bids for a maximum, the price is one
 * increment above the second-highest maximum or bid (capped at the leader's maximum), the earlier
 * of equal maximums leads, the platform's bids are recorded with `auto: true`, and nobody but the
 * bidder ever sees a maximum. Races of maximums and plain bids across two API processes keep the
 * price the rules give for the bids accepted.
 */
describe('proxy bids', () => {
  let t: TestApp;
  let second: ApiProcess;
  let seller: SignedUpUser;
  let admin: SignedUpUser;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let carol: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    second = await ApiProcess.start();
    [seller, alice, bob, carol] = await Promise.all([signUp(t), signUp(t), signUp(t), signUp(t)]);
    admin = await logInAdmin(t);
  });
  afterAll(async () => {
    await second?.stop();
    await t?.close();
  });

  /** An auction starting at 100 with an increment of 10, unless changed. */
  const addAuction = async (changes: object = {}): Promise<number> =>
    (await t.http.post('/api/auctions').set(seller.auth).send(auctionInput(changes)).expect(201)).body.id;
  const bid = (auctionId: number, body: object, as: SignedUpUser, via = t.http) =>
    via.post(`/api/bids/auction/${auctionId}`).set(as.auth).send(body);
  const place = async (auctionId: number, body: object, as: SignedUpUser): Promise<Placed> =>
    (await bid(auctionId, body, as).expect(201)).body;
  const auction = async (auctionId: number, as: SignedUpUser = seller) =>
    (await t.http.get(`/api/auctions/${auctionId}`).set(as.auth).expect(200)).body;
  /** The auction's bids, oldest first, as `as` sees them. */
  const bidsOf = async (auctionId: number, as: SignedUpUser = seller): Promise<BidBody[]> =>
    (
      await t.http.get(`/api/bids/auction/${auctionId}`).query({ limit: 100 }).set(as.auth).expect(200)
    ).body.data.reverse();
  const history = async (auctionId: number) =>
    (await bidsOf(auctionId)).map(({ bidderId, amount, auto }) => ({ bidderId, amount, auto }));

  describe('the rules', () => {
    it('a first maximum bids the starting price, and only its bidder sees the maximum', async () => {
      const id = await addAuction();
      const placed = await place(id, { maxAmount: 4321.57 }, alice);
      expect(placed).toEqual({
        bid: expect.objectContaining({ bidderId: alice.id, amount: 100, maxAmount: 4321.57, auto: false }),
        leading: true,
        currentPrice: 100,
        minimumBid: 110,
      });
      const own = await t.http.get(`/api/bids/${placed.bid.id}`).set(alice.auth).expect(200);
      expect(own.body.maxAmount).toBe(4321.57);
      const mine = await t.http.get('/api/bids/user').set(alice.auth).expect(200);
      expect(mine.body.data.find((b: BidBody) => b.id === placed.bid.id).maxAmount).toBe(4321.57);

      // Nobody else: not the seller, not an admin, not another bidder, in no view.
      for (const viewer of [seller, admin, bob]) {
        const views = [
          await t.http.get(`/api/bids/auction/${id}`).set(viewer.auth).expect(200),
          await t.http.get(`/api/auctions/${id}`).set(viewer.auth).expect(200),
          await t.http.get('/api/auctions').query({ limit: 100 }).set(viewer.auth).expect(200),
          await t.http.get(`/api/users/${alice.id}/auctions`).set(viewer.auth).expect(200),
        ];
        if (viewer === admin)
          views.push(await t.http.get(`/api/users/${alice.id}/bids`).set(admin.auth).expect(200));
        if (viewer !== bob)
          views.push(await t.http.get(`/api/bids/${placed.bid.id}`).set(viewer.auth).expect(200));
        for (const view of views) {
          expect(JSON.stringify(view.body)).not.toMatch(/maxAmount|leadingMax|max_amount|4321\.?57/);
        }
      }
      expect(await auction(id)).toMatchObject({ currentPrice: 100, bidCount: 1, leadingBidderId: alice.id });
    });

    it('a plain bid below a standing maximum is accepted and answered by the platform', async () => {
      const id = await addAuction();
      await place(id, { maxAmount: 300 }, alice);
      const placed = await place(id, { amount: 150 }, bob);
      expect(placed).toMatchObject({ leading: false, currentPrice: 160, minimumBid: 170 });
      expect(placed.bid).toMatchObject({ bidderId: bob.id, amount: 150, auto: false });
      expect(placed.bid).not.toHaveProperty('maxAmount');
      expect(await history(id)).toEqual([
        { bidderId: alice.id, amount: 100, auto: false },
        { bidderId: bob.id, amount: 150, auto: false },
        { bidderId: alice.id, amount: 160, auto: true },
      ]);
      expect(await auction(id)).toMatchObject({ currentPrice: 160, bidCount: 3, leadingBidderId: alice.id });
    });

    it('a lower maximum is bid in full and raises the price to one increment above it', async () => {
      const id = await addAuction();
      await place(id, { maxAmount: 300 }, alice);
      const placed = await place(id, { maxAmount: 250 }, bob);
      expect(placed).toMatchObject({ leading: false, currentPrice: 260 });
      expect(placed.bid).toMatchObject({ amount: 250, maxAmount: 250, auto: false });
      expect((await history(id)).slice(1)).toEqual([
        { bidderId: bob.id, amount: 250, auto: false },
        { bidderId: alice.id, amount: 260, auto: true },
      ]);
    });

    it('a higher maximum takes the lead one increment above the old one, which was bid for its bidder first', async () => {
      const id = await addAuction();
      await place(id, { maxAmount: 300 }, alice);
      const placed = await place(id, { maxAmount: 1000 }, bob);
      expect(placed).toMatchObject({ leading: true, currentPrice: 310, minimumBid: 320 });
      expect(await history(id)).toEqual([
        { bidderId: alice.id, amount: 100, auto: false },
        { bidderId: alice.id, amount: 300, auto: true },
        { bidderId: bob.id, amount: 310, auto: false },
      ]);
      // Capped at the leader's maximum: a new maximum less than an increment above.
      const capped = await place(id, { maxAmount: 1005 }, carol);
      expect(capped).toMatchObject({ leading: true, currentPrice: 1005 });
      expect(await auction(id)).toMatchObject({ leadingBidderId: carol.id, currentPrice: 1005 });
    });

    it('between equal maximums the earlier leads', async () => {
      const id = await addAuction();
      await place(id, { maxAmount: 300 }, alice);
      const placed = await place(id, { maxAmount: 300 }, bob);
      expect(placed).toMatchObject({ leading: false, currentPrice: 300 });
      expect(await auction(id)).toMatchObject({ leadingBidderId: alice.id, currentPrice: 300 });
    });

    it('a bid with both: the amount is bid now, the maximum defends it', async () => {
      const id = await addAuction();
      const first = await place(id, { amount: 200, maxAmount: 400 }, alice);
      expect(first).toMatchObject({ leading: true, currentPrice: 200 });
      expect(first.bid).toMatchObject({ amount: 200, maxAmount: 400 });
      const answer = await place(id, { amount: 250 }, bob);
      expect(answer).toMatchObject({ leading: false, currentPrice: 260 });
    });

    it('the leader raises their maximum without raising the price; a maximum not above theirs is 400', async () => {
      const id = await addAuction();
      await place(id, { maxAmount: 300 }, alice);
      await place(id, { amount: 150 }, bob);
      const raised = await place(id, { maxAmount: 600 }, alice);
      expect(raised).toMatchObject({ leading: true, currentPrice: 160 });
      expect(raised.bid).toMatchObject({ amount: 160, maxAmount: 600 });
      const lower = await bid(id, { maxAmount: 600 }, alice);
      expectError(lower, 400);
      expect(lower.body.message).toContain('600');
      // Bob now needs more than 600 to lead.
      expect(await place(id, { maxAmount: 590 }, bob)).toMatchObject({ leading: false, currentPrice: 600 });
    });

    it('refuses with 400 and changes nothing: a maximum below the minimum (named), below the amount, or neither', async () => {
      const id = await addAuction();
      await place(id, { amount: 200 }, alice);
      const before = await auction(id);
      const low = await bid(id, { maxAmount: 205 }, bob);
      expectError(low, 400);
      expect(low.body.message).toContain('210');
      expectError(await bid(id, { amount: 300, maxAmount: 250 }, bob), 400);
      expectError(await bid(id, {}, bob), 400);
      expectError(await bid(id, { maxAmount: 'lots' }, bob), 400);
      expectError(await bid(id, { maxAmount: 300.001 }, bob), 400);
      expectError(await bid(id, { maxAmount: -1 }, bob), 400);
      expect(await auction(id)).toEqual(before);
      expect(await bidsOf(id)).toHaveLength(1);
    });

    it('the seller cannot set a maximum on their own auction (403), nor on an ended one (409)', async () => {
      const id = await addAuction();
      expectError(await bid(id, { maxAmount: 500 }, seller), 403);
      const cancelled = await addAuction();
      await t.http.delete(`/api/auctions/${cancelled}`).set(seller.auth).expect(204);
      expectError(await bid(cancelled, { maxAmount: 500 }, alice), 409);
      expectError(await bid(2_147_483_647, { maxAmount: 500 }, alice), 404);
    });

    it('a maximum in the soft-close window moves the end', async () => {
      const id = await addAuction({ endsAt: fromNow(60_000) });
      const before = new Date((await auction(id)).endsAt).getTime();
      await place(id, { maxAmount: 500 }, alice);
      await place(id, { amount: 200 }, bob);
      const after = new Date((await auction(id)).endsAt).getTime();
      expect(after).toBeGreaterThan(before + 50_000);
    });

    it('the auction sells to the maximum’s bidder at the price, not at the maximum', async () => {
      const id = await addAuction();
      await place(id, { maxAmount: 900 }, alice);
      await place(id, { maxAmount: 400 }, bob);
      const data = t.app.get(DataSource);
      const [row] = await data.query(
        `SELECT leading_bidder_id, current_price_cents FROM auctions WHERE id = ${id}`,
      );
      expect({ leader: Number(row.leading_bidder_id), price: Number(row.current_price_cents) }).toEqual({
        leader: alice.id,
        price: 41_000,
      });
    });
  });

  describe('races', () => {
    /**
     * The price the rules give when every accepted offer is a maximum and each bidder offers once:
     * ceilings in acceptance order (the offer's own bid id), the earliest of equals leading.
     */
    function expected(offers: { bidderId: number; max: number }[], start: number, increment: number) {
      const sorted = [...offers].sort((a, b) => b.max - a.max); // stable: earlier first among equals
      const [leader, runnerUp] = sorted;
      const price = runnerUp ? Math.min(leader.max, runnerUp.max + increment) : start;
      return { leader: leader.bidderId, price };
    }

    const accepted = async (responses: request.Response[]) => {
      for (const response of responses) expect([201, 400, 409]).toContain(response.status);
      return responses
        .filter((response) => response.status === 201)
        .map((response) => response.body as Placed);
    };

    it('maximums racing through two API processes: none lost, the highest leads at the price the rules give', async () => {
      const id = await addAuction({ startingPrice: 100, minIncrement: 5 });
      const bidders = await Promise.all(Array.from({ length: 16 }, () => signUp(t)));
      const targets = [t.http, request(second.url)];
      const maxima = bidders.map((_, i) => 200 + ((i * 37) % 16) * 25);
      const responses = await Promise.all(
        bidders.map((bidder, i) => bid(id, { maxAmount: maxima[i] }, bidder, targets[i % 2])),
      );
      const ok = await accepted(responses);
      expect(ok.length).toBeGreaterThan(0);
      // Exactly one answer may still lead after the race: the winner's (and it must be the last to lead).
      const offers = ok
        .map((placed) => ({
          bidderId: placed.bid.bidderId!,
          max: placed.bid.maxAmount!,
          ownId: placed.bid.id,
        }))
        .sort((a, b) => a.ownId - b.ownId);
      const { leader, price } = expected(offers, 100, 5);
      const after = await auction(id);
      expect(after).toMatchObject({ leadingBidderId: leader, currentPrice: price });
      // None lost: every 201 is stored, and nothing else but the platform's bids.
      const stored = await bidsOf(id);
      expect(after.bidCount).toBe(stored.length);
      const storedIds = new Set(stored.map((b) => b.id));
      for (const placed of ok) expect(storedIds.has(placed.bid.id)).toBe(true);
      expect(stored.filter((b) => !b.auto)).toHaveLength(ok.length);
      // Each stored bid was at least the one before it.
      for (let i = 1; i < stored.length; i++)
        expect(stored[i].amount).toBeGreaterThanOrEqual(stored[i - 1].amount);
    });

    it('two equal maximums racing: exactly one leads, the one accepted first', async () => {
      const id = await addAuction();
      const [one, two] = await Promise.all([signUp(t), signUp(t)]);
      const [a, b] = await Promise.all([
        bid(id, { maxAmount: 700 }, one),
        bid(id, { maxAmount: 700 }, two, request(second.url)),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      const answers = [a.body as Placed, b.body as Placed].sort((x, y) => x.bid.id - y.bid.id);
      expect(answers.map((answer) => answer.leading)).toEqual([true, false]);
      expect(await auction(id)).toMatchObject({
        leadingBidderId: answers[0].bid.bidderId,
        currentPrice: 700,
      });
    });

    it('plain bids racing against a standing maximum: each is answered, the maximum keeps the lead below it', async () => {
      const id = await addAuction({ startingPrice: 100, minIncrement: 1 });
      await place(id, { maxAmount: 5000 }, alice);
      const bidders = await Promise.all(Array.from({ length: 12 }, () => signUp(t)));
      const targets = [t.http, request(second.url)];
      const responses = await Promise.all(
        bidders.map((bidder, i) => bid(id, { amount: 200 + i * 100 }, bidder, targets[i % 2])),
      );
      const ok = await accepted(responses);
      for (const placed of ok) expect(placed.leading).toBe(false);
      const stored = await bidsOf(id);
      const highestPlain = Math.max(...ok.map((placed) => placed.bid.amount));
      expect(await auction(id)).toMatchObject({
        leadingBidderId: alice.id,
        currentPrice: highestPlain + 1,
        bidCount: stored.length,
      });
      // Every accepted plain bid was answered by an auto bid of the maximum's bidder right after it.
      for (const placed of ok) {
        const at = stored.findIndex((b) => b.id === placed.bid.id);
        expect(stored[at + 1]).toMatchObject({
          bidderId: alice.id,
          auto: true,
          amount: placed.bid.amount + 1,
        });
      }
    });

    it('a plain bid above a standing maximum racing with a higher maximum: the rules hold whichever came first', async () => {
      const id = await addAuction({ startingPrice: 100, minIncrement: 10 });
      await place(id, { maxAmount: 300 }, alice);
      const [plain, max] = await Promise.all([
        bid(id, { amount: 400 }, bob),
        bid(id, { maxAmount: 600 }, carol, request(second.url)),
      ]);
      expect(plain.status).toBe(201);
      expect(max.status).toBe(201);
      const plainFirst = (plain.body as Placed).bid.id < (max.body as Placed).bid.id;
      // Carol's 600 leads either way: one increment above Bob's 400.
      expect(await auction(id)).toMatchObject({ leadingBidderId: carol.id, currentPrice: 410 });
      expect((max.body as Placed).leading).toBe(true);
      expect((plain.body as Placed).leading).toBe(plainFirst ? true : false);
    });
  });
});
