import { ConfigType } from '@nestjs/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { availableDatabaseTypes, createTestDatabase, TestDatabase } from '../../test/support/databases';
import { authConfig } from '../config/auth.config';
import { AppDataSource } from '../database/app-data-source';
import { buildDataSourceOptions } from '../database/database-options';
import { TransactionsService } from '../database/transactions.service';
import { User } from '../users/user.entity';
import { AuthRepository } from './auth.repository';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokenPruner } from './refresh-token-pruner.service';
import { Session } from './session.entity';

const DAY_MS = 24 * 3600 * 1000;
const TTL_DAYS = 30;
const NOW = new Date('2030-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe.each(availableDatabaseTypes())('RefreshTokenPruner on %s', (type) => {
  let dir: string;
  let database: TestDatabase;
  let dataSource: DataSource;
  let pruner: RefreshTokenPruner;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'refresh-token-pruner-spec-'));
    database = await createTestDatabase(dir, type);
    dataSource = new AppDataSource(
      buildDataSourceOptions({
        type,
        path: join(dir, 'app.sqlite'),
        url: database.env.DATABASE_URL,
      }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations();
    const config = { refreshTtlSeconds: TTL_DAYS * 24 * 3600 } as ConfigType<typeof authConfig>;
    pruner = new RefreshTokenPruner(new AuthRepository(new TransactionsService(dataSource)), config);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A session expiring at `expiresAt` with one token per entry of `rotations` (null: never rotated). */
  async function sessionWithTokens(name: string, expiresAt: Date, rotations: (Date | null)[]): Promise<void> {
    const { id: userId } = await dataSource
      .getRepository(User)
      .save({ username: name, email: `${name}@example.com`, passwordHash: 'x' });
    const session = await dataSource.getRepository(Session).save({
      userId,
      ip: null,
      userAgent: null,
      lastUsedAt: daysAgo(TTL_DAYS * 3),
      expiresAt,
      revokedAt: null,
    });
    await dataSource.getRepository(RefreshToken).insert(
      rotations.map((rotatedAt, index) => ({
        sessionId: session.id,
        tokenHash: `${name}-${index}`.padEnd(64, '_'),
        rotatedAt,
      })),
    );
  }

  const remainingTokens = async () =>
    (await dataSource.getRepository(RefreshToken).find({ order: { tokenHash: 'ASC' } })).map(
      ({ tokenHash }) => tokenHash.replace(/_+$/, ''),
    );

  it('deletes the tokens rotated, or whose session expired, more than JWT_REFRESH_TTL ago, and only those', async () => {
    // A live session: tokens rotated long ago, just before the cut-off, just after it, and its live one.
    await sessionWithTokens('live', daysAgo(-TTL_DAYS), [
      daysAgo(TTL_DAYS + 5),
      daysAgo(TTL_DAYS + 0.01),
      daysAgo(TTL_DAYS - 0.01),
      daysAgo(1),
      null,
    ]);
    // Sessions that expired before the cut-off (all its tokens go) and after it (its tokens stay).
    await sessionWithTokens('expired-long-ago', daysAgo(TTL_DAYS + 1), [daysAgo(TTL_DAYS - 1), null]);
    await sessionWithTokens('expired-lately', daysAgo(TTL_DAYS - 1), [daysAgo(TTL_DAYS - 2), null]);

    await expect(pruner.prune(NOW)).resolves.toBe(4);
    expect(await remainingTokens()).toEqual([
      'expired-lately-0',
      'expired-lately-1',
      'live-2',
      'live-3',
      'live-4',
    ]);
    // Sessions stay; a second run finds nothing more.
    expect(await dataSource.getRepository(Session).count()).toBe(3);
    await expect(pruner.prune(NOW)).resolves.toBe(0);
  });
});
