import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';

/** Nest's error shape, which REST bodies and socket acknowledgements both carry. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

const driverCodeOf = (error: QueryFailedError) => (error.driverError as { code?: string } | undefined)?.code;

/** SQLite and PostgreSQL spell a constraint violation differently; both mean the data conflicts. */
function isConstraintViolation(error: QueryFailedError): boolean {
  return ['SQLITE_CONSTRAINT', '23505', '23503'].includes(driverCodeOf(error) ?? ''); // unique, foreign key
}

/**
 * PostgreSQL refusing a value as out of range or malformed (22003 numeric out of range, 22P02
 * invalid text, 22007/22008 bad or out-of-range datetime, 22021 a character its UTF-8 text cannot
 * hold: the NUL of a `\u0000` in a string): the input was bad, not the server.
 */
function isInvalidValue(error: QueryFailedError): boolean {
  return ['22003', '22P02', '22007', '22008', '22021'].includes(driverCodeOf(error) ?? '');
}

/** Another process held the SQLite file longer than the busy timeout: worth a retry, not a 500. */
const isDatabaseBusy = (error: QueryFailedError) => driverCodeOf(error) === 'SQLITE_BUSY';

/**
 * The longest message an error answer carries: messages may quote what the client sent (an
 * unknown field's name, a snippet of broken JSON), which is not worth echoing at length.
 */
export const MAX_MESSAGE_LENGTH = 500;

/** Cut by characters, not UTF-16 units, so that no emoji is cut in half. */
function shorten(text: string): string {
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  const characters = [...text];
  if (characters.length <= MAX_MESSAGE_LENGTH) return text;
  return `${characters.slice(0, MAX_MESSAGE_LENGTH - 1).join('')}…`;
}

export function errorBody(statusCode: number, message: string | string[]): ErrorBody {
  const error = STATUS_CODES[statusCode] ?? 'Error';
  return { statusCode, error, message: Array.isArray(message) ? message.map(shorten) : shorten(message) };
}

/**
 * What a client is told of an error the API knows: Nest exceptions as they are, database
 * conflicts 409, values the database refuses 400, a locked SQLite file 503, missing rows 404.
 * `undefined` for anything else, which the caller logs and answers 500. Shared by the REST filter
 * and the socket gateway's, so that a message fails as its route would.
 */
export function knownErrorBody(exception: unknown): ErrorBody | undefined {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string') return errorBody(status, response);
    const { message, error } = response as Partial<ErrorBody>;
    const text = typeof message === 'string' || Array.isArray(message) ? message : exception.message;
    return { ...errorBody(status, text), ...(error ? { error } : {}) };
  }
  if (exception instanceof QueryFailedError) {
    if (isConstraintViolation(exception)) {
      return errorBody(HttpStatus.CONFLICT, 'This conflicts with data that already exists');
    }
    if (isInvalidValue(exception))
      return errorBody(HttpStatus.BAD_REQUEST, 'A value is out of range or malformed');
    if (isDatabaseBusy(exception)) {
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'The database is busy; try again shortly');
    }
  }
  if (exception instanceof EntityNotFoundError) return errorBody(HttpStatus.NOT_FOUND, 'Not found');
  return undefined;
}
