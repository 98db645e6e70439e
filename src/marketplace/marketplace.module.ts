import { Module } from '@nestjs/common';
import { CarsModule } from '../cars/cars.module';
import { UsersModule } from '../users/users.module';
import { ListingsService } from './listings.service';
import { MarketplaceController } from './marketplace.controller';
import { MarketplaceRepository } from './marketplace.repository';
import { SalesDependents } from './sales-dependents';
import { SalesService } from './sales.service';

@Module({
  imports: [CarsModule, UsersModule],
  controllers: [MarketplaceController],
  providers: [MarketplaceRepository, ListingsService, SalesService, SalesDependents],
  exports: [MarketplaceRepository, ListingsService, SalesService],
})
export class MarketplaceModule {}
