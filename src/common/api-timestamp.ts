import { ApiProperty } from '@nestjs/swagger';

/**
 * The length of a timestamp in a response: a `Date` goes out as its `toISOString()`, which for the
 * years 0001 to 9999 (all that validation takes) is always `2026-06-01T12:00:00.000Z`, 24 characters.
 */
export const ISO_TIMESTAMP_LENGTH = 24;

/** A timestamp property of a response DTO (`Date`, or `Date | null`). */
export const ApiTimestamp = () => ApiProperty({ format: 'date-time', maxLength: ISO_TIMESTAMP_LENGTH });
