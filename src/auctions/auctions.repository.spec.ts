import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sqlite3';
import { Logger as TypeOrmLogger } from 'typeorm';
import { auctionRow } from '../../test/support/auction-row';
import { availableDatabaseTypes, createTestDatabase, TestDatabase } from '../../test/support/databases';
import { Role } from '../common/roles';
import { auctionConfig } from '../config/auction.config';
import { AppDataSource } from '../database/app-data-source';
import { buildDataSourceOptions } from '../database/database-options';
import { TransactionsService } from '../database/transactions.service';
import { User } from '../users/user.entity';
import { Auction, AuctionStatus } from './auction.entity';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AuctionEvents } from './auction-events.port';
import { AuctionsRepository } from './auctions.repository';
import { Bid } from './bid.entity';
import { BidsService } from './bids.service';
import { PlaceBidDto } from './dto/bid.dto';
import { fakeAuctionEvents } from '../../test/support/fake-auction-events';

const SOFT_CLOSE_MS = 120_000;
const HOUR_MS = 3_600_000;

/** TypeORM's logger, keeping the statements it is told about. */
class StatementLog implements TypeOrmLogger {
  constructor(private readonly statements: string[]) {}
  logQuery(query: string): void {
    this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** `work` fails with `expected`: its class and its message (`toThrow` compares messages only). */
async function expectRefusal(work: Promise<unknown>, expected: Error): Promise<void> {
  await expect(work).rejects.toBeInstanceOf(expected.constructor);
  await expect(work).rejects.toThrow(expected);
}

describe.each(availableDatabaseTypes())('BidsService.place on %s', (type) => {
  let dir: string;
  let database: TestDatabase;
  let dataSource: AppDataSource;
  let repository: AuctionsRepository;
  let events: jest.Mocked<AuctionEvents>;
  let scheduler: { schedule: jest.Mock };
  let service: BidsService;
  let seller: User;
  let bidder: User;
  let rival: User;
  /**
   * The statements the database ran: as SQLite reports them (every statement it runs, however it
   * was sent), or as TypeORM sends them to PostgreSQL.
   */
  const statements: string[] = [];

  const as = (user: User) => ({ id: user.id, role: Role.User, sessionId: user.id });
  const newAuction = async (changes: Partial<Auction> = {}) => {
    const {
      id: _id,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      ...fields
    } = auctionRow({
      sellerId: seller.id,
      specs: { condition: null, fuelType: null, transmission: null, color: null, engine: null, features: [] },
      ...changes,
    });
    return repository.insert(fields);
  };
  /**
   * The first word of each statement `place` runs. SQLite reports statements as it runs them, after
   * the calls that sent them return: marker statements before and after fence `place`'s in.
   */
  const statementsOf = async (place: () => Promise<unknown>) => {
    const mark = (word: string) => dataSource.query(`SELECT '${word}' AS mark`);
    statements.length = 0;
    await mark('start');
    await place().catch(() => undefined);
    await mark('end');
    await new Promise((resolve) => setImmediate(resolve));
    const sent = statements.map((sql) => sql.trim());
    return sent
      .slice(
        sent.findIndex((sql) => sql.includes("'start'")) + 1,
        sent.findIndex((sql) => sql.includes("'end'")),
      )
      .map((sql) => sql.split(/\s+/)[0].toUpperCase());
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bids-spec-'));
    database = await createTestDatabase(dir, type);
    const options = buildDataSourceOptions(
      type === 'postgres'
        ? { type, url: database.env.DATABASE_URL, path: '' }
        : { type, path: database.env.DB_PATH, url: undefined },
    );
    dataSource = await new AppDataSource(
      type === 'postgres' ? { ...options, logger: new StatementLog(statements) } : options,
    ).initialize();
    await dataSource.runMigrations();
    if (type === 'sqlite') {
      (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection.on(
        'trace',
        (sql) => statements.push(sql),
      );
    }
    const transactions = new TransactionsService(dataSource);
    repository = new AuctionsRepository(transactions);
    events = fakeAuctionEvents();
    scheduler = { schedule: jest.fn() };
    service = new BidsService(
      repository,
      transactions,
      scheduler as unknown as AuctionCloseScheduler,
      events,
      { softCloseMs: SOFT_CLOSE_MS, maxDays: 30 } as ConfigType<typeof auctionConfig>,
    );
    const users = dataSource.getRepository(User);
    [seller, bidder, rival] = await Promise.all(
      ['seller', 'bidder', 'rival'].map((name) =>
        users.save(users.create({ username: name, email: `${name}@example.com`, passwordHash: 'x' })),
      ),
    );
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => jest.clearAllMocks());

  const BEGIN = type === 'sqlite' ? 'BEGIN' : 'START';

  it('accepts a plain bid in five statements: begin, the conditional UPDATE, the leader read, the INSERT, commit', async () => {
    const auction = await newAuction();
    let placed: Awaited<ReturnType<BidsService['place']>> | undefined;

    const run = await statementsOf(
      async () => (placed = await service.place(as(bidder), auction.id, { amount: 1000 })),
    );

    expect(run).toEqual([BEGIN, 'UPDATE', 'SELECT', 'INSERT', 'COMMIT']);
    expect(Object.keys(placed!)).toEqual(['bid', 'leading', 'currentPrice', 'minimumBid']);
    expect(placed).toMatchObject({ leading: true, currentPrice: 1000, minimumBid: 1010 });
    const { bid } = placed!;
    // The answer is the bid as it is stored, its time as TypeORM reads it.
    expect(bid).toEqual(await service.get(as(bidder), bid.id));
    expect(Object.keys(bid)).toEqual([
      'id',
      'auctionId',
      'bidderId',
      'bidderAlias',
      'amount',
      'auto',
      'createdAt',
    ]);
    expect(bid).toMatchObject({
      auctionId: auction.id,
      bidderId: bidder.id,
      bidderAlias: 'bidder 1',
      amount: 1000,
      auto: false,
    });
    expect(bid.createdAt).toBeInstanceOf(Date);
    expect(await repository.findById(auction.id)).toMatchObject({
      currentPriceCents: 100_000,
      bidCount: 1,
      leadingBidderId: bidder.id,
      leadingMaxCents: 100_000,
      endsAt: auction.endsAt,
    });
    expect(events.newBid).toHaveBeenCalledWith({
      auctionId: auction.id,
      bid,
      currentPrice: 1000,
      bidCount: 1,
      endsAt: auction.endsAt,
    });
    expect(events.bidUpdate).toHaveBeenCalledTimes(1);
    expect(events.outbid).not.toHaveBeenCalled();
    expect(events.extended).not.toHaveBeenCalled();
    expect(scheduler.schedule).not.toHaveBeenCalled();
  });

  it('reads the leader a plain bid displaced from the bids, and tells them', async () => {
    const auction = await newAuction();
    await service.place(as(bidder), auction.id, { amount: 1000 });
    jest.clearAllMocks();

    await service.place(as(rival), auction.id, { amount: 1010 });

    expect(events.outbid).toHaveBeenCalledWith({
      userId: bidder.id,
      auctionId: auction.id,
      currentPrice: 1010,
      minimumBid: 1020,
    });
    expect(await repository.leaderByBids(auction.id)).toBe(rival.id);
  });

  it("stores the bid's time as TypeORM stores it", async () => {
    const auction = await newAuction();
    const placed = await service.place(as(bidder), auction.id, { amount: 1000 });
    const saved = await dataSource
      .getRepository(Bid)
      .save({ auctionId: auction.id, bidderId: rival.id, bidderNumber: 2, amountCents: 101_000 });

    const [ours, typeorms] = await dataSource.query(
      `SELECT created_at FROM bids WHERE id IN (${placed.bid.id}, ${saved.id}) ORDER BY id`,
    );
    // SQLite keeps text: the same layout, digit for digit; PostgreSQL a timestamptz either way.
    const layout = (value: unknown) => (value instanceof Date ? 'Date' : String(value).replace(/\d/g, '0'));
    expect(layout(ours.created_at)).toBe(layout(typeorms.created_at));
  });

  it("numbers bidders in the order of their first bid, and keeps a bidder's number", async () => {
    const auction = await newAuction();
    const aliases = [];
    for (const [user, amount] of [
      [bidder, 1000],
      [rival, 1010],
      [bidder, 1020],
      [rival, 1030],
    ] as const) {
      aliases.push((await service.place(as(user), auction.id, { amount })).bid.bidderAlias);
    }
    expect(aliases).toEqual(['bidder 1', 'bidder 2', 'bidder 1', 'bidder 2']);
  });

  it('weighs a maximum under the lock: the locking read, the UPDATE, the INSERT', async () => {
    const auction = await newAuction();

    const run = await statementsOf(() => service.place(as(bidder), auction.id, { maxAmount: 1500 }));

    expect(run).toEqual([BEGIN, 'SELECT', 'UPDATE', 'INSERT', 'COMMIT']);
    expect(await repository.findById(auction.id)).toMatchObject({
      currentPriceCents: 100_000,
      bidCount: 1,
      leadingBidderId: bidder.id,
      leadingMaxCents: 150_000,
    });
  });

  it("answers a plain bid against a standing maximum with the platform's bid, stored with auto", async () => {
    const auction = await newAuction();
    await service.place(as(bidder), auction.id, { maxAmount: 1500 });

    let placed: Awaited<ReturnType<BidsService['place']>> | undefined;
    const run = await statementsOf(
      async () => (placed = await service.place(as(rival), auction.id, { amount: 1200 })),
    );

    // The conditional UPDATE takes nothing; the locking read, the UPDATE and both bids follow.
    expect(run).toEqual([BEGIN, 'UPDATE', 'SELECT', 'UPDATE', 'INSERT', 'INSERT', 'COMMIT']);
    expect(placed).toMatchObject({ leading: false, currentPrice: 1210, minimumBid: 1220 });
    expect(await repository.findById(auction.id)).toMatchObject({
      currentPriceCents: 121_000,
      bidCount: 3,
      leadingBidderId: bidder.id,
      leadingMaxCents: 150_000,
    });
    expect(await repository.leaderByBids(auction.id)).toBe(bidder.id);
    // As stored and read back: the maximum on its bidder's own bid only, auto as a boolean.
    const { data } = await service.forAuction(as(bidder), auction.id, { page: 1, limit: 10 });
    expect(
      data.map(({ bidderAlias, amount, maxAmount, auto }) => ({ bidderAlias, amount, maxAmount, auto })),
    ).toEqual([
      { bidderAlias: 'bidder 1', amount: 1210, maxAmount: undefined, auto: true },
      { bidderAlias: 'bidder 2', amount: 1200, maxAmount: undefined, auto: false },
      { bidderAlias: 'bidder 1', amount: 1000, maxAmount: 1500, auto: false },
    ]);
  });

  it('moves the end of an auction in its last moments, and hands the previous end to the scheduler', async () => {
    const auction = await newAuction({ endsAt: new Date(Date.now() + SOFT_CLOSE_MS / 2) });
    const before = Date.now();

    const run = await statementsOf(() => service.place(as(bidder), auction.id, { amount: 1000 }));

    // The conditional UPDATE takes no bid that moves the end: the locking read, the UPDATE.
    expect(run).toEqual([BEGIN, 'UPDATE', 'SELECT', 'UPDATE', 'INSERT', 'COMMIT']);
    const { endsAt } = (await repository.findById(auction.id))!;
    expect(endsAt.getTime()).toBeGreaterThanOrEqual(before + SOFT_CLOSE_MS);
    expect(endsAt.getTime()).toBeLessThanOrEqual(Date.now() + SOFT_CLOSE_MS);
    expect(events.newBid).toHaveBeenCalledWith(expect.objectContaining({ auctionId: auction.id, endsAt }));
    expect(events.extended).toHaveBeenCalledWith({ auctionId: auction.id, endsAt });
    expect(scheduler.schedule).toHaveBeenCalledWith(auction.id, endsAt, auction.endsAt);
  });

  it.each<{
    case: string;
    auction?: Partial<Auction> | null;
    bySeller?: boolean;
    offer?: PlaceBidDto;
    error: Error;
  }>([
    {
      case: 'a missing auction, with 404',
      auction: null,
      error: new NotFoundException('Auction 0 not found'),
    },
    {
      case: 'your own auction, even below the minimum, with 403',
      bySeller: true,
      offer: { amount: 1 },
      error: new ForbiddenException('You cannot bid on your own auction'),
    },
    {
      case: 'a maximum on your own auction, with 403',
      bySeller: true,
      offer: { maxAmount: 1500 },
      error: new ForbiddenException('You cannot bid on your own auction'),
    },
    {
      case: 'a closed auction, even below the minimum, with 409',
      auction: { status: AuctionStatus.Closed },
      offer: { amount: 1 },
      error: new ConflictException('The auction is closed'),
    },
    {
      case: 'a maximum on a closed auction, with 409',
      auction: { status: AuctionStatus.Closed },
      offer: { maxAmount: 1500 },
      error: new ConflictException('The auction is closed'),
    },
    {
      case: 'an auction past its end, with 409',
      auction: { endsAt: new Date(Date.now() - 1000) },
      error: new ConflictException('The auction has ended'),
    },
    {
      case: 'an auction not started yet, with 409',
      auction: { startsAt: new Date(Date.now() + HOUR_MS) },
      error: new ConflictException('The auction has not started yet'),
    },
    {
      case: 'a bid below the minimum, with 400 naming it',
      auction: { bidCount: 1, currentPriceCents: 150_000, leadingMaxCents: 150_000 },
      offer: { amount: 1505 },
      error: new BadRequestException('The minimum bid is 1510'),
    },
    {
      case: 'a maximum below the minimum, with 400 naming it',
      auction: { bidCount: 1, currentPriceCents: 150_000, leadingMaxCents: 150_000 },
      offer: { maxAmount: 1200 },
      error: new BadRequestException('The minimum bid is 1510'),
    },
    {
      case: 'a maximum below the amount beside it, with 400',
      offer: { amount: 1100, maxAmount: 1050 },
      error: new BadRequestException('maxAmount must be at least amount'),
    },
  ])('refuses $case, and writes nothing', async ({ auction: changes, bySeller, offer, error }) => {
    const auction = await newAuction(changes ?? {});
    const bids = await repository.countBids();
    const biddingState = async () => {
      const { currentPriceCents, bidCount, leadingBidderId, leadingMaxCents, endsAt, updatedAt } =
        (await repository.findById(auction.id))!;
      return { currentPriceCents, bidCount, leadingBidderId, leadingMaxCents, endsAt, updatedAt };
    };
    const before = await biddingState();

    const by = as(bySeller ? seller : bidder);
    await expectRefusal(
      service.place(by, changes === null ? 0 : auction.id, offer ?? { amount: 1000 }),
      error,
    );

    expect(await repository.countBids()).toBe(bids);
    expect(await biddingState()).toEqual(before);
    for (const event of Object.values(events)) expect(event).not.toHaveBeenCalled();
    expect(scheduler.schedule).not.toHaveBeenCalled();
  });
});
