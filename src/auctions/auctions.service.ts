import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { carOfSale } from '../cars/car-of-sale';
import { describesAnotherCar } from '../cars/dto/car-fields';
import { AuthUser } from '../common/auth-user';
import { containsPattern } from '../common/like-pattern';
import { fromCents, toCents } from '../common/money';
import { applySort, paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { auctionConfig } from '../config/auction.config';
import { TransactionsService } from '../database/transactions.service';
import { toCarSpecs } from '../marketplace/listings.service';
import { AuctionsGateway } from '../realtime/auctions.gateway';
import { Auction, AuctionStatus } from './auction.entity';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AuctionDto, AuctionWithSeller, toAuctionDtos } from './dto/auction.dto';
import { CreateAuctionDto } from './dto/create-auction.dto';
import { QueryAuctionsDto, SearchAuctionsDto } from './dto/query-auctions.dto';
import { ReplaceAuctionDto } from './dto/replace-auction.dto';
import { UpdateAuctionDto } from './dto/update-auction.dto';

const SORT_COLUMNS = {
  endsAt: 'auction.endsAt',
  currentPrice: 'auction.currentPriceCents',
  createdAt: 'auction.createdAt',
};
const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_MIN_INCREMENT = 1;

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

@Injectable()
export class AuctionsService {
  constructor(
    @InjectRepository(Auction) private readonly auctions: Repository<Auction>,
    private readonly transactions: TransactionsService,
    private readonly closer: AuctionCloseScheduler,
    private readonly events: AuctionsGateway,
    @Inject(auctionConfig.KEY) private readonly config: ConfigType<typeof auctionConfig>,
  ) {}

  async list(viewer: AuthUser, query: QueryAuctionsDto): Promise<Paginated<AuctionDto>> {
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
    return this.page(builder, query, viewer);
  }

  /** Title, description, make or model containing `q`, any status, soonest end first. */
  async search(viewer: AuthUser, query: SearchAuctionsDto): Promise<Paginated<AuctionDto>> {
    const builder = this.withSeller().where(
      "(LOWER(auction.title) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(auction.description) LIKE LOWER(:q) ESCAPE '\\' " +
        "OR LOWER(auction.make) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(auction.model) LIKE LOWER(:q) ESCAPE '\\')",
      { q: containsPattern(query.q.trim()) },
    );
    applySort(builder, undefined, SORT_COLUMNS, 'endsAt');
    return this.page(builder, query, viewer);
  }

  /** A seller's auctions in every status, soonest end first. */
  async ofSeller(
    viewer: AuthUser,
    sellerId: number,
    query: PaginationQueryDto,
  ): Promise<Paginated<AuctionDto>> {
    const builder = this.withSeller().where('auction.sellerId = :sellerId', { sellerId });
    applySort(builder, undefined, SORT_COLUMNS, 'endsAt');
    return this.page(builder, query, viewer);
  }

  async get(viewer: AuthUser, id: number): Promise<AuctionDto> {
    return this.view(this.auctions.manager, await this.find(this.auctions.manager, id), viewer);
  }

  async create(seller: AuthUser, dto: CreateAuctionDto): Promise<AuctionDto> {
    const now = new Date();
    const startsAt = dto.startsAt ?? now;
    this.assertEndsAt(dto.endsAt, startsAt);
    this.assertReserve(dto.startingPrice, dto.reservePrice);
    const auction = await this.transactions.run(async (manager) => {
      const car = await carOfSale(manager, dto);
      return manager.save(
        manager.create(Auction, {
          sellerId: seller.id,
          title: dto.title,
          description: dto.description ?? '',
          carId: dto.carId ?? null,
          make: car.make,
          model: car.model,
          year: car.year,
          specs: toCarSpecs(dto.specs),
          startingPriceCents: toCents(dto.startingPrice),
          reservePriceCents: dto.reservePrice === undefined ? null : toCents(dto.reservePrice),
          minIncrementCents: toCents(dto.minIncrement ?? DEFAULT_MIN_INCREMENT),
          currentPriceCents: toCents(dto.startingPrice),
          bidCount: 0,
          leadingBidderId: null,
          status: AuctionStatus.Active,
          startsAt,
          endsAt: dto.endsAt,
          closedAt: null,
        }),
      );
    });
    await this.closer.schedule(auction.id, auction.endsAt);
    return this.get(seller, auction.id);
  }

  /**
   * `PATCH` and `PUT` (`replace`). Once the auction has bids, the car, its specs, the prices and
   * the end are frozen (sending them unchanged is fine) and the description may only be added to:
   * checked in the statement that writes, so a bid arriving meanwhile cannot slip in between.
   */
  async update(
    seller: AuthUser,
    id: number,
    dto: UpdateAuctionDto | ReplaceAuctionDto,
    replace = false,
  ): Promise<AuctionDto> {
    const { before, after } = await this.transactions.run(async (manager) => {
      const auction = await this.findOwnActive(manager, seller, id);
      const changes = this.changesOf(auction, dto, replace);
      const { checks, parameters } = frozenChecks(changes);
      const query = manager
        .createQueryBuilder()
        .update(Auction)
        .set({
          ...changes,
          // Before any bid the price is the starting price; after, a resent one leaves it alone.
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
      if (!affected) throw await this.refusal(manager, id, checks, parameters);
      return { before: auction, after: await this.find(manager, id) };
    });
    if (after.endsAt.getTime() !== before.endsAt.getTime()) {
      await this.closer.schedule(id, after.endsAt, before.endsAt);
    }
    return this.view(this.auctions.manager, after, seller);
  }

  /** Cancels the auction (it keeps its record); only without bids. Watchers hear of it. */
  async cancel(seller: AuthUser, id: number): Promise<void> {
    const auction = await this.transactions.run(async (manager) => {
      const auction = await this.findOwnActive(manager, seller, id);
      const { affected } = await manager
        .createQueryBuilder()
        .update(Auction)
        .set({ status: AuctionStatus.Cancelled, closedAt: new Date() })
        .where('id = :id AND status = :active AND bid_count = 0', { id, active: AuctionStatus.Active })
        .execute();
      if (!affected) throw new ConflictException('An auction with bids cannot be deleted');
      return auction;
    });
    await this.closer.unschedule(id, auction.endsAt);
    this.events.statusChanged({
      auctionId: id,
      status: AuctionStatus.Cancelled,
      winnerId: null,
      winnerAlias: null,
      finalPrice: null,
    });
  }

  private withSeller(manager: EntityManager = this.auctions.manager) {
    return manager.createQueryBuilder(Auction, 'auction').innerJoinAndSelect('auction.seller', 'seller');
  }

  private async page(
    builder: ReturnType<AuctionsService['withSeller']>,
    query: { page: number; limit: number },
    viewer: AuthUser,
  ): Promise<Paginated<AuctionDto>> {
    const page = await paginate(builder, query);
    return {
      ...page,
      data: await toAuctionDtos(this.auctions.manager, page.data as AuctionWithSeller[], viewer),
    };
  }

  private async view(
    manager: EntityManager,
    auction: AuctionWithSeller,
    viewer: AuthUser,
  ): Promise<AuctionDto> {
    const [dto] = await toAuctionDtos(manager, [auction], viewer);
    return dto;
  }

  /** What a `PATCH` or `PUT` writes: the fields given (`PUT` clears description, specs and reserve left out). */
  private changesOf(
    auction: Auction,
    dto: UpdateAuctionDto | ReplaceAuctionDto,
    replace: boolean,
  ): Partial<Auction> {
    const changes: Partial<Auction> = {};
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.description !== undefined || replace) changes.description = dto.description ?? '';
    if (dto.specs !== undefined || replace) changes.specs = toCarSpecs(dto.specs);
    if (dto.make !== undefined) changes.make = dto.make;
    if (dto.model !== undefined) changes.model = dto.model;
    if (dto.year !== undefined) changes.year = dto.year;
    // Described as another car, the auction no longer points at the catalogue car it came from.
    if (describesAnotherCar(auction, changes)) changes.carId = null;
    const reservePrice =
      dto.reservePrice !== undefined || replace
        ? (dto.reservePrice ?? null)
        : auction.reservePriceCents === null
          ? null
          : fromCents(auction.reservePriceCents);
    this.assertReserve(dto.startingPrice ?? fromCents(auction.startingPriceCents), reservePrice ?? undefined);
    if (dto.startingPrice !== undefined) changes.startingPriceCents = toCents(dto.startingPrice);
    if (dto.reservePrice !== undefined || replace) {
      changes.reservePriceCents = reservePrice === null ? null : toCents(reservePrice);
    }
    if (dto.minIncrement !== undefined) changes.minIncrementCents = toCents(dto.minIncrement);
    if (dto.endsAt) {
      this.assertEndsAt(dto.endsAt, auction.startsAt);
      changes.endsAt = dto.endsAt;
    }
    return changes;
  }

  /**
   * Why an edit's UPDATE changed nothing, read right after it: the auction is no longer active, or
   * it has bids and the edit changes what they freeze (each check evaluated on the row as it is).
   */
  private async refusal(
    manager: EntityManager,
    id: number,
    checks: FrozenCheck[],
    parameters: Record<string, unknown>,
  ): Promise<ConflictException> {
    const query = manager
      .createQueryBuilder(Auction, 'auction')
      .select('auction.status', 'status')
      .where('auction.id = :id', { id })
      .setParameters(parameters);
    checks.forEach((check, i) => query.addSelect(`CASE WHEN ${check.sql} THEN 1 ELSE 0 END`, `check_${i}`));
    const row = await query.getRawOne<Record<string, unknown>>();
    if (row?.status !== AuctionStatus.Active) {
      return new ConflictException(
        `The auction is ${String(row?.status ?? 'gone')} and can no longer change`,
      );
    }
    const failed = checks.filter((_, i) => Number(row[`check_${i}`]) !== 1).map((check) => check.name);
    const frozen = [...new Set(failed.filter((name) => name !== 'description'))];
    const reasons = [
      ...(frozen.length > 0 ? [`${frozen.join(', ')} can no longer change`] : []),
      ...(failed.includes('description')
        ? ['the description may only be added to (the new one must begin with the current one)']
        : []),
    ];
    return new ConflictException(
      reasons.length > 0
        ? `The auction has bids: ${reasons.join('; ')}`
        : 'The auction changed meanwhile; try again',
    );
  }

  private async find(manager: EntityManager, id: number): Promise<AuctionWithSeller> {
    // One query: `findOne` with a relation first selects the id alone (it limits to one row).
    const auction = await this.withSeller(manager).where('auction.id = :id', { id }).getOne();
    if (!auction) throw new NotFoundException(`Auction ${id} not found`);
    return auction as AuctionWithSeller;
  }

  private async findOwnActive(
    manager: EntityManager,
    seller: AuthUser,
    id: number,
  ): Promise<AuctionWithSeller> {
    const auction = await this.find(manager, id);
    if (auction.sellerId !== seller.id)
      throw new ForbiddenException('Only the seller can change this auction');
    if (auction.status !== AuctionStatus.Active) {
      throw new ConflictException(`The auction is ${auction.status} and can no longer change`);
    }
    return auction;
  }

  private assertEndsAt(endsAt: Date, startsAt: Date): void {
    const now = Date.now();
    if (endsAt.getTime() <= Math.max(now, startsAt.getTime())) {
      throw new BadRequestException('endsAt must be in the future and after startsAt');
    }
    if (endsAt.getTime() > now + this.config.maxDays * DAY_MS) {
      throw new BadRequestException(`endsAt must be at most ${this.config.maxDays} days ahead`);
    }
  }

  private assertReserve(startingPrice: number, reservePrice: number | undefined): void {
    if (reservePrice !== undefined && reservePrice < startingPrice) {
      throw new BadRequestException('reservePrice must not be below startingPrice');
    }
  }
}
