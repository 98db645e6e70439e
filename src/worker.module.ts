import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuctionsWorkerModule } from './auctions/auctions-worker.module';
import { AuthWorkerModule } from './auth/auth-worker.module';
import { AppConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { loggerModule } from './logging/logger.module';
import { GracefulWorkerShutdown } from './queue/graceful-worker-shutdown';
import { QueueRootModule } from './queue/queue-root.module';
import { RealtimeWorkerModule } from './realtime/realtime-worker.module';
import { RedisModule } from './redis/redis.module';
import { SyncWorkerModule } from './sync/sync-worker.module';

/** The worker process: queues' processors and schedules, no HTTP. */
@Module({
  imports: [
    AppConfigModule,
    loggerModule('worker.log'),
    DatabaseModule.forRoot({ runMigrations: false }),
    QueueRootModule,
    // The catalogue version, which the sync moves.
    RedisModule,
    SyncWorkerModule,
    AuctionsWorkerModule,
    RealtimeWorkerModule,
    AuthWorkerModule,
    DiscoveryModule,
  ],
  providers: [GracefulWorkerShutdown],
})
export class WorkerModule {}
