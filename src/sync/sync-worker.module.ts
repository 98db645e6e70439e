import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CarsModule } from '../cars/cars.module';
import { CatalogueVersionModule } from '../catalogue-version/catalogue-version.module';
import { QueueName } from '../queue/queues';
import { CarApiClient } from './car-api.client';
import { carSyncProcessorProvider } from './car-sync.processor';
import { CarSyncScheduler } from './car-sync.scheduler';
import { CarSyncService } from './car-sync.service';
import { SourcePager } from './source-pager';
import { SyncLog } from './sync-log';
import { SyncRunRecorder } from './sync-run-recorder';
import { SyncRepository } from './sync.repository';

/** The worker's side of the sync: the schedule, the processor and the service it wraps. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.CarSync }), CarsModule, CatalogueVersionModule],
  providers: [
    CarApiClient,
    SourcePager,
    SyncRepository,
    SyncRunRecorder,
    CarSyncService,
    SyncLog,
    carSyncProcessorProvider,
    CarSyncScheduler,
  ],
})
export class SyncWorkerModule {}
