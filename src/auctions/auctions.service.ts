import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { CarsService } from '../cars/cars.service';
import { describesAnotherCar } from '../cars/dto/car-fields';
import { AuthUser } from '../common/auth-user';
import { fromCents, toCents } from '../common/money';
import { Role } from '../common/roles';
import { Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { auctionConfig } from '../config/auction.config';
import { TransactionsService } from '../database/transactions.service';
import { DASHBOARD_RECENT } from '../marketplace/dto/dashboard-marketplace.dto';
import { toCarSpecs } from '../marketplace/listings.service';
import { Auction, AuctionStatus } from './auction.entity';
import { AuctionCloseScheduler } from './auction-close.scheduler';
import { AUCTION_EVENTS, AuctionEvents } from './auction-events.port';
import { AuctionsRepository } from './auctions.repository';
import { Viewer } from './bidder-privacy';
import { AuctionDto, AuctionWithSeller, toAuctionDto } from './dto/auction.dto';
import { CreateAuctionDto } from './dto/create-auction.dto';
import { DashboardAuctionsDto } from './dto/dashboard-auctions.dto';
import { QueryAuctionsDto, SearchAuctionsDto } from './dto/query-auctions.dto';
import { ReplaceAuctionDto } from './dto/replace-auction.dto';
import { UpdateAuctionDto } from './dto/update-auction.dto';

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_MIN_INCREMENT = 1;

@Injectable()
export class AuctionsService {
  constructor(
    private readonly auctions: AuctionsRepository,
    private readonly cars: CarsService,
    private readonly transactions: TransactionsService,
    private readonly closer: AuctionCloseScheduler,
    @Inject(AUCTION_EVENTS) private readonly events: AuctionEvents,
    @Inject(auctionConfig.KEY) private readonly config: ConfigType<typeof auctionConfig>,
  ) {}

  /** Auctions (active by default), filtered, sorted (soonest end first by default) and paginated. */
  async list(viewer: AuthUser, query: QueryAuctionsDto): Promise<Paginated<AuctionDto>> {
    return this.viewPage(await this.auctions.list(query), viewer);
  }

  /** Title, description, make or model containing `q`, any status, soonest end first. */
  async search(viewer: AuthUser, query: SearchAuctionsDto): Promise<Paginated<AuctionDto>> {
    return this.viewPage(await this.auctions.search(query), viewer);
  }

  /** A seller's auctions in every status, soonest end first. */
  async ofSeller(
    viewer: AuthUser,
    sellerId: number,
    query: PaginationQueryDto,
  ): Promise<Paginated<AuctionDto>> {
    return this.viewPage(await this.auctions.ofSeller(sellerId, query), viewer);
  }

  async get(viewer: AuthUser, id: number): Promise<AuctionDto> {
    return this.view(await this.find(id), viewer);
  }

  async create(seller: AuthUser, dto: CreateAuctionDto): Promise<AuctionDto> {
    const now = new Date();
    const startsAt = dto.startsAt ?? now;
    this.assertEndsAt(dto.endsAt, startsAt);
    this.assertReserve(dto.startingPrice, dto.reservePrice);
    const auction = await this.transactions.run(async () => {
      const car = await this.cars.carOfSale(dto);
      return this.auctions.insert({
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
        leadingMaxCents: null,
        status: AuctionStatus.Active,
        startsAt,
        endsAt: dto.endsAt,
        closedAt: null,
      });
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
    const { before, after } = await this.transactions.run(async () => {
      const auction = await this.findOwnActive(seller, id);
      const changes = this.changesOf(auction, dto, replace);
      if (!(await this.auctions.updateUnlessFrozen(id, changes))) throw await this.refusal(id, changes);
      return { before: auction, after: await this.find(id) };
    });
    if (after.endsAt.getTime() !== before.endsAt.getTime()) {
      await this.closer.schedule(id, after.endsAt, before.endsAt);
    }
    // The seller's view has every field watchers hear of; the rooms hide the leader's id where due.
    const view = await this.view(after, seller);
    this.events.bidUpdate({
      auctionId: id,
      currentPrice: view.currentPrice,
      minimumBid: view.minimumBid,
      bidCount: view.bidCount,
      leadingBidderId: view.leadingBidderId ?? null,
      leadingBidderAlias: view.leadingBidderAlias,
      reserveMet: view.reserveMet,
      endsAt: view.endsAt,
    });
    return view;
  }

  /** Cancels the auction (it keeps its record); only without bids. Watchers hear of it. */
  async cancel(seller: AuthUser, id: number): Promise<void> {
    const auction = await this.transactions.run(async () => {
      const auction = await this.findOwnActive(seller, id);
      if (!(await this.auctions.cancelWithoutBids(id, new Date()))) {
        throw new ConflictException('An auction with bids cannot be deleted');
      }
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

  /** Bidder privacy: the auction's seller and admins see every bidder's id, in its events too. */
  async seesAllBidders(viewer: AuthUser, auctionId: number): Promise<boolean> {
    if (viewer.role === Role.Admin) return true;
    return (await this.auctions.sellerOf(auctionId)) === viewer.id;
  }

  /** The user's auctions for their dashboard: counts by status, bidding, and the newest ones. */
  async dashboardFor(userId: number): Promise<DashboardAuctionsDto> {
    const [byStatus, recent, biddingOn, leading, won] = await Promise.all([
      this.auctions.countByStatusOf(userId),
      this.auctions.newestOf(userId, DASHBOARD_RECENT),
      this.auctions.countBidOnBy(userId),
      this.auctions.countLedBy(userId, AuctionStatus.Active),
      this.auctions.countLedBy(userId, AuctionStatus.Sold),
    ]);
    return {
      active: byStatus[AuctionStatus.Active],
      sold: byStatus[AuctionStatus.Sold],
      closed: byStatus[AuctionStatus.Closed],
      cancelled: byStatus[AuctionStatus.Cancelled],
      biddingOn,
      leading,
      won,
      recent: await this.views(recent, { id: userId }),
    };
  }

  private async viewPage(
    page: Paginated<AuctionWithSeller>,
    viewer: AuthUser,
  ): Promise<Paginated<AuctionDto>> {
    return { ...page, data: await this.views(page.data, viewer) };
  }

  private async view(auction: AuctionWithSeller, viewer: AuthUser): Promise<AuctionDto> {
    const [dto] = await this.views([auction], viewer);
    return dto;
  }

  /** The auctions as `viewer` may see them, their leaders' aliases read in one query for them all. */
  private async views(auctions: AuctionWithSeller[], viewer: Viewer): Promise<AuctionDto[]> {
    const numbers = await this.auctions.leadingBidderNumbers(auctions);
    return auctions.map((auction) => toAuctionDto(auction, viewer, numbers.get(auction.id) ?? null));
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
   * it has bids and the edit changes what they freeze.
   */
  private async refusal(id: number, changes: Partial<Auction>): Promise<ConflictException> {
    const { status, changed } = await this.auctions.frozenChanges(id, changes);
    if (status !== AuctionStatus.Active) {
      return new ConflictException(`The auction is ${String(status ?? 'gone')} and can no longer change`);
    }
    const frozen = [...new Set(changed.filter((name) => name !== 'description'))];
    const reasons = [
      ...(frozen.length > 0 ? [`${frozen.join(', ')} can no longer change`] : []),
      ...(changed.includes('description')
        ? ['the description may only be added to (the new one must begin with the current one)']
        : []),
    ];
    return new ConflictException(
      reasons.length > 0
        ? `The auction has bids: ${reasons.join('; ')}`
        : 'The auction changed meanwhile; try again',
    );
  }

  private async find(id: number): Promise<AuctionWithSeller> {
    const auction = await this.auctions.findWithSeller(id);
    if (!auction) throw new NotFoundException(`Auction ${id} not found`);
    return auction;
  }

  private async findOwnActive(seller: AuthUser, id: number): Promise<AuctionWithSeller> {
    const auction = await this.find(id);
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
