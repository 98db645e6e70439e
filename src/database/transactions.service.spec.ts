import { AppDataSource } from './app-data-source';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { User } from '../users/user.entity';
import { buildDataSourceOptions } from './database-options';
import { TransactionsService } from './transactions.service';

describe('TransactionsService on a real SQLite file', () => {
  let dir: string;
  let dataSource: DataSource;
  let transactions: TransactionsService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'transactions-spec-'));
    dataSource = new AppDataSource(
      buildDataSourceOptions({ type: 'sqlite', path: join(dir, 'test.sqlite'), url: undefined }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations();
    transactions = new TransactionsService(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => dataSource.getRepository(User).clear());

  const newUser = (name: string) => ({ username: name, email: `${name}@example.com`, passwordHash: 'x' });
  const usernames = async () =>
    (await dataSource.getRepository(User).find({ order: { username: 'ASC' } })).map((u) => u.username);

  it('runs 20 concurrent units that each insert a user, and all of them commit', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `user_${String(i).padStart(2, '0')}`);
    const results = await Promise.allSettled(
      names.map((name) =>
        transactions.run(async (manager) => {
          await manager.insert(User, newUser(name));
          // Yield in the middle of the unit so that the units would overlap if they could.
          await new Promise((resolve) => setImmediate(resolve));
          return manager.countBy(User, { username: name });
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(names.map(() => 1));
    expect(await usernames()).toEqual(names);
  });

  it('rolls back every write of a unit that throws, while the units around it commit', async () => {
    const failure = new Error('boom');
    const results = await Promise.allSettled([
      transactions.run((manager) => manager.insert(User, newUser('before'))),
      transactions.run(async (manager) => {
        await manager.insert(User, newUser('doomed_1'));
        await manager.insert(User, newUser('doomed_2'));
        throw failure;
      }),
      transactions.run((manager) => manager.insert(User, newUser('after'))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBe(failure);
    expect(await usernames()).toEqual(['after', 'before']);
  });

  it('keeps going after a unit fails on a constraint', async () => {
    await transactions.run((manager) => manager.insert(User, newUser('taken')));
    const duplicate = transactions.run(async (manager) => {
      await manager.insert(User, newUser('other'));
      await manager.insert(User, { ...newUser('taken_again'), email: 'taken@example.com' });
    });
    const next = transactions.run((manager) => manager.insert(User, newUser('next')));
    await expect(duplicate).rejects.toThrow(/UNIQUE/);
    await next;
    expect(await usernames()).toEqual(['next', 'taken']);
  });

  it('a unit started inside another joins it: one commit, or one rollback of both', async () => {
    const failure = new Error('boom');
    await transactions.run(async () => {
      await transactions.run((manager) => manager.insert(User, newUser('outer_inner')));
      await transactions.manager.insert(User, newUser('outer'));
    });
    const rolledBack = transactions.run(async () => {
      await transactions.run((manager) => manager.insert(User, newUser('doomed_inner')));
      expect(await transactions.manager.countBy(User, { username: 'doomed_inner' })).toBe(1);
      throw failure;
    });
    await expect(rolledBack).rejects.toBe(failure);
    expect(await usernames()).toEqual(['outer', 'outer_inner']);
  });

  it('reads through the data source outside a unit', async () => {
    await transactions.run((manager) => manager.insert(User, newUser('seen')));
    expect(transactions.manager).toBe(dataSource.manager);
    expect(await transactions.manager.countBy(User, { username: 'seen' })).toBe(1);
  });
});
