import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import { syncConfig } from '../config/sync.config';

/**
 * SIGTERM in the worker: every BullMQ worker stops taking jobs and its current jobs may finish.
 * A job still running after `WORKER_SHUTDOWN_GRACE_MS` gets its abort signal; the sync then stops
 * at its next page and puts its job back in the queue. This runs before the shutdown hooks that
 * close the database and Redis connections the jobs still use.
 */
@Injectable()
export class GracefulWorkerShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulWorkerShutdown.name);

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(syncConfig.KEY) private readonly config: ConfigType<typeof syncConfig>,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const workers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker);
    this.logger.log(`${signal ?? 'Shutdown'}: finishing current jobs`);
    const deadline = setTimeout(() => {
      this.logger.warn(`Jobs still running after ${this.config.shutdownGraceMs} ms: handing them back`);
      for (const worker of workers) worker.cancelAllJobs('the worker is stopping');
    }, this.config.shutdownGraceMs);
    try {
      await Promise.all(workers.map((worker) => worker.close()));
    } finally {
      clearTimeout(deadline);
    }
  }
}
