import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';

/**
 * Runs `register` (idempotent: upserts of job schedulers, queue settings) now, and again each time
 * the queue's Redis connection is ready after a reconnect: a Redis that comes back without its data
 * (memory-only, or restored from an old snapshot) has lost them.
 */
export async function keepRegistered(
  queue: Queue,
  register: () => Promise<void>,
  logger: Logger,
): Promise<void> {
  await register();
  queue.getBackend().on('ready', () => {
    register().catch((error: Error) =>
      logger.warn(`Could not register again after a reconnect: ${error.message}`),
    );
  });
}
