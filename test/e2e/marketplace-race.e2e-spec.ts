import { DataSource } from 'typeorm';
import { Listing } from '../../src/marketplace/listing.entity';
import { Transaction } from '../../src/marketplace/transaction.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { signUp } from '../support/users';

describe('buyers racing for one listing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('20 buyers in parallel: exactly one 201, nineteen 409, one transaction, the listing sold once', async () => {
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
    expect(await dataSource.getRepository(Transaction).findBy({ listingId: listing.id })).toHaveLength(1);
    expect(await dataSource.getRepository(Listing).findOneByOrFail({ id: listing.id })).toMatchObject({
      status: 'sold',
    });
  });
});
