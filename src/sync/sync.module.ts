import { Module } from '@nestjs/common';
import { producerQueue } from '../queue/queue-root.module';
import { QueueName } from '../queue/queues';
import { SyncController } from './sync.controller';
import { SyncRepository } from './sync.repository';
import { SyncService } from './sync.service';

/** The API's side of the sync: produces jobs and reports on them; processors live in the worker. */
@Module({
  imports: [producerQueue(QueueName.CarSync)],
  controllers: [SyncController],
  providers: [SyncService, SyncRepository],
  exports: [SyncService, SyncRepository],
})
export class SyncModule {}
