import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../queue/queues';
import { AuthRepository } from './auth.repository';
import { RefreshTokenPruneProcessor } from './refresh-token-prune.processor';
import { RefreshTokenPruneScheduler } from './refresh-token-prune.scheduler';
import { RefreshTokenPruner } from './refresh-token-pruner.service';

/** The worker's side of auth: the daily prune of dead refresh tokens. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.RefreshTokenPrune })],
  providers: [AuthRepository, RefreshTokenPruner, RefreshTokenPruneProcessor, RefreshTokenPruneScheduler],
})
export class AuthWorkerModule {}
