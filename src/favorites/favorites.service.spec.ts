import { NotFoundException } from '@nestjs/common';
import { FakeTransactions } from '../../test/support/fake-transactions';
import { AuctionsRepository } from '../auctions/auctions.repository';
import { MarketplaceRepository } from '../marketplace/marketplace.repository';
import { FavoriteTarget } from './dto/favorite.dto';
import { FavoritesRepository } from './favorites.repository';
import { FavoritesService } from './favorites.service';

describe('FavoritesService.add', () => {
  const LISTING = 10;
  const AUCTION = 20;
  let saved: { userId: number; target: FavoriteTarget; inUnit: boolean }[];
  let checkedInUnit: boolean[];
  let service: FavoritesService;

  beforeEach(() => {
    const transactions = new FakeTransactions();
    saved = [];
    checkedInUnit = [];
    const exists = (id: number, existing: number) => {
      checkedInUnit.push(transactions.inUnit);
      return Promise.resolve(id === existing);
    };
    const favorites = {
      add: (userId: number, target: FavoriteTarget) => {
        saved.push({ userId, target, inUnit: transactions.inUnit });
        return Promise.resolve();
      },
    };
    service = new FavoritesService(
      favorites as unknown as FavoritesRepository,
      { listingExists: (id: number) => exists(id, LISTING) } as unknown as MarketplaceRepository,
      { exists: (id: number) => exists(id, AUCTION) } as unknown as AuctionsRepository,
      transactions.asService(),
    );
  });

  it.each<FavoriteTarget>([{ listingId: LISTING }, { auctionId: AUCTION }])(
    'saves %o after finding it, in the same unit of work',
    async (target) => {
      await service.add(7, target);
      expect(saved).toEqual([{ userId: 7, target, inUnit: true }]);
      expect(checkedInUnit).toEqual([true]);
    },
  );

  it.each<[FavoriteTarget, string]>([
    [{ listingId: AUCTION }, 'Listing not found'],
    [{ auctionId: LISTING }, 'Auction not found'],
  ])('answers 404 for %o that does not exist and saves nothing', async (target, message) => {
    const error = await service.add(7, target).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as NotFoundException).message).toBe(message);
    expect(saved).toEqual([]);
  });
});
