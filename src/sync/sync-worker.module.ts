import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../queue/queues';
import { CarApiClient } from './car-api.client';
import { CarSyncProcessor } from './car-sync.processor';
import { CarSyncScheduler } from './car-sync.scheduler';
import { CarSyncService } from './car-sync.service';
import { SyncLog } from './sync-log';

/** The worker's side of the sync: the schedule, the processor and the service it wraps. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.CarSync })],
  providers: [CarApiClient, CarSyncService, SyncLog, CarSyncProcessor, CarSyncScheduler],
})
export class SyncWorkerModule {}
