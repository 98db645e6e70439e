import { DataSource } from 'typeorm';
import { TestApp } from './test-app';
import { signUp } from './users';

/**
 * 20 buyers racing for one listing: exactly one 201, nineteen 409, one transaction, the listing
 * sold once. Run on SQLite and on PostgreSQL (whose pool really runs the purchases side by side).
 * Entities are not imported here: their column types depend on the database type of the app.
 */
export async function raceForOneListing(t: TestApp): Promise<void> {
  const seller = await signUp(t);
  const buyers = await Promise.all(Array.from({ length: 20 }, () => signUp(t)));
  const { body: listing } = await t.http
    .post('/api/marketplace/listings')
    .set(seller.auth)
    .send({ make: 'Porsche', model: '911', year: 2019, price: 98500.5, mileage: 23000 })
    .expect(201);

  const responses = await Promise.all(
    buyers.map((buyer) => t.http.post(`/api/marketplace/listings/${listing.id}/purchase`).set(buyer.auth)),
  );

  const statuses = responses.map((response) => response.status).sort();
  expect(statuses).toEqual([201, ...Array(19).fill(409)]);
  const winner = responses.find((response) => response.status === 201)!;
  const winnerId = buyers[responses.indexOf(winner)].id;
  expect(winner.body).toMatchObject({
    listingId: listing.id,
    buyerId: winnerId,
    sellerId: seller.id,
    price: 98500.5,
  });

  const dataSource = t.app.get(DataSource);
  const transactions = await dataSource.query(
    'SELECT buyer_id FROM transactions WHERE listing_id = ' + listing.id,
  );
  expect(transactions.map((row: { buyer_id: number }) => Number(row.buyer_id))).toEqual([winnerId]);
  const [{ status }] = await dataSource.query('SELECT status FROM listings WHERE id = ' + listing.id);
  expect(status).toBe('sold');
}
