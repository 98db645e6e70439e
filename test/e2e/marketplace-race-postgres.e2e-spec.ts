import { raceForOneListing } from '../support/marketplace-race';
import { createTestApp, TestApp } from '../support/test-app';

// Needs a PostgreSQL server: .ci/run sets TEST_DATABASE_URL when one answers locally.
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('buyers racing for one listing on PostgreSQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { database: 'postgres' });
  }, 30_000);
  afterAll(() => t.close());

  it('20 buyers in parallel: exactly one 201, nineteen 409, one transaction, the listing sold once', () =>
    raceForOneListing(t));
});
