import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3, { type Database } from 'sqlite3';
import { availableDatabaseTypes, createTestDatabase, TestDatabase } from '../../test/support/databases';
import { User } from '../users/user.entity';
import { AppDataSource } from './app-data-source';
import { buildDataSourceOptions } from './database-options';
import { TransactionsService } from './transactions.service';

describe.each(availableDatabaseTypes())('prepared reads on %s', (type) => {
  let dir: string;
  let database: TestDatabase;
  let dataSource: AppDataSource;
  let transactions: TransactionsService;

  const open = async () => {
    const source = new AppDataSource(
      buildDataSourceOptions(
        type === 'postgres'
          ? { type, url: database.env.DATABASE_URL, path: '' }
          : { type, path: database.env.DB_PATH, url: undefined },
      ),
    );
    return source.initialize();
  };
  const newUser = (name: string) => ({ username: name, email: `${name}@example.com`, passwordHash: 'x' });
  const byName = (name: string) =>
    type === 'sqlite'
      ? { sql: 'SELECT username FROM users WHERE username = ?', params: [name] }
      : { sql: 'SELECT username FROM users WHERE username = $1', params: [name] };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prepared-spec-'));
    database = await createTestDatabase(dir, type);
    dataSource = await open();
    await dataSource.runMigrations();
    transactions = new TransactionsService(dataSource);
    await dataSource.getRepository(User).insert([newUser('ada'), newUser('grace')]);
  });

  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the rows of the statement, with its parameters, again and again', async () => {
    const { sql } = byName('');
    for (const name of ['ada', 'grace', 'ada', 'nobody']) {
      const rows = await dataSource.queryPrepared<{ username: string }>(sql, [name]);
      expect(rows).toEqual(name === 'nobody' ? [] : [{ username: name }]);
    }
  });

  it('rejects a statement that does not prepare, each time, and goes on with the others', async () => {
    await expect(dataSource.queryPrepared('SELECT missing FROM nowhere', [])).rejects.toThrow(/nowhere/);
    await expect(dataSource.queryPrepared('SELECT missing FROM nowhere', [])).rejects.toThrow(/nowhere/);
    const { sql, params } = byName('ada');
    expect(await dataSource.queryPrepared(sql, params)).toEqual([{ username: 'ada' }]);
  });

  it('reads inside a unit of work through that unit, outside it as a prepared statement', async () => {
    const { sql, params } = byName('linus');
    let insideUnit: unknown[] = [];
    let outsideMeanwhile: unknown[] = [];
    await transactions.run(async (manager) => {
      await manager.insert(User, newUser('linus'));
      insideUnit = await transactions.read(sql, params);
      // On SQLite the one connection is the unit's: only PostgreSQL has another to read from.
      if (type === 'postgres') outsideMeanwhile = await dataSource.queryPrepared(sql, params);
    });
    expect(insideUnit).toEqual([{ username: 'linus' }]);
    expect(outsideMeanwhile).toEqual([]);
    expect(await transactions.read(sql, params)).toEqual([{ username: 'linus' }]);
  });

  if (type === 'sqlite') {
    it('prepares a statement once per SQL text and keeps a bounded number', async () => {
      const connection = (dataSource.driver as unknown as { databaseConnection: Database })
        .databaseConnection;
      const prepare = jest.spyOn(connection, 'prepare');
      try {
        const sql = 'SELECT username AS name FROM users WHERE username = ?';
        for (const name of ['ada', 'grace', 'ada']) await dataSource.queryPrepared(sql, [name]);
        // 300 distinct texts: more than are kept, so older ones are finalized as newer ones come.
        const texts = Array.from({ length: 300 }, (_, i) => `SELECT ${i} AS n`);
        for (const [i, text] of texts.entries()) {
          expect(await dataSource.queryPrepared(text, [])).toEqual([{ n: i }]);
        }
        expect(prepare.mock.calls.filter(([text]) => text === sql)).toHaveLength(1);
        expect(prepare).toHaveBeenCalledTimes(1 + texts.length);
      } finally {
        prepare.mockRestore();
      }
    });

    it('gives reads of one text at once a statement each, and keeps them for the next ones', async () => {
      const connection = (dataSource.driver as unknown as { databaseConnection: Database })
        .databaseConnection;
      const prepare = jest.spyOn(connection, 'prepare');
      try {
        const sql = 'SELECT username AS concurrent FROM users WHERE username = ?';
        const burst = () =>
          Promise.all(
            Array.from({ length: 8 }, (_, i) => dataSource.queryPrepared(sql, [i % 2 ? 'ada' : 'grace'])),
          );
        const first = await burst();
        expect(first.map((rows) => rows.length)).toEqual(Array(8).fill(1));
        const prepared = prepare.mock.calls.length;
        expect(prepared).toBeGreaterThan(1);
        expect(prepared).toBeLessThanOrEqual(8);
        await burst();
        expect(prepare).toHaveBeenCalledTimes(prepared);
      } finally {
        prepare.mockRestore();
      }
    });

    it('begins each transaction with the write lock: no other connection writes until it ends', async () => {
      const other = await new Promise<Database>((resolve, reject) => {
        const db: Database = new sqlite3.Database(database.env.DB_PATH!, (error) =>
          error ? reject(error) : resolve(db),
        );
      });
      const write = () =>
        new Promise<string>((resolve) =>
          other.run(
            "UPDATE users SET username = username WHERE username = 'ada'",
            (error: (Error & { code?: string }) | null) =>
              resolve(error ? (error.code ?? error.message) : 'written'),
          ),
        );
      try {
        // Before the unit's first statement: TypeORM's own BEGIN would take the lock only at its first write.
        await transactions.run(async () => expect(await write()).toBe('SQLITE_BUSY'));
        expect(await write()).toBe('written');
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
    });

    it('closes with its statements prepared, and the file opens again', async () => {
      const { sql, params } = byName('grace');
      await dataSource.queryPrepared(sql, params);
      await dataSource.destroy();
      dataSource = await open();
      transactions = new TransactionsService(dataSource);
      expect(await dataSource.queryPrepared(sql, params)).toEqual([{ username: 'grace' }]);
    });
  }
});
