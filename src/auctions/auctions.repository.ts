import { Injectable } from '@nestjs/common';
import type { Database } from 'sqlite3';
import { EntityManager, LessThanOrEqual, QueryFailedError } from 'typeorm';
import { containsPattern } from '../common/like-pattern';
import { toCents } from '../common/money';
import { applySort, paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { dialectOf, SqlDialect } from '../database/sql-dialect';
import { TransactionsService } from '../database/transactions.service';
import { Auction, AuctionStatus } from './auction.entity';
import { Bid } from './bid.entity';
import { AuctionWithSeller } from './dto/auction.dto';
import { QueryAuctionsDto, SearchAuctionsDto } from './dto/query-auctions.dto';

const SORT_COLUMNS = {
  endsAt: 'auction.endsAt',
  currentPrice: 'auction.currentPriceCents',
  createdAt: 'auction.createdAt',
};

/** A new auction's stored fields. */
export type NewAuction = Omit<Auction, 'id' | 'createdAt' | 'updatedAt'>;

/** A new bid's stored fields; `insertBid` gives it its bidder's number. */
export type NewBid = Pick<Bid, 'auctionId' | 'bidderId' | 'amountCents' | 'maxAmountCents' | 'auto'>;

/** A plain bid offered on an auction, as `acceptPlainBid` writes it. */
export interface BidOffer {
  auctionId: number;
  bidderId: number;
  amountCents: number;
  now: Date;
  /** The end a bid arriving before it would push the auction's end to (soft close). */
  softEnd: Date;
}

/** An auction's bidding state after a bid, and what its events need. */
export type BiddingState = Pick<
  Auction,
  | 'currentPriceCents'
  | 'bidCount'
  | 'endsAt'
  | 'startingPriceCents'
  | 'minIncrementCents'
  | 'reservePriceCents'
>;

/** What a bid writes on its auction. */
export type BiddingChange = Pick<
  Auction,
  'currentPriceCents' | 'bidCount' | 'leadingBidderId' | 'leadingMaxCents' | 'endsAt'
>;

/** Positional parameter `n` (from 1): `?n` on SQLite, `$n` on PostgreSQL. */
const parameter = (dialect: SqlDialect, n: number) => (dialect === 'sqlite' ? `?${n}` : `$${n}`);

/**
 * The UPDATE that accepts a plain bid (parameters: auction, bidder, amount, now, soft end) and
 * returns the bidding state, when the bid needs nothing else: it leaves the end where it is, and
 * the leader has no maximum above the price that would answer it (proxy bidding).
 */
function acceptPlainBidSql(dialect: SqlDialect): string {
  const [auction, bidder, amount, now, softEnd] = [1, 2, 3, 4, 5].map((n) => parameter(dialect, n));
  return (
    `UPDATE auctions SET current_price_cents = ${amount}, bid_count = bid_count + 1, ` +
    `leading_bidder_id = ${bidder}, leading_max_cents = ${amount}, updated_at = CURRENT_TIMESTAMP ` +
    `WHERE id = ${auction} AND seller_id <> ${bidder} AND status = '${AuctionStatus.Active}' ` +
    `AND starts_at <= ${now} AND ends_at > ${now} AND ends_at >= ${softEnd} ` +
    'AND (leading_max_cents IS NULL OR leading_max_cents <= current_price_cents) ' +
    `AND ${amount} >= CASE WHEN bid_count = 0 THEN starting_price_cents ` +
    'ELSE current_price_cents + min_increment_cents END ' +
    'RETURNING current_price_cents, bid_count, ends_at, starting_price_cents, min_increment_cents, reserve_price_cents'
  );
}

/**
 * The INSERT of a bid (parameters: auction, bidder, amount, maximum, auto) under its bidder's
 * number in the auction: the one of their earlier bids there, else one more than the auction's
 * last (two index lookups, whatever the number of bids). `created_at` takes the column's default,
 * as TypeORM's insert does.
 */
function insertBidSql(dialect: SqlDialect): string {
  const [auction, bidder, amount, maximum, auto] = [1, 2, 3, 4, 5].map((n) => parameter(dialect, n));
  return (
    'INSERT INTO bids (auction_id, bidder_id, bidder_number, amount_cents, max_amount_cents, auto) ' +
    `VALUES (${auction}, ${bidder}, COALESCE(` +
    `(SELECT bidder_number FROM bids WHERE auction_id = ${auction} AND bidder_id = ${bidder} LIMIT 1), ` +
    `(SELECT COALESCE(MAX(bidder_number), 0) + 1 FROM bids WHERE auction_id = ${auction})), ` +
    `${amount}, ${maximum}, ${auto}) ` +
    'RETURNING id, bidder_number, created_at'
  );
}

/** The bidder of the auction's highest bid, the latest of equal ones: its leader until the next bid. */
const leaderSql = (dialect: SqlDialect) =>
  `SELECT bidder_id FROM bids WHERE auction_id = ${parameter(dialect, 1)} ` +
  'ORDER BY amount_cents DESC, id DESC LIMIT 1';

const bidStatements = (dialect: SqlDialect) => ({
  acceptPlain: acceptPlainBidSql(dialect),
  insert: insertBidSql(dialect),
  leader: leaderSql(dialect),
});

const BID_SQL = { sqlite: bidStatements('sqlite'), postgres: bidStatements('postgres') };

/** Which of an edit's frozen fields would change the auction as it is now, and its status. */
export interface FrozenChanges {
  /** null when the auction is gone. */
  status: AuctionStatus | null;
  /** The fields, as the API names them (`specs` once per spec). */
  changed: string[];
}

/** A condition that holds while an edit leaves a field that bids freeze as it is. */
interface FrozenCheck {
  /** The field, as the API names it. */
  name: string;
  sql: string;
}

/**
 * The checks of what an edit touches among what bids freeze: the car, its specs, the prices and
 * the end (unchanged), and the description (only added to: the new one begins with the current).
 */
function frozenChecks(changes: Partial<Auction>): {
  checks: FrozenCheck[];
  parameters: Record<string, unknown>;
} {
  const checks: FrozenCheck[] = [];
  const parameters: Record<string, unknown> = {};
  const unchanged = (name: string, column: string, value: unknown) => {
    if (value === undefined) return;
    const parameter = `frozen_${column}`;
    parameters[parameter] = value;
    checks.push({ name, sql: value === null ? `"${column}" IS NULL` : `"${column}" = :${parameter}` });
  };
  unchanged('carId', 'car_id', changes.carId);
  unchanged('make', 'make', changes.make);
  unchanged('model', 'model', changes.model);
  unchanged('year', 'year', changes.year);
  if (changes.specs) {
    const { condition, fuelType, transmission, color, engine, features } = changes.specs;
    unchanged('specs', 'condition', condition);
    unchanged('specs', 'fuel_type', fuelType);
    unchanged('specs', 'transmission', transmission);
    unchanged('specs', 'color', color);
    unchanged('specs', 'engine', engine);
    // Stored as TypeORM's simple-json writes it.
    unchanged('specs', 'features', JSON.stringify(features));
  }
  unchanged('startingPrice', 'starting_price_cents', changes.startingPriceCents);
  unchanged('reservePrice', 'reserve_price_cents', changes.reservePriceCents);
  unchanged('minIncrement', 'min_increment_cents', changes.minIncrementCents);
  unchanged('endsAt', 'ends_at', changes.endsAt);
  if (changes.description !== undefined) {
    parameters.frozen_description = changes.description;
    checks.push({
      name: 'description',
      sql: 'SUBSTR(:frozen_description, 1, LENGTH("description")) = "description"',
    });
  }
  return { checks, parameters };
}

/**
 * Every database access of auctions and their bids. Reads join the unit of work in progress,
 * writes run in one. A state change that can race is one conditional UPDATE whose affected-row
 * count says whether it happened.
 */
@Injectable()
export class AuctionsRepository {
  constructor(private readonly transactions: TransactionsService) {}

  findById(id: number): Promise<Auction | null> {
    return this.transactions.manager.findOneBy(Auction, { id });
  }

  async findWithSeller(id: number): Promise<AuctionWithSeller | null> {
    // One query: `findOne` with a relation first selects the id alone (it limits to one row).
    const auction = await this.withSeller().where('auction.id = :id', { id }).getOne();
    return auction as AuctionWithSeller | null;
  }

  exists(id: number): Promise<boolean> {
    return this.transactions.manager.existsBy(Auction, { id });
  }

  /** The auction's seller, or null when there is no such auction. */
  async sellerOf(auctionId: number): Promise<number | null> {
    const auction = await this.transactions.manager.findOne(Auction, {
      select: { id: true, sellerId: true },
      where: { id: auctionId },
    });
    return auction?.sellerId ?? null;
  }

  /** Auctions (active by default), filtered, sorted (soonest end first by default) and paginated. */
  list(query: QueryAuctionsDto): Promise<Paginated<AuctionWithSeller>> {
    const builder = this.withSeller().where('auction.status = :status', {
      status: query.status ?? AuctionStatus.Active,
    });
    if (query.make) builder.andWhere('LOWER(auction.make) = LOWER(:make)', { make: query.make });
    if (query.model) builder.andWhere('LOWER(auction.model) = LOWER(:model)', { model: query.model });
    if (query.yearFrom !== undefined)
      builder.andWhere('auction.year >= :yearFrom', { yearFrom: query.yearFrom });
    if (query.yearTo !== undefined) builder.andWhere('auction.year <= :yearTo', { yearTo: query.yearTo });
    if (query.priceMin !== undefined) {
      builder.andWhere('auction.currentPriceCents >= :priceMin', { priceMin: toCents(query.priceMin) });
    }
    if (query.priceMax !== undefined) {
      builder.andWhere('auction.currentPriceCents <= :priceMax', { priceMax: toCents(query.priceMax) });
    }
    if (query.sellerId !== undefined)
      builder.andWhere('auction.sellerId = :sellerId', { sellerId: query.sellerId });
    if (query.endingBefore)
      builder.andWhere('auction.endsAt < :endingBefore', { endingBefore: query.endingBefore });
    applySort(builder, query.sort, SORT_COLUMNS, 'endsAt');
    return this.page(builder, query);
  }

  /** Title, description, make or model containing `q`, any status, soonest end first. */
  search(query: SearchAuctionsDto): Promise<Paginated<AuctionWithSeller>> {
    const builder = this.withSeller().where(
      "(LOWER(auction.title) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(auction.description) LIKE LOWER(:q) ESCAPE '\\' " +
        "OR LOWER(auction.make) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(auction.model) LIKE LOWER(:q) ESCAPE '\\')",
      { q: containsPattern(query.q.trim()) },
    );
    applySort(builder, undefined, SORT_COLUMNS, 'endsAt');
    return this.page(builder, query);
  }

  /** A seller's auctions in every status, soonest end first. */
  ofSeller(sellerId: number, pagination: PaginationQueryDto): Promise<Paginated<AuctionWithSeller>> {
    const builder = this.withSeller().where('auction.sellerId = :sellerId', { sellerId });
    applySort(builder, undefined, SORT_COLUMNS, 'endsAt');
    return this.page(builder, pagination);
  }

  /**
   * The number of each auction's leading bidder, by auction id: one query for them all, one index
   * lookup per auction (all of a bidder's bids in an auction carry the same number).
   */
  async leadingBidderNumbers(
    auctions: { id: number; leadingBidderId: number | null }[],
  ): Promise<Map<number, number>> {
    const led = auctions.filter((auction) => auction.leadingBidderId !== null).map((auction) => auction.id);
    if (led.length === 0) return new Map();
    const rows = await this.transactions.manager
      .createQueryBuilder(Auction, 'auction')
      .select('auction.id', 'id')
      .addSelect(
        '(SELECT bid.bidder_number FROM bids bid ' +
          'WHERE bid.bidder_id = auction.leading_bidder_id AND bid.auction_id = auction.id LIMIT 1)',
        'number',
      )
      .where('auction.id IN (:...led)', { led })
      .getRawMany<{ id: number | string; number: number | string | null }>();
    return new Map(
      rows.filter((row) => row.number !== null).map((row) => [Number(row.id), Number(row.number)]),
    );
  }

  insert(auction: NewAuction): Promise<Auction> {
    return this.transactions.run((manager) => manager.save(manager.create(Auction, auction)));
  }

  /**
   * Writes an edit of an active auction. Once it has bids, the edit must leave what they freeze as
   * it is (see `frozenChecks`): checked in this one statement, so a bid arriving meanwhile cannot
   * slip in between. Before any bid a new starting price is the current price too; after, a
   * resent one leaves the current price alone. False when nothing was written (see
   * `frozenChanges` for why).
   */
  updateUnlessFrozen(id: number, changes: Partial<Auction>): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const { checks, parameters } = frozenChecks(changes);
      const query = manager
        .createQueryBuilder()
        .update(Auction)
        .set({
          ...changes,
          ...(changes.startingPriceCents === undefined
            ? {}
            : {
                currentPriceCents: () =>
                  'CASE WHEN bid_count = 0 THEN :startingCents ELSE current_price_cents END',
              }),
        })
        .where('id = :id AND status = :active', { id, active: AuctionStatus.Active })
        .setParameters({ ...parameters, startingCents: changes.startingPriceCents ?? null });
      if (checks.length > 0) {
        query.andWhere(`(bid_count = 0 OR (${checks.map((check) => check.sql).join(' AND ')}))`);
      }
      const { affected } = await query.execute();
      return Boolean(affected);
    });
  }

  /**
   * Why `updateUnlessFrozen` wrote nothing, read right after it: the auction's status, and which
   * of the edit's frozen fields it would change (each check evaluated on the row as it is).
   */
  async frozenChanges(id: number, changes: Partial<Auction>): Promise<FrozenChanges> {
    const { checks, parameters } = frozenChecks(changes);
    const query = this.transactions.manager
      .createQueryBuilder(Auction, 'auction')
      .select('auction.status', 'status')
      .where('auction.id = :id', { id })
      .setParameters(parameters);
    checks.forEach((check, i) => query.addSelect(`CASE WHEN ${check.sql} THEN 1 ELSE 0 END`, `check_${i}`));
    const row = await query.getRawOne<Record<string, unknown>>();
    return {
      status: (row?.status as AuctionStatus | undefined) ?? null,
      changed: row ? checks.filter((_, i) => Number(row[`check_${i}`]) !== 1).map((check) => check.name) : [],
    };
  }

  /** Cancels the auction if it is still active without bids; false otherwise. */
  cancelWithoutBids(id: number, closedAt: Date): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const { affected } = await manager
        .createQueryBuilder()
        .update(Auction)
        .set({ status: AuctionStatus.Cancelled, closedAt })
        .where('id = :id AND status = :active AND bid_count = 0', { id, active: AuctionStatus.Active })
        .execute();
      return Boolean(affected);
    });
  }

  /**
   * Accepts a plain bid by one conditional UPDATE of the auction that succeeds only while the
   * auction is active, not past its end, not the bidder's own, the amount is still at least the
   * minimum, and the bid needs nothing more (see `acceptPlainBidSql`); so concurrent bids are
   * serialized by the database (across API processes, on SQLite and PostgreSQL), and every bid it
   * accepts was the highest when accepted. Returns the auction's bidding state after the UPDATE,
   * or null when it took nothing (the caller then weighs the bid under `lockForBidding`).
   */
  acceptPlainBid(offer: BidOffer): Promise<BiddingState | null> {
    const { auctionId, bidderId, amountCents, now, softEnd } = offer;
    return this.transactions.run(async (manager) => {
      const endsAt = manager.connection.getMetadata(Auction).findColumnWithPropertyName('endsAt')!;
      const { driver } = manager.connection;
      const [row] = await returning<{
        current_price_cents: number;
        bid_count: number;
        ends_at: unknown;
        starting_price_cents: number;
        min_increment_cents: number;
        reserve_price_cents: number | null;
      }>(manager, BID_SQL[dialectOf(manager)].acceptPlain, [
        auctionId,
        bidderId,
        amountCents,
        driver.preparePersistentValue(now, endsAt),
        driver.preparePersistentValue(softEnd, endsAt),
      ]);
      if (!row) return null;
      return {
        currentPriceCents: row.current_price_cents,
        bidCount: row.bid_count,
        endsAt: driver.prepareHydratedValue(row.ends_at, endsAt) as Date,
        startingPriceCents: row.starting_price_cents,
        minIncrementCents: row.min_increment_cents,
        reservePriceCents: row.reserve_price_cents,
      };
    });
  }

  /**
   * The auction, its row held by the unit of work until it ends: the bids weighed against it
   * meanwhile are serialized behind it. PostgreSQL locks the row (`FOR UPDATE`); on SQLite the unit
   * already holds the database's write lock (`BEGIN IMMEDIATE`, see AppDataSource). Run it in the
   * bid's unit of work.
   */
  lockForBidding(auctionId: number): Promise<Auction | null> {
    return this.transactions.run((manager) => {
      const query = manager
        .createQueryBuilder(Auction, 'auction')
        .where('auction.id = :auctionId', { auctionId });
      return (dialectOf(manager) === 'postgres' ? query.setLock('pessimistic_write') : query).getOne();
    });
  }

  /** Writes what a bid weighed under `lockForBidding` changed. */
  async saveBidding(auctionId: number, change: BiddingChange): Promise<void> {
    await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(Auction)
        .set(change)
        .where('id = :auctionId', { auctionId })
        .execute(),
    );
  }

  /**
   * The auction's leader as its bids say (null without bids, or when the leader's account is gone).
   * Read after a bid's UPDATE, before its INSERT, it is the leader the bid displaced.
   */
  async leaderByBids(auctionId: number): Promise<number | null> {
    const [row] = await this.transactions.read<{ bidder_id: number | null }>(
      BID_SQL[dialectOf(this.transactions.manager)].leader,
      [auctionId],
    );
    return row?.bidder_id ?? null;
  }

  /**
   * Inserts a bid under its bidder's number in the auction. Run it in the bid's unit of work after
   * the auction's UPDATE, so that concurrent first bids of two bidders get different numbers (the
   * auction's UPDATE serializes them).
   */
  insertBid(bid: NewBid): Promise<Bid> {
    return this.transactions.run(async (manager) => {
      const [row] = await returning<{ id: number; bidder_number: number; created_at: unknown }>(
        manager,
        BID_SQL[dialectOf(manager)].insert,
        [bid.auctionId, bid.bidderId, bid.amountCents, bid.maxAmountCents, bid.auto],
      );
      const createdAt = manager.connection.getMetadata(Bid).findColumnWithPropertyName('createdAt')!;
      return {
        id: row.id,
        ...bid,
        bidderNumber: row.bidder_number,
        createdAt: manager.connection.driver.prepareHydratedValue(row.created_at, createdAt) as Date,
      };
    });
  }

  /** A bid with the seller of its auction. */
  async findBid(id: number): Promise<{ bid: Bid; sellerId: number } | null> {
    const bid = await this.transactions.manager
      .createQueryBuilder(Bid, 'bid')
      .innerJoin('bid.auction', 'auction')
      .addSelect('auction.sellerId')
      .where('bid.id = :id', { id })
      .getOne();
    return bid ? { bid, sellerId: bid.auction!.sellerId } : null;
  }

  /**
   * An auction's or a bidder's bids, newest first: by id, the order they were accepted in (on
   * PostgreSQL `created_at` is the time their transaction began, which may be before an earlier
   * bid's commit).
   */
  listBids(
    where: { auctionId: number } | { bidderId: number },
    pagination: PaginationQueryDto,
  ): Promise<Paginated<Bid>> {
    const [column, value] = Object.entries(where)[0];
    const builder = this.transactions.manager
      .createQueryBuilder(Bid, 'bid')
      .where(`bid.${column} = :value`, { value })
      .orderBy('bid.id', 'DESC');
    return paginate(builder, pagination);
  }

  /**
   * Closes the auction with `status` if it is still active, past its end at `now`, and in the
   * bidding state that was read (`bidCount`): a bid that slipped in meanwhile makes it a no-op.
   */
  closeIfUnchanged(
    auctionId: number,
    close: { status: AuctionStatus.Sold | AuctionStatus.Closed; now: Date; bidCount: number },
  ): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const { affected } = await manager
        .createQueryBuilder()
        .update(Auction)
        .set({ status: close.status, closedAt: close.now })
        .where('id = :id AND status = :active AND ends_at <= :now AND bid_count = :bidCount', {
          id: auctionId,
          active: AuctionStatus.Active,
          now: close.now,
          bidCount: close.bidCount,
        })
        .execute();
      return Boolean(affected);
    });
  }

  /** Active auctions whose end is at or before `now`. */
  async overdueIds(now: Date): Promise<number[]> {
    const auctions = await this.transactions.manager.find(Auction, {
      select: { id: true },
      where: { status: AuctionStatus.Active, endsAt: LessThanOrEqual(now) },
    });
    return auctions.map((auction) => auction.id);
  }

  /** How many auctions the seller has in each status. */
  async countByStatusOf(sellerId: number): Promise<Record<AuctionStatus, number>> {
    const rows = await this.transactions.manager
      .createQueryBuilder(Auction, 'auction')
      .select('auction.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('auction.sellerId = :sellerId', { sellerId })
      .groupBy('auction.status')
      .getRawMany<{ status: AuctionStatus; count: string | number }>();
    const count = (status: AuctionStatus) => Number(rows.find((row) => row.status === status)?.count ?? 0);
    return {
      [AuctionStatus.Active]: count(AuctionStatus.Active),
      [AuctionStatus.Closed]: count(AuctionStatus.Closed),
      [AuctionStatus.Sold]: count(AuctionStatus.Sold),
      [AuctionStatus.Cancelled]: count(AuctionStatus.Cancelled),
    };
  }

  /** The seller's newest auctions, with the seller. */
  async newestOf(sellerId: number, take: number): Promise<AuctionWithSeller[]> {
    const auctions = await this.transactions.manager.find(Auction, {
      where: { sellerId },
      relations: { seller: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      take,
    });
    return auctions as AuctionWithSeller[];
  }

  /** How many auctions the user has bid on. */
  async countBidOnBy(bidderId: number): Promise<number> {
    const row = await this.transactions.manager
      .createQueryBuilder(Bid, 'bid')
      .select('COUNT(DISTINCT bid.auctionId)', 'count')
      .where('bid.bidderId = :bidderId', { bidderId })
      .getRawOne<{ count: string | number }>();
    return Number(row?.count ?? 0);
  }

  /** How many auctions in `status` the user is the leading bidder of. */
  countLedBy(bidderId: number, status: AuctionStatus): Promise<number> {
    return this.transactions.manager.countBy(Auction, { leadingBidderId: bidderId, status });
  }

  /** How many of the seller's auctions have bids (other users' bids: a seller cannot bid on their own). */
  countWithBidsOf(sellerId: number): Promise<number> {
    return this.transactions.manager
      .createQueryBuilder(Auction, 'auction')
      .innerJoin(Bid, 'bid', 'bid.auctionId = auction.id')
      .where('auction.sellerId = :sellerId', { sellerId })
      .getCount();
  }

  /**
   * PostgreSQL: locks the seller's auctions (`SELECT ... FOR UPDATE`), which a bid locks (its
   * UPDATE) before it writes a bid on them. SQLite serializes its writers, so there is nothing to do.
   */
  async lockAuctionsOf(sellerId: number): Promise<void> {
    const manager = this.transactions.manager;
    if (manager.connection.options.type !== 'postgres') return;
    await manager
      .createQueryBuilder(Auction, 'owned')
      .select('owned.id')
      .where('owned.sellerId = :sellerId', { sellerId })
      .setLock('pessimistic_write')
      .getRawMany();
  }

  countAuctions(): Promise<number> {
    return this.transactions.manager.count(Auction);
  }

  countBids(): Promise<number> {
    return this.transactions.manager.count(Bid);
  }

  private withSeller() {
    return this.transactions.manager
      .createQueryBuilder(Auction, 'auction')
      .innerJoinAndSelect('auction.seller', 'seller');
  }

  private async page(
    builder: ReturnType<AuctionsRepository['withSeller']>,
    pagination: PaginationQueryDto,
  ): Promise<Paginated<AuctionWithSeller>> {
    return (await paginate(builder, pagination)) as Paginated<AuctionWithSeller>;
  }
}

/**
 * The rows a write returns (`RETURNING`), in the unit of work of `manager`. TypeORM's SQLite runner
 * runs an INSERT or UPDATE for its change count and drops the rows, so there the statement goes to
 * the unit's connection itself; a failure is TypeORM's error all the same.
 */
async function returning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner!;
  if (dialectOf(manager) === 'postgres') return (await runner.query(sql, params, true)).records as T[];
  const connection = (await runner.connect()) as Database;
  return new Promise((resolve, reject) =>
    connection.all(sql, params, (error: Error | null, rows: T[]) =>
      error ? reject(new QueryFailedError(sql, params, error)) : resolve(rows),
    ),
  );
}
