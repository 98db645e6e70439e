import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Listing } from './listing.entity';
import { ListingsService } from './listings.service';
import { MarketplaceController } from './marketplace.controller';
import { SalesService } from './sales.service';
import { Transaction } from './transaction.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Listing, Transaction])],
  controllers: [MarketplaceController],
  providers: [ListingsService, SalesService],
})
export class MarketplaceModule {}
