import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuctionsModule } from '../auctions/auctions.module';
import { CarsModule } from '../cars/cars.module';
import { MarketplaceModule } from '../marketplace/marketplace.module';
import { SyncModule } from '../sync/sync.module';
import { UsersModule } from '../users/users.module';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis.health';
import { StatsService } from './stats.service';

@Module({
  imports: [TerminusModule, UsersModule, CarsModule, MarketplaceModule, AuctionsModule, SyncModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, StatsService],
})
export class HealthModule {}
