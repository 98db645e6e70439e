import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export const MAX_JOB_ID_LENGTH = 128;

/**
 * What a BullMQ job id of the sync queue looks like: the queue's counter (`42`), or the
 * scheduler's `repeat:<scheduler>:<time>`.
 */
export const JOB_ID = new RegExp(`^[A-Za-z0-9:_-]{1,${MAX_JOB_ID_LENGTH}}$`);

export class JobIdParamDto {
  /** The `jobId` that `POST /api/cars/sync-cars` answered. */
  @ApiProperty({ maxLength: MAX_JOB_ID_LENGTH, pattern: JOB_ID.source })
  @Matches(JOB_ID, { message: 'jobId must be a job id of the sync queue (letters, digits, `:`, `_`, `-`)' })
  jobId!: string;
}
