import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { databaseConfig } from './config/database.config';
import { buildDataSourceOptions } from './database/database-options';
import { waitForSchema } from './database/wait-for-schema';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  // The API applies migrations; the worker starts its processors only on the current schema.
  await waitForSchema(buildDataSourceOptions(databaseConfig()));
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM: BullMQ workers finish (or hand back) their current job, connections close, exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
}

bootstrap().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
