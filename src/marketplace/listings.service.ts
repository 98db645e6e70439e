import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { CarsService } from '../cars/cars.service';
import { describesAnotherCar } from '../cars/dto/car-fields';
import { AuthUser } from '../common/auth-user';
import { fromCents, toCents } from '../common/money';
import { Paginated } from '../common/pagination/paginated';
import { TransactionsService } from '../database/transactions.service';
import { CreateListingDto } from './dto/create-listing.dto';
import { DASHBOARD_RECENT, DashboardListingsDto } from './dto/dashboard-marketplace.dto';
import { ListingSpecsDto } from './dto/listing-specs.dto';
import { ListingDto, toListingDto } from './dto/listing.dto';
import { QueryListingsDto } from './dto/query-listings.dto';
import { ReplaceListingDto } from './dto/replace-listing.dto';
import { toTransactionDto, TransactionDto } from './dto/transaction.dto';
import { UpdateListingDto } from './dto/update-listing.dto';
import { CarSpecs } from './car-specs';
import { Listing, ListingStatus } from './listing.entity';
import { MarketplaceRepository } from './marketplace.repository';

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
    private readonly market: MarketplaceRepository,
    private readonly cars: CarsService,
    private readonly transactions: TransactionsService,
  ) {}

  async list(query: QueryListingsDto): Promise<Paginated<ListingDto>> {
    const page = await this.market.listListings(query);
    return { ...page, data: page.data.map(toListingDto) };
  }

  async get(id: number): Promise<ListingDto> {
    const listing = await this.market.findListingWithSeller(id);
    if (!listing) throw new NotFoundException(`Listing ${id} not found`);
    return toListingDto(listing);
  }

  async create(sellerId: number, dto: CreateListingDto): Promise<ListingDto> {
    const id = await this.transactions.run(async () => {
      const car = await this.cars.carOfSale(dto);
      return this.market.insertListing({
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
    await this.transactions.run(async () => {
      const listing = await this.findOwnActiveOrWithdrawn(user, id);
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
      if (!(await this.market.updateListingUnlessSold(listing.id, changes))) {
        throw new ConflictException('This listing has been sold and can no longer change');
      }
    });
    return this.get(id);
  }

  async remove(user: AuthUser, id: number): Promise<void> {
    await this.transactions.run(async () => {
      await this.findOwnActiveOrWithdrawn(user, id);
      if (!(await this.market.deleteListingUnlessSold(id))) {
        throw new ConflictException('This listing has been sold and cannot be deleted');
      }
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
    const transaction = await this.transactions.run(async () => {
      const listing = await this.market.findListing(id);
      if (!listing) throw new NotFoundException(`Listing ${id} not found`);
      if (listing.sellerId === buyer.id) throw new ForbiddenException('You cannot buy your own listing');
      const priceCents = expectedPrice === undefined ? listing.priceCents : toCents(expectedPrice);
      const sold = await this.market.sellListing(id, {
        sellerId: listing.sellerId,
        buyerId: buyer.id,
        priceCents,
      });
      if (!sold) throw await this.purchaseRefusal(id, priceCents);
      return sold;
    });
    return toTransactionDto(transaction);
  }

  /** The seller's listings by status and the newest of them, for their dashboard. */
  async dashboardFor(userId: number): Promise<DashboardListingsDto> {
    const [counts, recent] = await Promise.all([
      this.market.countListingsByStatus(userId),
      this.market.newestListingsOf(userId, DASHBOARD_RECENT),
    ]);
    return {
      active: counts[ListingStatus.Active],
      sold: counts[ListingStatus.Sold],
      withdrawn: counts[ListingStatus.Withdrawn],
      recent: recent.map(toListingDto),
    };
  }

  /** Why the purchase's UPDATE matched no row, read now: the listing left the market or its price moved. */
  private async purchaseRefusal(id: number, priceCents: number): Promise<ConflictException> {
    const now = await this.market.findListing(id);
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

  /** The caller's own listing that may still change: 404 absent, 403 someone else's, 409 sold. */
  private async findOwnActiveOrWithdrawn(user: AuthUser, id: number): Promise<Listing> {
    const listing = await this.market.findListing(id);
    if (!listing) throw new NotFoundException(`Listing ${id} not found`);
    if (listing.sellerId !== user.id) throw new ForbiddenException('Only the seller can change this listing');
    if (listing.status === ListingStatus.Sold) {
      throw new ConflictException('This listing has been sold and can no longer change');
    }
    return listing;
  }
}
