import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { SyncRun, SyncRunStatus, SyncTrigger } from '../sync-run.entity';

export type SyncJobStatus = 'queued' | 'running' | 'completed' | 'failed';

export class SyncTriggerDto {
  jobId!: string;
  status!: SyncJobStatus;
  /** True when a sync was already queued or running and this is that one. */
  deduplicated!: boolean;
}

export class SyncRunDto {
  id!: number;
  jobId!: string;
  trigger!: SyncTrigger;
  status!: SyncRunStatus;
  fullPass!: boolean;
  startedAt!: Date;
  finishedAt!: Date | null;
  fetched!: number;
  inserted!: number;
  updated!: number;
  unchanged!: number;
  failed!: number;
  removed!: number;
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

export class SyncJobDto {
  jobId!: string;
  status!: SyncJobStatus;
  /** What the worker reported last: `{ runId, fetched, inserted, …, total? }`, or 0 before it starts. */
  progress!: object | number | string | boolean;
  /** The run's record (counts of the pages committed so far while it runs); null before it starts. */
  result!: SyncRunResultDto | null;
  failedReason!: string | null;
}

export class SyncScheduleDto {
  intervalMs!: number;
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
