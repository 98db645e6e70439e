import { Injectable } from '@nestjs/common';
import { paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { TransactionsService } from '../database/transactions.service';
import { FavoriteTarget } from './dto/favorite.dto';
import { Favorite } from './favorite.entity';

/** Every database access of favorites. */
@Injectable()
export class FavoritesRepository {
  constructor(private readonly transactions: TransactionsService) {}

  /** The user's favorites, newest first. */
  listOf(userId: number, pagination: PaginationQueryDto): Promise<Paginated<Favorite>> {
    const builder = this.transactions.manager
      .createQueryBuilder(Favorite, 'favorite')
      .where('favorite.userId = :userId', { userId })
      .orderBy('favorite.createdAt', 'DESC')
      .addOrderBy('favorite.id', 'DESC');
    return paginate(builder, pagination);
  }

  /** Saves the target for the user; a second save keeps the one row (the unique index ignores it). */
  async add(userId: number, target: FavoriteTarget): Promise<void> {
    await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(Favorite)
        .values({ userId, listingId: null, auctionId: null, ...target })
        .orIgnore()
        .execute(),
    );
  }

  async remove(userId: number, target: FavoriteTarget): Promise<void> {
    await this.transactions.run((manager) => manager.delete(Favorite, { userId, ...target }));
  }

  exists(userId: number, target: FavoriteTarget): Promise<boolean> {
    return this.transactions.manager.existsBy(Favorite, { userId, ...target });
  }

  countOf(userId: number): Promise<number> {
    return this.transactions.manager.countBy(Favorite, { userId });
  }

  newestOf(userId: number, take: number): Promise<Favorite[]> {
    return this.transactions.manager.find(Favorite, {
      where: { userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take,
    });
  }
}
