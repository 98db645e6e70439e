import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { AppDataSource } from '../../src/database/app-data-source';
import { buildDataSourceOptions } from '../../src/database/database-options';
import { createPostgresDatabase, onPostgres, projectDatabaseType } from '../support/databases';

type DatabaseConfig = Parameters<typeof buildDataSourceOptions>[0];
type Row = Record<string, unknown>;

const MIGRATIONS = join(__dirname, '..', '..', 'src', 'database', 'migrations');
/** Databases as the earlier, per-database migration sets left them (see the header of each file). */
const LEGACY_SCHEMA = join(__dirname, '..', 'support', 'legacy-schema');
const BIDDER_NUMBERS = 1764300000000;

/** The files of the migrations whose timestamp passes `keep`, in order. */
const migrationFiles = (keep: (timestamp: number) => boolean) =>
  readdirSync(MIGRATIONS)
    .filter((file) => keep(Number(file.slice(0, 13))))
    .sort()
    .map((file) => join(MIGRATIONS, file));

/**
 * One row or more in every table, as the earlier schema takes them, with what an upgrade must
 * clean: favorite 4 and sale 3 point at auctions that no longer exist (98, 99).
 */
const LEGACY_ROWS: Record<string, string> = {
  users: `INSERT INTO "users" ("id", "username", "email", "password_hash", "role", "display_name") VALUES
     (1, 'seller', 'seller@example.com', 'x', 'user', 'Sam'), (2, 'ann', 'ann@example.com', 'x', 'user', NULL),
     (3, 'ben', 'ben@example.com', 'x', 'admin', NULL)`,
  sessions: `INSERT INTO "sessions" ("id", "user_id", "user_agent", "ip", "last_used_at", "expires_at", "revoked_at") VALUES
     (1, 2, 'jest', '127.0.0.1', '2026-01-01 10:00:00', '2026-02-01 10:00:00', NULL),
     (2, 3, NULL, NULL, '2026-01-01 10:00:00', '2026-02-01 10:00:00', '2026-01-02 10:00:00')`,
  refresh_tokens: `INSERT INTO "refresh_tokens" ("id", "session_id", "token_hash", "rotated_at") VALUES
     (1, 1, 'first-token-hash', '2026-01-01 11:00:00'), (2, 1, 'second-token-hash', NULL)`,
  cars: `INSERT INTO "cars" ("id", "make", "model", "year", "category", "source", "external_id", "removed_at", "created_by_id") VALUES
     (1, 'Fiat', 'Uno', 1990, 'Hatchback', 'manual', NULL, NULL, 1),
     (2, 'Lancia', 'Delta', 1992, NULL, 'sync', 'Xyz1', '2026-01-03 00:00:00', NULL)`,
  sync_runs: `INSERT INTO "sync_runs" ("id", "job_id", "trigger", "status", "full_pass", "started_at", "finished_at",
     "fetched", "inserted", "updated", "unchanged", "failed", "removed", "error") VALUES
     (1, 'job-1', 'schedule', 'completed', TRUE, '2026-01-03 00:00:00', '2026-01-03 00:01:00', 2, 1, 0, 0, 0, 1, NULL),
     (2, 'job-2', 'manual', 'failed', FALSE, '2026-01-04 00:00:00', NULL, 0, 0, 0, 0, 0, 0, 'source down')`,
  sync_state: `INSERT INTO "sync_state" ("id", "cursor_updated_at", "runs_since_full_pass") VALUES (1, '2026-01-02T00:00:00.000Z', 1)`,
  sync_seen: `INSERT INTO "sync_seen" ("run_id", "external_id") VALUES (1, 'Xyz1'), (2, 'Xyz1')`,
  listings: `INSERT INTO "listings" ("id", "seller_id", "car_id", "make", "model", "year", "price_cents", "mileage",
     "description", "condition", "features", "status") VALUES
     (1, 1, 1, 'Fiat', 'Uno', 1990, 90000, 120000, 'Red', 'used', '["abs"]', 'sold'),
     (2, 1, NULL, 'Lancia', 'Delta', 1992, 150000, 80000, '', NULL, '[]', 'active')`,
  auctions: `INSERT INTO "auctions" ("id", "seller_id", "title", "car_id", "make", "model", "year", "starting_price_cents",
     "reserve_price_cents", "min_increment_cents", "current_price_cents", "bid_count", "leading_bidder_id", "status",
     "starts_at", "ends_at", "closed_at", "features") VALUES
     (1, 1, 'Sold', 1, 'Fiat', 'Uno', 1990, 1000, NULL, 100, 1000, 1, 3, 'closed',
      '2026-01-01 00:00:00', '2026-01-02 00:00:00', '2026-01-02 00:00:01', '[]'),
     (2, 1, 'Running', NULL, 'Lancia', 'Delta', 1992, 500, 2000, 100, 600, 2, 3, 'active',
      '2026-01-01 00:00:00', '2027-01-01 00:00:00', NULL, '["abs"]')`,
  bids: `INSERT INTO "bids" ("id", "auction_id", "bidder_id", "amount_cents", "bidder_number") VALUES
     (1, 1, 3, 1000, 1), (2, 2, 2, 500, 1), (3, 2, 3, 600, 2)`,
  transactions: `INSERT INTO "transactions" ("id", "listing_id", "auction_id", "buyer_id", "seller_id", "price_cents") VALUES
     (1, 1, NULL, 2, 1, 90000), (2, NULL, 1, 3, 1, 1000), (3, NULL, 99, 2, 1, 700)`,
  favorites: `INSERT INTO "favorites" ("id", "user_id", "listing_id", "auction_id") VALUES
     (1, 2, 2, NULL), (2, 2, NULL, 2), (3, 3, NULL, 1), (4, 3, NULL, 98)`,
};

describe(`migrations on ${projectDatabaseType()}`, () => {
  const type = projectDatabaseType();
  let dir: string;
  const opened: DataSource[] = [];
  const drops: (() => Promise<void>)[] = [];
  let fresh: DataSource;
  let created = 0;

  /** A new, empty database of the project's type. */
  async function newDatabase(): Promise<DatabaseConfig> {
    if (type === 'postgres') {
      const { url, drop } = await createPostgresDatabase();
      drops.push(drop);
      return { type, path: '', url };
    }
    return { type, path: join(dir, `${++created}.sqlite`), url: undefined };
  }

  /** The app's data source on `config`; `migrations` (files) instead of the whole set if given. */
  async function open(config: DatabaseConfig, migrations?: string[]): Promise<DataSource> {
    const options = buildDataSourceOptions(config);
    const dataSource = new AppDataSource({ ...options, ...(migrations && { migrations }), logging: false });
    await dataSource.initialize();
    opened.push(dataSource);
    return dataSource;
  }

  /** Makes `config` the database the earlier migration set of its type left. */
  async function loadLegacySchema(config: DatabaseConfig): Promise<void> {
    const sql = readFileSync(join(LEGACY_SCHEMA, `${config.type}.sql`), 'utf8');
    if (config.type === 'postgres') {
      const client = new Client({ connectionString: config.url });
      await client.connect();
      await client.query(sql).finally(() => client.end());
      return;
    }
    const database = new sqlite3.Database(config.path);
    await new Promise<void>((resolve, reject) =>
      database.exec(sql, (error) => (error ? reject(error) : resolve())),
    );
    await new Promise<void>((resolve, reject) =>
      database.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /**
   * The schema as the database states it, in a stable order: on SQLite the statements it keeps
   * (spacing folded), on PostgreSQL its catalogue's columns, constraints, indexes and sequences.
   */
  async function describeSchema(dataSource: DataSource): Promise<unknown> {
    if (type === 'postgres') {
      return {
        columns: await dataSource.query(
          `SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length, is_nullable,
                  column_default
           FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
        ),
        constraints: await dataSource.query(
          `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
           FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
        ),
        indexes: await dataSource.query(
          `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
        ),
        sequences: await dataSource.query(
          `SELECT sequence_name, data_type FROM information_schema.sequences
           WHERE sequence_schema = 'public' ORDER BY 1`,
        ),
      };
    }
    const objects = await dataSource.query<
      { type: string; name: string; tbl_name: string; sql: string | null }[]
    >(
      `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name`,
    );
    return objects.map(({ sql, ...object }) => ({
      ...object,
      sql: sql?.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim() ?? null,
    }));
  }

  const appliedMigrations = (dataSource: DataSource) =>
    dataSource.query<{ timestamp: string | number; name: string }[]>(
      'SELECT "timestamp", "name" FROM "migrations" ORDER BY "id"',
    );

  /** Every row of every entity's table, by table, in key order. */
  async function allRows(dataSource: DataSource): Promise<Record<string, Row[]>> {
    const rows: Record<string, Row[]> = {};
    const tables = dataSource.entityMetadatas.map((entity) => entity.tableName).sort();
    for (const table of tables)
      rows[table] = await dataSource.query(`SELECT * FROM "${table}" ORDER BY 1, 2`);
    return rows;
  }

  /** What the entities would still change in the schema (nothing, when the migrations are right). */
  async function drift(dataSource: DataSource): Promise<string[]> {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    return upQueries.map((query) => query.query);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'migrations-spec-'));
    fresh = await open(await newDatabase());
    await fresh.runMigrations();
  });

  afterAll(async () => {
    for (const dataSource of opened) if (dataSource.isInitialized) await dataSource.destroy();
    for (const drop of drops) await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a fresh database has every migration and nothing for the entities to change', async () => {
    expect((await appliedMigrations(fresh)).map(({ name }) => name).sort()).toEqual(
      fresh.migrations.map(({ name }) => name).sort(),
    );
    expect(await fresh.showMigrations()).toBe(false);
    expect(await drift(fresh)).toEqual([]);
  });

  it('the shared migrations build exactly what the earlier set of this database built, up to its last', async () => {
    const legacyConfig = await newDatabase();
    await loadLegacySchema(legacyConfig);
    const legacy = await open(legacyConfig);
    const legacyMigrations = await appliedMigrations(legacy);
    const last = Number(legacyMigrations.at(-1)!.timestamp);

    const rebuilt = await open(
      await newDatabase(),
      migrationFiles((timestamp) => timestamp <= last),
    );
    await rebuilt.runMigrations();

    expect(await appliedMigrations(rebuilt)).toEqual(legacyMigrations);
    expect(await describeSchema(rebuilt)).toEqual(await describeSchema(legacy));
  });

  it('upgrades a database of the earlier set in place: rows kept, links to vanished auctions cleaned', async () => {
    const config = await newDatabase();
    await loadLegacySchema(config);
    const dataSource = await open(config);
    for (const insert of Object.values(LEGACY_ROWS)) await dataSource.query(insert);
    const before = await allRows(dataSource);
    expect(Object.keys(before).filter((table) => before[table].length === 0)).toEqual([]);
    const legacyNames = (await appliedMigrations(dataSource)).map(({ name }) => name);

    const applied = await dataSource.runMigrations();

    // Both in timestamp order: the list of files is in the order the directory gives.
    expect(applied.map(({ name }) => name)).toEqual(
      dataSource.migrations
        .map(({ name }) => name!)
        .filter((name) => !legacyNames.includes(name))
        .sort((a, b) => a.slice(-13).localeCompare(b.slice(-13))),
    );
    expect(await dataSource.showMigrations()).toBe(false);
    expect(await allRows(dataSource)).toEqual({
      ...before,
      // The first and last names that UserNames adds start empty.
      users: before.users.map((user) => ({ ...user, first_name: null, last_name: null })),
      // The favorite of a vanished auction goes; the sale stays, without the link.
      favorites: before.favorites.filter(({ id }) => id !== 4),
      // Proxy bidding: an auction bid on holds its leader's bid as the most they will pay.
      auctions: before.auctions.map((auction) => ({
        ...auction,
        leading_max_cents: Number(auction.bid_count) > 0 ? auction.current_price_cents : null,
      })),
      bids: before.bids.map((bid) => ({ ...bid, max_amount_cents: null, auto: onPostgres ? false : 0 })),
      transactions: before.transactions.map((sale) => (sale.id === 3 ? { ...sale, auction_id: null } : sale)),
    });
    expect(await drift(dataSource)).toEqual([]);
    expect(await appliedMigrations(dataSource)).toEqual(await appliedMigrations(fresh));
    expect(await describeSchema(dataSource)).toEqual(await describeSchema(fresh));
  });

  it('numbers the bids placed before bidder numbers by each bidder’s first bid in the auction, a deleted bidder’s included', async () => {
    const config = await newDatabase();
    const early = await open(
      config,
      migrationFiles((timestamp) => timestamp < BIDDER_NUMBERS),
    );
    await early.runMigrations();
    await early.query(
      `INSERT INTO "users" ("id", "username", "email", "password_hash") VALUES
         (1, 'seller', 's@example.com', 'x'), (2, 'ann', 'a@example.com', 'x'),
         (3, 'ben', 'b@example.com', 'x'), (4, 'cat', 'c@example.com', 'x')`,
    );
    await early.query(
      `INSERT INTO "auctions" ("id", "seller_id", "title", "make", "model", "year", "starting_price_cents",
         "min_increment_cents", "current_price_cents", "starts_at", "ends_at", "features") VALUES
         (1, 1, 'One', 'Fiat', 'Uno', 1990, 100, 1, 100, '2026-01-01', '2027-01-01', '[]'),
         (2, 1, 'Two', 'Fiat', 'Uno', 1990, 100, 1, 100, '2026-01-01', '2027-01-01', '[]')`,
    );
    // Auction 1: ben, ann, ben, a deleted bidder, cat. Auction 2: ann, cat, ann.
    await early.query(
      `INSERT INTO "bids" ("id", "auction_id", "bidder_id", "amount_cents") VALUES
         (1, 1, 3, 100), (2, 1, 2, 101), (3, 2, 2, 100), (4, 1, 3, 102),
         (5, 1, NULL, 103), (6, 1, 4, 104), (7, 2, 4, 105), (8, 2, 2, 106)`,
    );
    await early.destroy();

    const dataSource = await open(config);
    await dataSource.runMigrations();
    const rows = await dataSource.query<{ id: number; bidder_number: number }[]>(
      'SELECT "id", "bidder_number" FROM "bids" ORDER BY "id"',
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

  it("the foreign keys keep other users' records: an auction with bids is not deleted, not even with its seller", async () => {
    const config = await newDatabase();
    const dataSource = await open(config);
    await dataSource.runMigrations();
    for (const [table, insert] of Object.entries(LEGACY_ROWS)) {
      if (table !== 'favorites' && table !== 'transactions') await dataSource.query(insert);
    }
    await dataSource.query(
      `INSERT INTO "auctions" ("id", "seller_id", "title", "make", "model", "year", "starting_price_cents",
         "min_increment_cents", "current_price_cents", "starts_at", "ends_at", "features") VALUES
         (3, 1, 'Quiet', 'Fiat', 'Uno', 1990, 100, 1, 100, '2026-01-01', '2027-01-01', '[]')`,
    );
    await dataSource.query(
      `INSERT INTO "favorites" ("id", "user_id", "listing_id", "auction_id") VALUES (1, 2, NULL, 3), (2, 3, NULL, 2)`,
    );
    await dataSource.query(
      `INSERT INTO "transactions" ("id", "listing_id", "auction_id", "buyer_id", "seller_id", "price_cents") VALUES
         (1, NULL, 3, 2, 1, 100)`,
    );
    const before = await allRows(dataSource);

    // The seller's auctions 1 and 2 have other users' bids: neither they nor the seller go.
    await expect(dataSource.query('DELETE FROM "users" WHERE "id" = 1')).rejects.toThrow(/foreign key/i);
    await expect(dataSource.query('DELETE FROM "auctions" WHERE "id" = 2')).rejects.toThrow(/foreign key/i);
    expect(await allRows(dataSource)).toEqual(before);

    // An auction without bids takes its favorites along; its sale record stays, without the link.
    await dataSource.query('DELETE FROM "auctions" WHERE "id" = 3');
    const after = await allRows(dataSource);
    expect(after.favorites.map(({ id }) => id)).toEqual([2]);
    expect(after.transactions).toEqual([{ ...before.transactions[0], auction_id: null }]);
  });
});
