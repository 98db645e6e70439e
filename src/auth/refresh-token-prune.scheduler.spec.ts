import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { testRedisUrl } from '../../test/support/redis';
import { bullConnection } from '../queue/queue-root.module';
import { QueueName, REFRESH_TOKEN_PRUNE_EVERY_MS, REFRESH_TOKEN_PRUNE_SCHEDULER_ID } from '../queue/queues';
import { WorkerModule } from '../worker.module';
import { AuthRepository } from './auth.repository';
import { AuthWorkerModule } from './auth-worker.module';
import { RefreshTokenPruner } from './refresh-token-pruner.service';

describe('The refresh-token prune schedule on a real Redis', () => {
  // The Jest worker's own logical database, under a prefix of this file's own.
  const url = testRedisUrl();
  const prefix = `prune-schedule-spec-${process.pid}`;
  const started: INestApplicationContext[] = [];

  /** AuthWorkerModule as the worker starts it, on BullMQ of the test Redis, without a database. */
  async function startWorkerSide(): Promise<Queue> {
    const moduleRef = await Test.createTestingModule({
      imports: [BullModule.forRoot({ connection: bullConnection(url), prefix }), AuthWorkerModule],
    })
      .overrideProvider(AuthRepository)
      .useValue({})
      .overrideProvider(RefreshTokenPruner)
      .useValue({ prune: async () => 0 })
      .compile();
    const app = await moduleRef.init();
    started.push(app);
    return app.get<Queue>(getQueueToken(QueueName.RefreshTokenPrune));
  }

  afterAll(async () => {
    const queue = started[0]?.get<Queue>(getQueueToken(QueueName.RefreshTokenPrune));
    await queue?.obliterate({ force: true });
    for (const app of started) await app.close();
  });

  it('is part of the worker process', () => {
    const imports = Reflect.getMetadata(MODULE_METADATA.IMPORTS, WorkerModule) as unknown[];
    expect(imports).toContain(AuthWorkerModule);
  });

  it('registers one daily schedule at start, and a restart keeps it one', async () => {
    const queue = await startWorkerSide();
    const expected = [{ key: REFRESH_TOKEN_PRUNE_SCHEDULER_ID, every: REFRESH_TOKEN_PRUNE_EVERY_MS }];
    expect(await queue.getJobSchedulers()).toMatchObject(expected);
    await startWorkerSide();
    expect(await queue.getJobSchedulers()).toMatchObject(expected);
    expect(await queue.getJobSchedulersCount()).toBe(1);
  });
});
