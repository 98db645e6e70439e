import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '../common/api-timestamp';
import { MAX_MESSAGES } from '../common/pipes/app-validation.pipe';
import { MAX_HEAD_LENGTH } from '../common/request-limits';
import { REQUEST_ID } from '../logging/request-id.middleware';
import { MAX_MESSAGE_LENGTH } from '../common/filters/error-body';

/** The body of every error answer, as the OpenAPI document shows it. */
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 })
  statusCode!: number;

  /** The status's reason phrase, e.g. `Bad Request`. */
  @ApiProperty({ maxLength: 64, example: 'Bad Request' })
  error!: string;

  /** What went wrong; a `400` of validation lists each problem (at most 20, then how many more). */
  @ApiProperty({
    oneOf: [
      { type: 'string', maxLength: MAX_MESSAGE_LENGTH },
      {
        type: 'array',
        items: { type: 'string', maxLength: MAX_MESSAGE_LENGTH },
        maxItems: MAX_MESSAGES + 1,
      },
    ],
    example: ['price must not be less than 0.01'],
  })
  message!: string | string[];

  /** The path and query of the request. */
  @ApiProperty({ maxLength: MAX_HEAD_LENGTH, example: '/api/cars/1' })
  path!: string;

  @ApiTimestamp()
  timestamp!: string;

  /** The request's `X-Request-Id` (the caller's, when sane, else a UUID); every log line of it has it. */
  @ApiProperty({ maxLength: 128, pattern: REQUEST_ID.source })
  requestId!: string;
}
