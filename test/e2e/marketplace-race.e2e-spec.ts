import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { onPostgres } from '../support/databases';
import { expectError } from '../support/expect-error';
import { raceForOneListing } from '../support/marketplace-race';
import { createTestApp, TestApp } from '../support/test-app';
import { signUp } from '../support/users';
import { waitFor } from '../support/wait';

describe('buyers racing for one listing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('20 buyers in parallel: exactly one 201, nineteen 409, one transaction, the listing sold once', () =>
    raceForOneListing(t));

  // PostgreSQL runs the purchase beside other writers (SQLite's writes are queued one after another):
  // the seller's price change is held uncommitted until the purchase, which has read the old price,
  // waits on the row in its UPDATE; then it commits.
  (onPostgres ? it : it.skip)(
    'a price change committed while the purchase waits on the row: 409, nothing sold',
    async () => {
      const [seller, buyer] = [await signUp(t), await signUp(t)];
      const { body: listing } = await t.http
        .post('/api/marketplace/listings')
        .set(seller.auth)
        .send({ make: 'Lancia', model: 'Delta', year: 1992, price: 20000, mileage: 90000 })
        .expect(201);
      const sellerSide = new Client({ connectionString: t.env.DATABASE_URL });
      await sellerSide.connect();
      try {
        await sellerSide.query('BEGIN');
        await sellerSide.query('UPDATE listings SET price_cents = 2500000 WHERE id = $1', [listing.id]);
        let settled = false;
        const purchase = t.http
          .post(`/api/marketplace/listings/${listing.id}/purchase`)
          .set(buyer.auth)
          .send({ expectedPrice: 20000 })
          .then((response) => {
            settled = true;
            return response;
          });
        // Until the purchase waits for the row this transaction holds (or has answered anyway).
        await waitFor(
          'the purchase to wait on the locked row',
          async () => {
            const { rows } = await sellerSide.query<{ waiting: boolean }>(
              `SELECT count(*) > 0 AS waiting FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
            );
            return settled || rows[0].waiting;
          },
          { intervalMs: 20 },
        );
        await sellerSide.query('COMMIT');

        const response = await purchase;
        expectError(response, 409);
        expect(response.body.message).toContain('25000');
      } finally {
        await sellerSide.end();
      }
      const { body: after } = await t.http.get(`/api/marketplace/listings/${listing.id}`).set(buyer.auth);
      expect(after).toMatchObject({ status: 'active', price: 25000 });
      const sales = await t.app
        .get(DataSource)
        .query('SELECT id FROM transactions WHERE listing_id = $1', [listing.id]);
      expect(sales).toEqual([]);
    },
  );
});
