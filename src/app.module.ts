import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuctionsModule } from './auctions/auctions.module';
import { AuthModule } from './auth/auth.module';
import { CarsModule } from './cars/cars.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { JwtAuthGuard } from './common/guards/jwt-auth.guard';
import { RolesGuard } from './common/guards/roles.guard';
import { AppConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { FavoritesModule } from './favorites/favorites.module';
import { HealthModule } from './health/health.module';
import { loggerModule } from './logging/logger.module';
import { MarketplaceModule } from './marketplace/marketplace.module';
import { QueueRootModule } from './queue/queue-root.module';
import { RealtimeModule } from './realtime/realtime.module';
import { QueueDashboardModule } from './queue-dashboard/queue-dashboard.module';
import { RedisModule } from './redis/redis.module';
import { SyncModule } from './sync/sync.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    AppConfigModule,
    loggerModule('api.log'),
    DatabaseModule.forRoot({ runMigrations: true }),
    RedisModule,
    // First of the features: its `users/dashboard` route must be matched before `users/:id`.
    DashboardModule,
    AuthModule,
    UsersModule,
    HealthModule,
    QueueRootModule,
    CarsModule,
    SyncModule,
    MarketplaceModule,
    FavoritesModule,
    AuctionsModule,
    RealtimeModule,
    QueueDashboardModule,
  ],
  providers: [
    // Order matters: authenticate first, then check the role.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
