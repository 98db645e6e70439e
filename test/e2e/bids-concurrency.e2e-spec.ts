import request from 'supertest';
import { DataSource } from 'typeorm';
import { bidStorm } from '../support/bid-storm';
import { ApiProcess } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { signUp } from '../support/users';

jest.setTimeout(60_000);

describe('concurrent bids', () => {
  let t: TestApp;
  let second: ApiProcess;

  beforeAll(async () => {
    t = await createTestApp();
    second = await ApiProcess.start();
  });
  afterAll(async () => {
    await second?.stop();
    await t?.close();
  });

  it('10 bidders, 100 parallel bids: every accepted bid was the highest, none lost, price and count agree', () =>
    bidStorm(t));

  it('the same across two API processes', () => bidStorm(t, [second.url]));

  it('20 bidders bidding at once through two API processes: one number each, 1 to n in order of first bid', async () => {
    const seller = await signUp(t);
    const bidders = await Promise.all(Array.from({ length: 20 }, () => signUp(t)));
    const { body: auction } = await t.http
      .post('/api/auctions')
      .set(seller.auth)
      .send({
        title: 'First bids at once',
        make: 'Porsche',
        model: '959',
        year: 1987,
        startingPrice: 100,
        minIncrement: 1,
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      })
      .expect(201);
    const targets = [t.http, request(second.url)];
    // Two rounds of first bids at once, each bidder a step above the previous, so most are accepted.
    for (const round of [0, 1]) {
      await Promise.all(
        bidders.map((bidder, i) =>
          targets[i % 2]
            .post(`/api/bids/auction/${auction.id}`)
            .set(bidder.auth)
            .send({ amount: 100 + round * 100 + i }),
        ),
      );
    }
    const rows: { bidder_id: number; bidder_number: number }[] = await t.app
      .get(DataSource)
      .query(`SELECT bidder_id, bidder_number FROM bids WHERE auction_id = ${auction.id} ORDER BY id`);
    expect(rows.length).toBeGreaterThan(1);
    const numberOf = new Map<number, number>();
    for (const row of rows) {
      const [bidder, number] = [Number(row.bidder_id), Number(row.bidder_number)];
      // The first bid of each bidder takes the next number; their later ones repeat it.
      expect(number).toBe(numberOf.get(bidder) ?? numberOf.size + 1);
      numberOf.set(bidder, number);
    }
  });
});
