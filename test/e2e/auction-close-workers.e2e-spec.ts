import { DataSource } from 'typeorm';
import { WorkerProcess } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { SignedUpUser, signUp } from '../support/users';
import { sleep, waitFor } from '../support/wait';

jest.setTimeout(60_000);

/** Worker settings for these tests: no car API here, so the start-up sync fails fast and harmlessly. */
const workerEnv = () => ({
  SYNC_INTERVAL_MS: '3600000',
  CAR_API_URL: 'http://127.0.0.1:9',
  CAR_API_RETRIES: '0',
});

describe('closing auctions with several workers, and after an outage', () => {
  let t: TestApp;
  let seller: SignedUpUser;
  let bidder: SignedUpUser;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // A short soft-close window, so that bids close to the end do not push it far.
    t = await createTestApp({ AUCTION_SOFT_CLOSE_MS: '100' });
    [seller, bidder] = await Promise.all([signUp(t), signUp(t)]);
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await t.close();
  });

  const createAuction = async (endsInMs: number) =>
    (
      await t.http
        .post('/api/auctions')
        .set(seller.auth)
        .send({
          title: 'Closing test',
          make: 'Lancia',
          model: 'Delta',
          year: 1992,
          startingPrice: 10,
          endsAt: new Date(Date.now() + endsInMs).toISOString(),
        })
        .expect(201)
    ).body as { id: number; endsAt: string };

  /** The auction's status once it is no longer active. */
  const waitForStatus = (id: number): Promise<string> =>
    waitFor(
      `auction ${id} to close`,
      async () => {
        const { body } = await t.http.get(`/api/auctions/${id}`).set(seller.auth).expect(200);
        return body.status === 'active' ? undefined : (body.status as string);
      },
      { timeoutMs: 15_000 },
    );

  const transactionsOf = (auctionId: number) =>
    t.app.get(DataSource).query(`SELECT id FROM transactions WHERE auction_id = ${auctionId}`);

  it('an auction that ended while no worker ran is closed when a worker starts', async () => {
    const auction = await createAuction(1200);
    await t.http.post(`/api/bids/auction/${auction.id}`).set(bidder.auth).send({ amount: 12 }).expect(201);
    await sleep(1500);
    expect((await t.http.get(`/api/auctions/${auction.id}`).set(seller.auth)).body.status).toBe('active');
    workers.push(await WorkerProcess.start(workerEnv()));
    expect(await waitForStatus(auction.id)).toBe('sold');
    expect(await transactionsOf(auction.id)).toHaveLength(1);
  });

  it('with two workers running, an auction is closed once, with one transaction', async () => {
    workers.push(await WorkerProcess.start(workerEnv()));
    const auctions = await Promise.all(Array.from({ length: 5 }, () => createAuction(2000)));
    await Promise.all(
      auctions.map((auction) =>
        t.http.post(`/api/bids/auction/${auction.id}`).set(bidder.auth).send({ amount: 15 }).expect(201),
      ),
    );
    for (const auction of auctions) {
      expect(await waitForStatus(auction.id)).toBe('sold');
      expect(await transactionsOf(auction.id)).toHaveLength(1);
    }
    const closings = workers.map((worker) => (worker.output.match(/Auction \d+ sold/g) ?? []).length);
    // Each auction closed by exactly one of the workers (plus the one closed at start in the test before).
    expect(closings.reduce((sum, count) => sum + count, 0)).toBe(auctions.length + 1);
  });
});
