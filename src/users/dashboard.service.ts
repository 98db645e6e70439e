import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Auction, AuctionStatus } from '../auctions/auction.entity';
import { Bid } from '../auctions/bid.entity';
import { AuctionWithSeller, toAuctionDtos } from '../auctions/dto/auction.dto';
import { toFavoriteDto } from '../favorites/dto/favorite.dto';
import { Favorite } from '../favorites/favorite.entity';
import { fromCents } from '../common/money';
import { ListingWithSeller, toListingDto } from '../marketplace/dto/listing.dto';
import { toTransactionDto } from '../marketplace/dto/transaction.dto';
import { Listing, ListingStatus } from '../marketplace/listing.entity';
import { Transaction } from '../marketplace/transaction.entity';
import { DashboardAuctionsDto, DashboardDto, DashboardMoneyDto } from './dto/dashboard.dto';

const RECENT = 5;

/** The signed-in user's overview: counts (money summed in cents, so exact) and the newest items. */
@Injectable()
export class DashboardService {
  constructor(private readonly dataSource: DataSource) {}

  async forUser(userId: number): Promise<DashboardDto> {
    const [auctions, listingCounts, recentListings, sales, purchases, favoriteCount, recentFavorites] =
      await Promise.all([
        this.auctions(userId),
        this.dataSource
          .getRepository(Listing)
          .createQueryBuilder('listing')
          .select('listing.status', 'status')
          .addSelect('COUNT(*)', 'count')
          .where('listing.sellerId = :userId', { userId })
          .groupBy('listing.status')
          .getRawMany<{ status: ListingStatus; count: string | number }>(),
        this.dataSource.getRepository(Listing).find({
          where: { sellerId: userId },
          relations: { seller: true },
          order: { createdAt: 'DESC', id: 'DESC' },
          take: RECENT,
        }),
        this.money(userId, 'sellerId'),
        this.money(userId, 'buyerId'),
        this.dataSource.getRepository(Favorite).countBy({ userId }),
        this.dataSource
          .getRepository(Favorite)
          .find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: RECENT }),
      ]);
    const count = (status: ListingStatus) =>
      Number(listingCounts.find((row) => row.status === status)?.count ?? 0);
    return {
      auctions,
      listings: {
        active: count(ListingStatus.Active),
        sold: count(ListingStatus.Sold),
        withdrawn: count(ListingStatus.Withdrawn),
        recent: (recentListings as ListingWithSeller[]).map(toListingDto),
      },
      sales,
      purchases,
      favorites: { count: favoriteCount, recent: recentFavorites.map(toFavoriteDto) },
    };
  }

  private async auctions(userId: number): Promise<DashboardAuctionsDto> {
    const auctions = this.dataSource.getRepository(Auction);
    const [byStatus, recent, biddingOn, leading, won] = await Promise.all([
      auctions
        .createQueryBuilder('auction')
        .select('auction.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .where('auction.sellerId = :userId', { userId })
        .groupBy('auction.status')
        .getRawMany<{ status: AuctionStatus; count: string | number }>(),
      auctions.find({
        where: { sellerId: userId },
        relations: { seller: true },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: RECENT,
      }),
      this.dataSource
        .getRepository(Bid)
        .createQueryBuilder('bid')
        .select('COUNT(DISTINCT bid.auctionId)', 'count')
        .where('bid.bidderId = :userId', { userId })
        .getRawOne<{ count: string | number }>(),
      auctions.countBy({ leadingBidderId: userId, status: AuctionStatus.Active }),
      auctions.countBy({ leadingBidderId: userId, status: AuctionStatus.Sold }),
    ]);
    const count = (status: AuctionStatus) =>
      Number(byStatus.find((row) => row.status === status)?.count ?? 0);
    return {
      active: count(AuctionStatus.Active),
      sold: count(AuctionStatus.Sold),
      closed: count(AuctionStatus.Closed),
      cancelled: count(AuctionStatus.Cancelled),
      biddingOn: Number(biddingOn?.count ?? 0),
      leading,
      won,
      recent: await toAuctionDtos(this.dataSource.manager, recent as AuctionWithSeller[], { id: userId }),
    };
  }

  private async money(userId: number, side: 'sellerId' | 'buyerId'): Promise<DashboardMoneyDto> {
    const repository = this.dataSource.getRepository(Transaction);
    const [totals, recent] = await Promise.all([
      repository
        .createQueryBuilder('transaction')
        .select('COUNT(*)', 'count')
        .addSelect('COALESCE(SUM(transaction.priceCents), 0)', 'cents')
        .where(`transaction.${side} = :userId`, { userId })
        .getRawOne<{ count: string | number; cents: string | number }>(),
      repository.find({ where: { [side]: userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: RECENT }),
    ]);
    return {
      count: Number(totals?.count ?? 0),
      total: fromCents(totals?.cents ?? 0),
      recent: recent.map(toTransactionDto),
    };
  }
}
