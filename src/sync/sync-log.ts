import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { Logger } from 'pino';
import { appConfig } from '../config/app.config';

/** `<LOG_DIR>/sync_cars.log`: one JSON line per run start, committed page, problem and run end. */
@Injectable()
export class SyncLog implements OnApplicationShutdown {
  readonly logger: Logger;
  private readonly destination: pino.DestinationStream & { flushSync(): void; end(): void };

  constructor(@Inject(appConfig.KEY) config: ConfigType<typeof appConfig>) {
    mkdirSync(config.logDir, { recursive: true });
    this.destination = pino.destination({ dest: join(config.logDir, 'sync_cars.log'), sync: true });
    this.logger = pino({ base: { log: 'sync_cars' }, level: 'info' }, this.destination);
  }

  // After the worker's jobs have stopped (see GracefulWorkerShutdown), not before.
  onApplicationShutdown(): void {
    this.destination.end();
  }
}
