import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { producerQueue } from '../queue/queue-root.module';
import { QueueName } from '../queue/queues';
import { SyncRun } from './sync-run.entity';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';

/** The API's side of the sync: produces jobs and reports on them; processors live in the worker. */
@Module({
  imports: [producerQueue(QueueName.CarSync), TypeOrmModule.forFeature([SyncRun])],
  controllers: [SyncController],
  providers: [SyncService],
})
export class SyncModule {}
