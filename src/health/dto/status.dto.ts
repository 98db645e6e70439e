import { HealthCheckStatus } from '@nestjs/terminus';
import { SyncRunDto } from '../../sync/dto/sync.dto';

export class StatusDto {
  status!: 'ok';
  version!: string;
  /** Seconds since this process started. */
  uptime!: number;
}

export class HealthDto {
  /** `ok` when every dependency answers, else `error` (with HTTP 503). */
  status!: HealthCheckStatus;
  /** One entry per dependency: `{ status: "up" | "down", message? }`. */
  checks!: Record<string, { status: string; message?: string }>;
}

export class StatsDto {
  users!: number;
  /** Cars in the catalogue (not counting those removed at the source). */
  cars!: number;
  listings!: number;
  auctions!: number;
  /** Accepted bids. */
  bids!: number;
  /** Completed sales (purchases of listings, and sold auctions). */
  transactions!: number;
  lastSyncRun!: SyncRunDto | null;
}
