import { Module } from '@nestjs/common';
import { AuctionsModule } from '../auctions/auctions.module';
import { FavoritesModule } from '../favorites/favorites.module';
import { MarketplaceModule } from '../marketplace/marketplace.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/**
 * `GET /api/users/dashboard`. Import it before UsersModule: routes match in the order modules
 * register them, and `users/:id` would take `users/dashboard` for an id.
 */
@Module({
  imports: [AuctionsModule, MarketplaceModule, FavoritesModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
