import { ApiProperty } from '@nestjs/swagger';
import { HealthCheckStatus } from '@nestjs/terminus';
import { SyncRunDto } from '../../sync/dto/sync.dto';

/** The longest version npm takes in package.json (semver's `MAX_LENGTH`). */
const MAX_VERSION_LENGTH = 256;

/** Terminus's `HealthCheckStatus`, as values: the type alone leaves the document nothing to read. */
const HEALTH_CHECK_STATUSES = [
  'error',
  'ok',
  'degraded',
  'shutting_down',
] as const satisfies readonly HealthCheckStatus[];

export class StatusDto {
  status!: 'ok';
  /** The version in package.json. */
  @ApiProperty({ maxLength: MAX_VERSION_LENGTH })
  version!: string;
  /** Seconds since this process started. */
  uptime!: number;
}

export class HealthDto {
  /** `ok` when every dependency answers, else `error` (with HTTP 503). */
  @ApiProperty({ enum: HEALTH_CHECK_STATUSES, enumName: 'HealthCheckStatus' })
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
