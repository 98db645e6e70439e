import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, JobState, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Paginated } from '../common/pagination/paginated';
import { syncConfig } from '../config/sync.config';
import {
  CAR_SYNC_DEDUPLICATION_ID,
  CAR_SYNC_JOB_OPTIONS,
  CAR_SYNC_SCHEDULER_ID,
  CarSyncJobData,
  JobName,
  QueueName,
} from '../queue/queues';
import {
  MAX_SYNC_ERROR_LENGTH,
  QuerySyncRunsDto,
  SyncJobDto,
  SyncJobStatus,
  SyncRunDto,
  SyncStatusDto,
  SyncTriggerDto,
  toSyncRunDto,
  toSyncRunResult,
} from './dto/sync.dto';
import { SyncRepository } from './sync.repository';

const QUEUED_STATES: JobState[] = ['waiting', 'prioritized', 'waiting-children', 'delayed'];
const PENDING_STATES = ['active', 'waiting', 'prioritized', 'waiting-children'] as const;

function jobStatus(state: JobState | 'unknown'): SyncJobStatus | null {
  if (state === 'active') return 'running';
  if (state === 'completed' || state === 'failed') return state;
  return QUEUED_STATES.includes(state as JobState) ? 'queued' : null;
}

/** The API's side of the sync: it only produces jobs and reads their state and the run records. */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  constructor(
    @InjectQueue(QueueName.CarSync) private readonly queue: Queue<CarSyncJobData>,
    private readonly runs: SyncRepository,
    @Inject(syncConfig.KEY) private readonly config: ConfigType<typeof syncConfig>,
  ) {}

  /** Queues a sync, unless one is queued or running: then that one is the answer. */
  trigger(): Promise<SyncTriggerDto> {
    return this.withQueue(async () => {
      const pending = (await this.queue.getJobs([...PENDING_STATES])).find(
        (job) => job.name === JobName.SyncCars,
      );
      if (pending) return this.triggerAnswer(pending, true);
      // Two triggers at the same moment: BullMQ's deduplication keeps one job, and the request id
      // in its data tells which request created it.
      const requestId = randomUUID();
      const added = await this.queue.add(
        JobName.SyncCars,
        { trigger: 'manual', requestId },
        { ...CAR_SYNC_JOB_OPTIONS, deduplication: { id: CAR_SYNC_DEDUPLICATION_ID } },
      );
      const job = (await this.queue.getJob(added.id!)) ?? added;
      return this.triggerAnswer(job, job.data.requestId !== requestId);
    });
  }

  getJob(jobId: string): Promise<SyncJobDto> {
    return this.withQueue(async () => {
      // The state first, then the job: read the other way round, a job failing in between showed
      // `failed` with the reason it did not have yet.
      const status = jobStatus(await this.queue.getJobState(jobId));
      const job = status ? await this.queue.getJob(jobId) : undefined;
      if (!job || job.name !== JobName.SyncCars || !status) {
        throw new NotFoundException(`Sync job ${jobId} not found`);
      }
      const run = await this.runs.lastRunOfJob(jobId);
      return {
        jobId,
        status,
        progress: job.progress,
        result: run ? toSyncRunResult(run) : null,
        failedReason: job.failedReason?.slice(0, MAX_SYNC_ERROR_LENGTH) ?? null,
      };
    });
  }

  status(): Promise<SyncStatusDto> {
    return this.withQueue(async () => {
      const [scheduler, counts, lastRun] = await Promise.all([
        this.queue.getJobScheduler(CAR_SYNC_SCHEDULER_ID),
        this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'),
        this.runs.lastRun(),
      ]);
      return {
        schedule: {
          intervalMs: Number(scheduler?.every ?? this.config.intervalMs),
          nextRunAt: scheduler?.next ? new Date(scheduler.next) : null,
        },
        lastRun: lastRun ? toSyncRunDto(lastRun) : null,
        queue: counts,
      };
    });
  }

  async listRuns(query: QuerySyncRunsDto): Promise<Paginated<SyncRunDto>> {
    const page = await this.runs.listRuns(query);
    return { ...page, data: page.data.map(toSyncRunDto) };
  }

  private async triggerAnswer(job: Job<CarSyncJobData>, deduplicated: boolean): Promise<SyncTriggerDto> {
    return { jobId: job.id!, status: jobStatus(await job.getState()) ?? 'queued', deduplicated };
  }

  /** Queue calls need Redis: when it is away, say so (503) instead of failing obscurely. */
  private async withQueue<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof NotFoundException) throw error;
      this.logger.warn(`Sync queue unavailable: ${(error as Error).message}`);
      throw new ServiceUnavailableException('The job queue (Redis) is unavailable; try again shortly');
    }
  }
}
