import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { QueueName } from '../queues';
import { AdminOnlyMiddleware } from './admin-only.middleware';

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
export class QueueDashboardModule {}
