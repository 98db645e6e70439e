import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/decorators/roles.decorator';
import { PaginatedResponseOf } from '../common/pagination/paginated';
import { Role } from '../common/roles';
import { QuerySyncRunsDto, SyncJobDto, SyncRunDto, SyncStatusDto, SyncTriggerDto } from './dto/sync.dto';
import { JobIdParamDto } from './dto/job-id-param.dto';
import { SyncService } from './sync.service';

@ApiTags('sync')
@ApiBearerAuth()
@Roles(Role.Admin)
@ApiServiceUnavailableResponse({ description: 'Redis (the job queue) is unavailable' })
@Controller()
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  /** Admin: asks the worker for a sync now. While one is queued or running, answers that one. */
  @Post('cars/sync-cars')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SyncTriggerDto })
  trigger(): Promise<SyncTriggerDto> {
    return this.sync.trigger();
  }

  /** Admin: a sync job's state, progress and run record. */
  @Get('cars/sync-cars/:jobId')
  @ApiOkResponse({ type: SyncJobDto })
  @ApiNotFoundResponse()
  job(@Param() { jobId }: JobIdParamDto): Promise<SyncJobDto> {
    return this.sync.getJob(jobId);
  }

  /** Admin: the schedule, the last run and the queue's job counts. */
  @Get('sync/status')
  @ApiOkResponse({ type: SyncStatusDto })
  status(): Promise<SyncStatusDto> {
    return this.sync.status();
  }

  /** Admin: the history of sync runs, newest first. */
  @Get('sync/runs')
  @ApiOkResponse({ type: PaginatedResponseOf(SyncRunDto) })
  runs(@Query() query: QuerySyncRunsDto) {
    return this.sync.listRuns(query);
  }
}
