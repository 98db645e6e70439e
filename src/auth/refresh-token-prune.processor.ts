import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { QueueName } from '../queue/queues';
import { RefreshTokenPruner } from './refresh-token-pruner.service';

/** Runs the daily prune of refresh tokens (see RefreshTokenPruner). */
@Processor(QueueName.RefreshTokenPrune)
export class RefreshTokenPruneProcessor extends WorkerHost {
  private readonly logger = new Logger(RefreshTokenPruneProcessor.name);

  constructor(private readonly pruner: RefreshTokenPruner) {
    super();
  }

  async process(): Promise<string> {
    const pruned = await this.pruner.prune();
    this.logger.log(`Pruned ${pruned} refresh token(s)`);
    return `pruned ${pruned}`;
  }
}
