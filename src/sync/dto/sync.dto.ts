import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ApiTimestamp } from '../../common/api-timestamp';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { SyncRun, SyncRunStatus, SyncTrigger } from '../sync-run.entity';
import { MAX_JOB_ID_LENGTH } from './job-id-param.dto';

/** The longest error message a run keeps (the length of its column). */
export const MAX_SYNC_ERROR_LENGTH = 1000;

const SYNC_JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type SyncJobStatus = (typeof SYNC_JOB_STATUSES)[number];

const SYNC_JOB_STATUS_SCHEMA = { enum: SYNC_JOB_STATUSES, enumName: 'SyncJobStatus' };

export class SyncTriggerDto {
  @ApiProperty({ maxLength: MAX_JOB_ID_LENGTH })
  jobId!: string;
  @ApiProperty(SYNC_JOB_STATUS_SCHEMA)
  status!: SyncJobStatus;
  /** True when a sync was already queued or running and this is that one. */
  deduplicated!: boolean;
}

export class SyncRunDto {
  id!: number;
  @ApiProperty({ maxLength: MAX_JOB_ID_LENGTH })
  jobId!: string;
  @ApiProperty({ enum: SyncTrigger, enumName: 'SyncTrigger' })
  trigger!: SyncTrigger;
  @ApiProperty({ enum: SyncRunStatus, enumName: 'SyncRunStatus' })
  status!: SyncRunStatus;
  fullPass!: boolean;
  @ApiTimestamp()
  startedAt!: Date;
  @ApiTimestamp()
  finishedAt!: Date | null;
  fetched!: number;
  inserted!: number;
  updated!: number;
  unchanged!: number;
  failed!: number;
  removed!: number;
  @ApiProperty({ maxLength: MAX_SYNC_ERROR_LENGTH })
  error!: string | null;
}

export class SyncRunResultDto {
  runId!: number;
  fullPass!: boolean;
  fetched!: number;
  inserted!: number;
  updated!: number;
  unchanged!: number;
  failed!: number;
  removed!: number;
}

/** What the worker reports of a run after each committed page. */
export class SyncProgressDto extends SyncRunResultDto {
  /** Records the source holds for this run's query, when it said. */
  total?: number;
}

@ApiExtraModels(SyncProgressDto)
export class SyncJobDto {
  @ApiProperty({ maxLength: MAX_JOB_ID_LENGTH })
  jobId!: string;
  @ApiProperty(SYNC_JOB_STATUS_SCHEMA)
  status!: SyncJobStatus;
  /**
   * What the worker reported last, or 0 (BullMQ's start value) before its first page. Typed as
   * BullMQ types a job's progress; the worker reports nothing but SyncProgressDto.
   */
  @ApiProperty({ oneOf: [{ $ref: getSchemaPath(SyncProgressDto) }, { type: 'number', enum: [0] }] })
  progress!: object | number | string | boolean;
  /** The run's record (counts of the pages committed so far while it runs); null before it starts. */
  result!: SyncRunResultDto | null;
  @ApiProperty({ maxLength: MAX_SYNC_ERROR_LENGTH })
  failedReason!: string | null;
}

export class SyncScheduleDto {
  intervalMs!: number;
  @ApiTimestamp()
  nextRunAt!: Date | null;
}

export class SyncStatusDto {
  schedule!: SyncScheduleDto;
  lastRun!: SyncRunDto | null;
  /** Jobs of the sync queue by state. */
  queue!: Record<string, number>;
}

export class QuerySyncRunsDto extends PaginationQueryDto {}

export function toSyncRunDto(run: SyncRun): SyncRunDto {
  const { id, jobId, trigger, status, fullPass, startedAt, finishedAt } = run;
  const { fetched, inserted, updated, unchanged, failed, removed, error } = run;
  return {
    id,
    jobId,
    trigger,
    status,
    fullPass,
    startedAt,
    finishedAt,
    fetched,
    inserted,
    updated,
    unchanged,
    failed,
    removed,
    error,
  };
}

export function toSyncRunResult(run: SyncRun): SyncRunResultDto {
  const { id: runId, fullPass, fetched, inserted, updated, unchanged, failed, removed } = run;
  return { runId, fullPass, fetched, inserted, updated, unchanged, failed, removed };
}
