import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { TransactionsService } from '../database/transactions.service';
import { Auction } from '../auctions/auction.entity';
import { Listing } from '../marketplace/listing.entity';
import { FavoriteDto, toFavoriteDto } from './dto/favorite.dto';
import { Favorite } from './favorite.entity';

/** A favorite's target: a listing or an auction. */
export type FavoriteTarget = { listingId: number } | { auctionId: number };

/** What a user saved. Adding twice or removing what is not there is harmless (idempotent). */
@Injectable()
export class FavoritesService {
  constructor(
    @InjectRepository(Favorite) private readonly favorites: Repository<Favorite>,
    private readonly transactions: TransactionsService,
  ) {}

  async list(userId: number, query: PaginationQueryDto): Promise<Paginated<FavoriteDto>> {
    const builder = this.favorites
      .createQueryBuilder('favorite')
      .where('favorite.userId = :userId', { userId })
      .orderBy('favorite.createdAt', 'DESC')
      .addOrderBy('favorite.id', 'DESC');
    const page = await paginate(builder, query);
    return { ...page, data: page.data.map(toFavoriteDto) };
  }

  /** Saves a listing or an auction (a second save keeps one); 404 when it does not exist. */
  async add(userId: number, target: FavoriteTarget): Promise<void> {
    await this.transactions.run(async (manager) => {
      const exists =
        'listingId' in target
          ? await manager.existsBy(Listing, { id: target.listingId })
          : await manager.existsBy(Auction, { id: target.auctionId });
      if (!exists) throw new NotFoundException(`${'listingId' in target ? 'Listing' : 'Auction'} not found`);
      await manager
        .createQueryBuilder()
        .insert()
        .into(Favorite)
        .values({ userId, listingId: null, auctionId: null, ...target })
        .orIgnore()
        .execute();
    });
  }

  async remove(userId: number, target: FavoriteTarget): Promise<void> {
    await this.transactions.run((manager) => manager.delete(Favorite, { userId, ...target }));
  }

  isFavorite(userId: number, target: FavoriteTarget): Promise<boolean> {
    return this.favorites.existsBy({ userId, ...target });
  }
}
