import { ApiProcess } from '../support/api-process';
import { bidStorm } from '../support/bid-storm';
import { createTestApp, TestApp } from '../support/test-app';

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
});
