import { AppDataSource } from '../database/app-data-source';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../database/database-options';

/** The migration that numbers bidders gives bids placed before it the numbers a new bid would get. */
describe('the BidderNumbers migration on a real SQLite file', () => {
  let dir: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bidder-numbers-spec-'));
    dataSource = new AppDataSource({
      ...buildDataSourceOptions({ type: 'sqlite', path: join(dir, 'test.sqlite'), url: undefined }),
      logging: false,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const applied = async () =>
      (await dataSource.query(`SELECT name FROM migrations WHERE name LIKE 'BidderNumbers%'`)).length;
    while ((await applied()) > 0) await dataSource.undoLastMigration();
  });

  afterAll(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers each auction’s bidders by their first bid, a deleted bidder’s bids included', async () => {
    await dataSource.query(
      `INSERT INTO users (id, username, email, password_hash) VALUES
         (1, 'seller', 's@example.com', 'x'), (2, 'ann', 'a@example.com', 'x'),
         (3, 'ben', 'b@example.com', 'x'), (4, 'cat', 'c@example.com', 'x')`,
    );
    await dataSource.query(
      `INSERT INTO auctions (id, seller_id, title, make, model, year, starting_price_cents,
         min_increment_cents, current_price_cents, starts_at, ends_at, features) VALUES
         (1, 1, 'One', 'Fiat', 'Uno', 1990, 100, 1, 100, '2026-01-01', '2027-01-01', '[]'),
         (2, 1, 'Two', 'Fiat', 'Uno', 1990, 100, 1, 100, '2026-01-01', '2027-01-01', '[]')`,
    );
    // Auction 1: ben, ann, ben, a deleted bidder, cat. Auction 2: ann, cat, ann.
    await dataSource.query(
      `INSERT INTO bids (id, auction_id, bidder_id, amount_cents) VALUES
         (1, 1, 3, 100), (2, 1, 2, 101), (3, 2, 2, 100), (4, 1, 3, 102),
         (5, 1, NULL, 103), (6, 1, 4, 104), (7, 2, 4, 105), (8, 2, 2, 106)`,
    );
    await dataSource.runMigrations();
    const rows: { id: number; bidder_number: number }[] = await dataSource.query(
      'SELECT id, bidder_number FROM bids ORDER BY id',
    );
    expect(rows.map((row) => [row.id, row.bidder_number])).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 1],
      [5, 3],
      [6, 4],
      [7, 2],
      [8, 1],
    ]);
  });
});
