import { Injectable } from '@nestjs/common';
import { containsPattern } from '../common/like-pattern';
import { toCents } from '../common/money';
import { applySort, paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { TransactionsService } from '../database/transactions.service';
import { ListingWithSeller } from './dto/listing.dto';
import { QueryListingsDto } from './dto/query-listings.dto';
import { Listing, ListingStatus } from './listing.entity';
import { Transaction } from './transaction.entity';

const SORT_COLUMNS = {
  price: 'listing.priceCents',
  year: 'listing.year',
  mileage: 'listing.mileage',
  createdAt: 'listing.createdAt',
};

/** A new listing's stored fields. */
export type NewListing = Pick<
  Listing,
  | 'sellerId'
  | 'carId'
  | 'make'
  | 'model'
  | 'year'
  | 'priceCents'
  | 'mileage'
  | 'description'
  | 'specs'
  | 'status'
>;

/** A sale: who sold to whom at what price (a listing's purchase or an auction's close). */
export interface Sale {
  sellerId: number;
  buyerId: number;
  priceCents: number;
}

/** Which side of a sale the user is on: `seller` for their sales, `buyer` for their purchases. */
export type SaleSide = 'seller' | 'buyer';

const SIDE_COLUMN = { seller: 'sellerId', buyer: 'buyerId' } as const;

/** Every database access of the marketplace: listings and transactions (sale records). */
@Injectable()
export class MarketplaceRepository {
  constructor(private readonly transactions: TransactionsService) {}

  /** Listings with their seller (active by default), filtered, sorted and paginated. */
  listListings(query: QueryListingsDto): Promise<Paginated<ListingWithSeller>> {
    const builder = this.transactions.manager
      .createQueryBuilder(Listing, 'listing')
      .innerJoinAndSelect('listing.seller', 'seller')
      .where('listing.status = :status', { status: query.status ?? ListingStatus.Active });
    if (query.make) builder.andWhere('LOWER(listing.make) = LOWER(:make)', { make: query.make });
    if (query.model) builder.andWhere('LOWER(listing.model) = LOWER(:model)', { model: query.model });
    if (query.yearFrom !== undefined)
      builder.andWhere('listing.year >= :yearFrom', { yearFrom: query.yearFrom });
    if (query.yearTo !== undefined) builder.andWhere('listing.year <= :yearTo', { yearTo: query.yearTo });
    if (query.priceMin !== undefined) {
      builder.andWhere('listing.priceCents >= :priceMin', { priceMin: toCents(query.priceMin) });
    }
    if (query.priceMax !== undefined) {
      builder.andWhere('listing.priceCents <= :priceMax', { priceMax: toCents(query.priceMax) });
    }
    if (query.sellerId !== undefined)
      builder.andWhere('listing.sellerId = :sellerId', { sellerId: query.sellerId });
    if (query.q) {
      builder.andWhere(
        "(LOWER(listing.make) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(listing.model) LIKE LOWER(:q) ESCAPE '\\' " +
          "OR LOWER(listing.description) LIKE LOWER(:q) ESCAPE '\\')",
        { q: containsPattern(query.q) },
      );
    }
    applySort(builder, query.sort, SORT_COLUMNS, '-createdAt');
    return paginate(builder, query) as Promise<Paginated<ListingWithSeller>>;
  }

  findListing(id: number): Promise<Listing | null> {
    return this.transactions.manager.findOneBy(Listing, { id });
  }

  async findListingWithSeller(id: number): Promise<ListingWithSeller | null> {
    const listing = await this.transactions.manager.findOne(Listing, {
      where: { id },
      relations: { seller: true },
    });
    return listing as ListingWithSeller | null;
  }

  listingExists(id: number): Promise<boolean> {
    return this.transactions.manager.existsBy(Listing, { id });
  }

  /** Inserts the listing; returns its id. */
  insertListing(listing: NewListing): Promise<number> {
    return this.transactions.run(async (manager) => {
      const { identifiers } = await manager.insert(Listing, listing);
      return identifiers[0].id as number;
    });
  }

  /** Applies the changes unless the listing is sold by now; false when nothing changed. */
  updateListingUnlessSold(id: number, changes: Partial<Listing>): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const { affected } = await manager
        .createQueryBuilder()
        .update(Listing)
        .set(changes)
        .where('id = :id AND status != :sold', { id, sold: ListingStatus.Sold })
        .execute();
      return Boolean(affected);
    });
  }

  /** Deletes the listing unless it is sold by now; false when there was nothing to delete. */
  deleteListingUnlessSold(id: number): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const { affected } = await manager
        .createQueryBuilder()
        .delete()
        .from(Listing)
        .where('id = :id AND status != :sold', { id, sold: ListingStatus.Sold })
        .execute();
      return Boolean(affected);
    });
  }

  /**
   * Sells the listing: one conditional UPDATE marks it sold only while it is still active and
   * still at `priceCents`, then the sale's transaction row is written in the same unit of work.
   * Of buyers racing for it, the UPDATE lets exactly one through; the others get null.
   */
  sellListing(listingId: number, sale: Sale): Promise<Transaction | null> {
    return this.transactions.run(async (manager) => {
      const { affected } = await manager
        .createQueryBuilder()
        .update(Listing)
        .set({ status: ListingStatus.Sold })
        .where('id = :id AND status = :active AND price_cents = :priceCents', {
          id: listingId,
          active: ListingStatus.Active,
          priceCents: sale.priceCents,
        })
        .execute();
      if (!affected) return null;
      return manager.save(manager.create(Transaction, { listingId, auctionId: null, ...sale }));
    });
  }

  /** The transaction row of an auction's sale, written in the closing unit of work. */
  recordAuctionSale({ auctionId, ...sale }: Sale & { auctionId: number }): Promise<Transaction> {
    return this.transactions.run((manager) =>
      manager.save(manager.create(Transaction, { auctionId, listingId: null, ...sale })),
    );
  }

  /** The user's transactions, newest first: as buyer, as seller, or both when `side` is absent. */
  listTransactionsOf(
    userId: number,
    side: SaleSide | undefined,
    pagination: PaginationQueryDto,
  ): Promise<Paginated<Transaction>> {
    const builder = this.transactions.manager.createQueryBuilder(Transaction, 'transaction');
    if (side) builder.where(`transaction.${SIDE_COLUMN[side]} = :id`, { id: userId });
    else builder.where('(transaction.buyerId = :id OR transaction.sellerId = :id)', { id: userId });
    builder.orderBy('transaction.createdAt', 'DESC').addOrderBy('transaction.id', 'DESC');
    return paginate(builder, pagination);
  }

  /** The transaction if the user is its buyer or its seller. */
  findTransactionOf(userId: number, id: number): Promise<Transaction | null> {
    return this.transactions.manager
      .createQueryBuilder(Transaction, 'transaction')
      .where('transaction.id = :id AND (transaction.buyerId = :user OR transaction.sellerId = :user)', {
        id,
        user: userId,
      })
      .getOne();
  }

  /** How many listings the seller has in each status. */
  async countListingsByStatus(sellerId: number): Promise<Record<ListingStatus, number>> {
    const rows = await this.transactions.manager
      .createQueryBuilder(Listing, 'listing')
      .select('listing.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('listing.sellerId = :sellerId', { sellerId })
      .groupBy('listing.status')
      .getRawMany<{ status: ListingStatus; count: string | number }>();
    const count = (status: ListingStatus) => Number(rows.find((row) => row.status === status)?.count ?? 0);
    return {
      [ListingStatus.Active]: count(ListingStatus.Active),
      [ListingStatus.Sold]: count(ListingStatus.Sold),
      [ListingStatus.Withdrawn]: count(ListingStatus.Withdrawn),
    };
  }

  /** The seller's newest listings, with the seller. */
  async newestListingsOf(sellerId: number, take: number): Promise<ListingWithSeller[]> {
    const listings = await this.transactions.manager.find(Listing, {
      where: { sellerId },
      relations: { seller: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      take,
    });
    return listings as ListingWithSeller[];
  }

  /** The number of the user's sales or purchases and their sum in cents (summed by the database, exact). */
  async saleTotalsOf(userId: number, side: SaleSide): Promise<{ count: number; cents: number }> {
    const totals = await this.transactions.manager
      .createQueryBuilder(Transaction, 'transaction')
      .select('COUNT(*)', 'count')
      .addSelect('COALESCE(SUM(transaction.priceCents), 0)', 'cents')
      .where(`transaction.${SIDE_COLUMN[side]} = :userId`, { userId })
      .getRawOne<{ count: string | number; cents: string | number }>();
    return { count: Number(totals?.count ?? 0), cents: Number(totals?.cents ?? 0) };
  }

  /** The user's newest sales or purchases. */
  newestTransactionsOf(userId: number, side: SaleSide, take: number): Promise<Transaction[]> {
    return this.transactions.manager.find(Transaction, {
      where: { [SIDE_COLUMN[side]]: userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take,
    });
  }

  /** How many transactions the user is the seller (`seller`) or the buyer (`buyer`) of. */
  countTransactionsOf(userId: number, side: SaleSide): Promise<number> {
    return this.transactions.manager.countBy(Transaction, { [SIDE_COLUMN[side]]: userId });
  }

  countListings(): Promise<number> {
    return this.transactions.manager.count(Listing);
  }

  countTransactions(): Promise<number> {
    return this.transactions.manager.count(Transaction);
  }

  /**
   * PostgreSQL: locks the user's listings (`SELECT ... FOR UPDATE`), which a purchase locks
   * before it writes a sale of them. SQLite serializes its writers, so there is nothing to do.
   */
  async lockListingsOf(sellerId: number): Promise<void> {
    const manager = this.transactions.manager;
    if (manager.connection.options.type !== 'postgres') return;
    await manager
      .createQueryBuilder(Listing, 'owned')
      .select('owned.id')
      .where('owned.sellerId = :sellerId', { sellerId })
      .setLock('pessimistic_write')
      .getRawMany();
  }
}
