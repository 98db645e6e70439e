import { WorkerHost } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService, NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { databaseConfig } from './config/database.config';
import { buildDataSourceOptions } from './database/database-options';
import { waitForSchema } from './database/wait-for-schema';
import { WorkerModule } from './worker.module';
import { WORKER_READY_LINE } from './worker-ready';

/** Resolves once every BullMQ worker of the context has its Redis connection. */
async function processorsRunning(app: INestApplicationContext): Promise<void> {
  const hosts = app
    .get(DiscoveryService)
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
  await Promise.all(hosts.map((host) => host.worker.waitUntilReady()));
}

async function bootstrap(): Promise<void> {
  // The API applies migrations; the worker starts its processors only on the current schema.
  await waitForSchema(buildDataSourceOptions(databaseConfig()));
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM: BullMQ workers finish (or hand back) their current job, connections close, exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
  await processorsRunning(app);
  process.stdout.write(`${WORKER_READY_LINE}\n`);
}

bootstrap().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
