import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestApp } from './test-app';
import { signUp } from './users';

/**
 * 10 bidders send 100 bids at once to one auction, through the given API base URLs in turn (the
 * test app and, optionally, other API processes). Checks that every accepted bid was the highest
 * when accepted, that none is lost, and that the auction's price and count match the bids.
 * Entities are not imported here: their column types depend on the database type of the app.
 */
export async function bidStorm(t: TestApp, otherApis: string[] = []): Promise<{ accepted: number }> {
  const seller = await signUp(t);
  const bidders = await Promise.all(Array.from({ length: 10 }, () => signUp(t)));
  const { body: auction } = await t.http
    .post('/api/auctions')
    .set(seller.auth)
    .send({
      title: 'Bid storm',
      make: 'Ferrari',
      model: '250 GTO',
      year: 1962,
      startingPrice: 1000,
      minIncrement: 5,
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
    })
    .expect(201);

  const targets = [t.http, ...otherApis.map((url) => request(url))];
  const attempts = Array.from({ length: 100 }, (_, i) => ({
    bidder: bidders[i % 10],
    amount: 1000 + 5 * i + (i % 3), // rising, with ties and gaps, so many lose races
    via: targets[i % targets.length],
  }));
  const responses = await Promise.all(
    attempts.map(({ bidder, amount, via }) =>
      via.post(`/api/bids/auction/${auction.id}`).set(bidder.auth).send({ amount }),
    ),
  );

  const statuses = new Set(responses.map((response) => response.status));
  for (const status of statuses) expect([201, 400, 409, 503]).toContain(status);
  const accepted = responses
    .filter((response) => response.status === 201)
    .map((response) => response.body.bid);
  expect(accepted.length).toBeGreaterThan(0);

  const rows: { id: number; amount_cents: number }[] = await t.app
    .get(DataSource)
    .query(`SELECT id, amount_cents FROM bids WHERE auction_id = ${auction.id} ORDER BY id`);
  // Nothing lost, nothing invented: the stored bids are exactly the 201s.
  expect(rows.map((row) => Number(row.id)).sort((a, b) => a - b)).toEqual(
    accepted.map((bid) => bid.id).sort((a, b) => a - b),
  );
  // In acceptance order, each bid met the minimum over the one before it.
  const amounts = rows.map((row) => Number(row.amount_cents));
  expect(amounts[0]).toBeGreaterThanOrEqual(100_000);
  for (let i = 1; i < amounts.length; i++) expect(amounts[i]).toBeGreaterThanOrEqual(amounts[i - 1] + 500);

  const { body: after } = await t.http.get(`/api/auctions/${auction.id}`).set(seller.auth).expect(200);
  expect(after.currentPrice).toBe(Math.max(...amounts) / 100);
  expect(after.bidCount).toBe(rows.length);
  return { accepted: rows.length };
}
