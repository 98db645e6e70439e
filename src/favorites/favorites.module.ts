import { Module } from '@nestjs/common';
import { AuctionsModule } from '../auctions/auctions.module';
import { MarketplaceModule } from '../marketplace/marketplace.module';
import { FavoritesController } from './favorites.controller';
import { FavoritesRepository } from './favorites.repository';
import { FavoritesService } from './favorites.service';

@Module({
  imports: [MarketplaceModule, AuctionsModule],
  controllers: [FavoritesController],
  providers: [FavoritesRepository, FavoritesService],
  exports: [FavoritesRepository, FavoritesService],
})
export class FavoritesModule {}
