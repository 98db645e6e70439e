import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { redisConfig } from '../config/redis.config';
import { bullConnection } from '../queue/queue-root.module';
import { QueueName } from '../queue/queues';
import { SyncRun } from './sync-run.entity';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';

/** The API's side of the sync: produces jobs and reports on them; processors live in the worker. */
@Module({
  imports: [
    BullModule.registerQueueAsync({
      name: QueueName.CarSync,
      inject: [redisConfig.KEY],
      // A request must not wait minutes for a Redis that is away: fail fast, answer 503.
      useFactory: (config: ConfigType<typeof redisConfig>) => ({
        connection: { ...bullConnection(config.url), enableOfflineQueue: false, connectTimeout: 2_000 },
      }),
    }),
    TypeOrmModule.forFeature([SyncRun]),
  ],
  controllers: [SyncController],
  providers: [SyncService],
})
export class SyncModule {}
