import { raceForOneListing } from '../support/marketplace-race';
import { createTestApp, TestApp } from '../support/test-app';

describe('buyers racing for one listing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('20 buyers in parallel: exactly one 201, nineteen 409, one transaction, the listing sold once', () =>
    raceForOneListing(t));
});
