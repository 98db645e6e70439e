import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { errorHandler } from '@bull-board/api/dist/handlers/error.js';
import { ExpressAdapter } from '@bull-board/express';
import { BULL_BOARD_ADAPTER, BullBoardModule } from '@bull-board/nestjs';
import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { QueueName } from '../queue/queues';
import { AdminOnlyMiddleware } from './admin-only.middleware';

/** Errors of a Redis connection that is down (BullMQ's producer connections fail fast, offline). */
const REDIS_DOWN = /enableOfflineQueue|Connection is closed|ECONNREFUSED|ETIMEDOUT|Command timed out/;

/**
 * The BullMQ dashboard (bull-board) at `/api/admin/queues`, for admins: the sync and auction-close
 * queues, their jobs and schedules, with retry and clean actions. Its queues are the API's
 * producer queues, registered by the sync and auctions modules.
 */
@Module({
  imports: [
    BullBoardModule.forRoot({
      route: '/admin/queues',
      adapter: ExpressAdapter,
      middleware: AdminOnlyMiddleware,
      boardOptions: { uiConfig: { boardTitle: 'Car platform queues' } },
    }),
    BullBoardModule.forFeature(
      { name: QueueName.CarSync, adapter: BullMQAdapter },
      { name: QueueName.AuctionClose, adapter: BullMQAdapter },
    ),
  ],
})
export class QueueDashboardModule implements OnModuleInit {
  constructor(@Inject(BULL_BOARD_ADAPTER) private readonly adapter: ExpressAdapter) {}

  /** While Redis is away the dashboard's API answers 503, like the rest of the API, not 500. */
  onModuleInit(): void {
    this.adapter.setErrorHandler((error) =>
      errorHandler(
        REDIS_DOWN.test(error.message)
          ? Object.assign(new Error('The job queue (Redis) is unavailable; try again shortly'), {
              statusCode: 503,
            })
          : error,
      ),
    );
  }
}
