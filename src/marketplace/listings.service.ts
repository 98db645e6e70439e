import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { carOfSale } from '../cars/car-of-sale';
import { describesAnotherCar } from '../cars/dto/car-fields';
import { AuthUser } from '../common/auth-user';
import { containsPattern } from '../common/like-pattern';
import { fromCents, toCents } from '../common/money';
import { applySort, paginate, Paginated } from '../common/pagination/paginated';
import { TransactionsService } from '../database/transactions.service';
import { CreateListingDto } from './dto/create-listing.dto';
import { ListingSpecsDto } from './dto/listing-specs.dto';
import { ListingDto, ListingWithSeller, toListingDto } from './dto/listing.dto';
import { QueryListingsDto } from './dto/query-listings.dto';
import { ReplaceListingDto } from './dto/replace-listing.dto';
import { toTransactionDto, TransactionDto } from './dto/transaction.dto';
import { UpdateListingDto } from './dto/update-listing.dto';
import { CarSpecs } from './car-specs';
import { Listing, ListingStatus } from './listing.entity';
import { Transaction } from './transaction.entity';

const SORT_COLUMNS = {
  price: 'listing.priceCents',
  year: 'listing.year',
  mileage: 'listing.mileage',
  createdAt: 'listing.createdAt',
};

/** The stored specs from those sent (all cleared when absent). */
export function toCarSpecs(specs: ListingSpecsDto | undefined): CarSpecs {
  return {
    condition: specs?.condition ?? null,
    fuelType: specs?.fuelType ?? null,
    transmission: specs?.transmission ?? null,
    color: specs?.color ?? null,
    engine: specs?.engine ?? null,
    features: specs?.features ?? [],
  };
}

@Injectable()
export class ListingsService {
  constructor(
    @InjectRepository(Listing) private readonly listings: Repository<Listing>,
    private readonly transactions: TransactionsService,
  ) {}

  async list(query: QueryListingsDto): Promise<Paginated<ListingDto>> {
    const builder = this.listings
      .createQueryBuilder('listing')
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
    const page = await paginate(builder, query);
    return { ...page, data: (page.data as ListingWithSeller[]).map(toListingDto) };
  }

  async get(id: number): Promise<ListingDto> {
    return toListingDto(await this.find(this.listings.manager, id));
  }

  async create(sellerId: number, dto: CreateListingDto): Promise<ListingDto> {
    const id = await this.transactions.run(async (manager) => {
      const car = await carOfSale(manager, dto);
      const { identifiers } = await manager.insert(Listing, {
        sellerId,
        carId: dto.carId ?? null,
        make: car.make,
        model: car.model,
        year: car.year,
        priceCents: toCents(dto.price),
        mileage: dto.mileage,
        description: dto.description ?? '',
        specs: toCarSpecs(dto.specs),
        status: ListingStatus.Active,
      });
      return identifiers[0].id as number;
    });
    return this.get(id);
  }

  /** `PATCH` (only what is given) and `PUT` (`replace`: description and specs left out are cleared). */
  async update(
    user: AuthUser,
    id: number,
    dto: UpdateListingDto | ReplaceListingDto,
    replace = false,
  ): Promise<ListingDto> {
    await this.transactions.run(async (manager) => {
      const listing = await this.findOwnActiveOrWithdrawn(manager, user, id);
      const changes: Partial<Listing> = {};
      if (dto.make !== undefined) changes.make = dto.make;
      if (dto.model !== undefined) changes.model = dto.model;
      if (dto.year !== undefined) changes.year = dto.year;
      if (dto.price !== undefined) changes.priceCents = toCents(dto.price);
      if (dto.mileage !== undefined) changes.mileage = dto.mileage;
      if (dto.description !== undefined || replace) changes.description = dto.description ?? '';
      if (dto.specs !== undefined || replace) changes.specs = toCarSpecs(dto.specs);
      if (dto.status !== undefined) changes.status = dto.status;
      // Described as another car, the listing no longer points at the catalogue car it came from.
      if (describesAnotherCar(listing, changes)) changes.carId = null;
      // Still the seller's and not sold at the moment of writing (a purchase may have just won).
      const { affected } = await manager
        .createQueryBuilder()
        .update(Listing)
        .set(changes)
        .where('id = :id AND status != :sold', { id: listing.id, sold: ListingStatus.Sold })
        .execute();
      if (!affected) throw new ConflictException('This listing has been sold and can no longer change');
    });
    return this.get(id);
  }

  async remove(user: AuthUser, id: number): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.findOwnActiveOrWithdrawn(manager, user, id);
      const { affected } = await manager
        .createQueryBuilder()
        .delete()
        .from(Listing)
        .where('id = :id AND status != :sold', { id, sold: ListingStatus.Sold })
        .execute();
      if (!affected) throw new ConflictException('This listing has been sold and cannot be deleted');
    });
  }

  /**
   * Buys a listing at `expectedPrice` (the price the buyer saw), or without it at the price just
   * read. The listing is marked sold by one conditional UPDATE that only succeeds while it is
   * still active and still at that price, in the same transaction as the new transaction row: of
   * buyers racing for it, in one process or several, on SQLite or PostgreSQL, exactly one wins,
   * and a price change racing the purchase makes it fail (409) rather than charge another price.
   */
  async purchase(buyer: AuthUser, id: number, expectedPrice?: number): Promise<TransactionDto> {
    const transaction = await this.transactions.run(async (manager) => {
      const listing = await manager.findOneBy(Listing, { id });
      if (!listing) throw new NotFoundException(`Listing ${id} not found`);
      if (listing.sellerId === buyer.id) throw new ForbiddenException('You cannot buy your own listing');
      const priceCents = expectedPrice === undefined ? listing.priceCents : toCents(expectedPrice);
      const { affected } = await manager
        .createQueryBuilder()
        .update(Listing)
        .set({ status: ListingStatus.Sold })
        .where('id = :id AND status = :active AND price_cents = :priceCents', {
          id,
          active: ListingStatus.Active,
          priceCents,
        })
        .execute();
      if (!affected) throw await this.purchaseRefusal(manager, id, priceCents);
      return manager.save(
        manager.create(Transaction, {
          listingId: id,
          auctionId: null,
          buyerId: buyer.id,
          sellerId: listing.sellerId,
          priceCents,
        }),
      );
    });
    return toTransactionDto(transaction);
  }

  /** Why the purchase's UPDATE matched no row, read now: the listing left the market or its price moved. */
  private async purchaseRefusal(
    manager: EntityManager,
    id: number,
    priceCents: number,
  ): Promise<ConflictException> {
    const now = await manager.findOneBy(Listing, { id });
    if (now?.status !== ListingStatus.Active) {
      return new ConflictException(`Listing ${id} is no longer for sale`);
    }
    if (now.priceCents !== priceCents) {
      return new ConflictException(
        `The price of listing ${id} is now ${fromCents(now.priceCents)}, not ${fromCents(priceCents)}; ` +
          'nothing was bought (send the current price as expectedPrice to buy at it)',
      );
    }
    return new ConflictException(`Listing ${id} changed during the purchase; nothing was bought, try again`);
  }

  private async find(manager: EntityManager, id: number): Promise<ListingWithSeller> {
    const listing = await manager.findOne(Listing, { where: { id }, relations: { seller: true } });
    if (!listing) throw new NotFoundException(`Listing ${id} not found`);
    return listing as ListingWithSeller;
  }

  /** The caller's own listing that may still change: 404 absent, 403 someone else's, 409 sold. */
  private async findOwnActiveOrWithdrawn(
    manager: EntityManager,
    user: AuthUser,
    id: number,
  ): Promise<Listing> {
    const listing = await manager.findOneBy(Listing, { id });
    if (!listing) throw new NotFoundException(`Listing ${id} not found`);
    if (listing.sellerId !== user.id) throw new ForbiddenException('Only the seller can change this listing');
    if (listing.status === ListingStatus.Sold) {
      throw new ConflictException('This listing has been sold and can no longer change');
    }
    return listing;
  }
}
