import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { TransactionsService } from '../database/transactions.service';
import { Listing } from '../marketplace/listing.entity';
import { FavoriteDto, toFavoriteDto } from './dto/favorite.dto';
import { Favorite } from './favorite.entity';

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

  async addListing(userId: number, listingId: number): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (!(await manager.existsBy(Listing, { id: listingId }))) {
        throw new NotFoundException(`Listing ${listingId} not found`);
      }
      await manager
        .createQueryBuilder()
        .insert()
        .into(Favorite)
        .values({ userId, listingId, auctionId: null })
        .orIgnore()
        .execute();
    });
  }

  async removeListing(userId: number, listingId: number): Promise<void> {
    await this.transactions.run((manager) => manager.delete(Favorite, { userId, listingId }));
  }

  isListingFavorite(userId: number, listingId: number): Promise<boolean> {
    return this.favorites.existsBy({ userId, listingId });
  }
}
