import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** SQLite and PostgreSQL spell a constraint violation differently; both mean the data conflicts. */
function isConstraintViolation(error: QueryFailedError): boolean {
  const driverError = error.driverError as { code?: string; message?: string } | undefined;
  return (
    driverError?.code === 'SQLITE_CONSTRAINT' ||
    driverError?.code === '23505' || // unique_violation
    driverError?.code === '23503' // foreign_key_violation
  );
}

/**
 * PostgreSQL refusing a value as out of range or malformed (22003 numeric out of range, 22P02
 * invalid text, 22007/22008 bad or out-of-range datetime, 22021 a character its UTF-8 text cannot
 * hold: the NUL of a `\u0000` in a string): the input was bad, not the server.
 */
function isInvalidValue(error: QueryFailedError): boolean {
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return ['22003', '22P02', '22007', '22008', '22021'].includes(code ?? '');
}

/** Another process held the SQLite file longer than the busy timeout: worth a retry, not a 500. */
function isDatabaseBusy(error: QueryFailedError): boolean {
  return (error.driverError as { code?: string } | undefined)?.code === 'SQLITE_BUSY';
}

/** Errors raised by Express middleware (body-parser) carry an HTTP status of their own. */
function clientStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown; expose?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function body(statusCode: number, message: string | string[]): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/**
 * The one error shape of the API: `{ statusCode, error, message, path, timestamp, requestId }`.
 * Database conflicts become 409, missing rows 404, a locked SQLite file 503; anything unexpected is logged with the
 * request id and answered 500 without internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const payload = this.toBody(exception, request);
    if (response.headersSent) return;
    response.status(payload.statusCode).json({
      ...payload,
      path: request.originalUrl,
      timestamp: new Date().toISOString(),
      requestId: request.id,
    });
  }

  private toBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') return body(status, response);
      const { message, error } = response as Partial<ErrorBody>;
      return { ...body(status, message ?? exception.message), ...(error ? { error } : {}) };
    }
    if (exception instanceof QueryFailedError && isConstraintViolation(exception)) {
      return body(HttpStatus.CONFLICT, 'This conflicts with data that already exists');
    }
    if (exception instanceof QueryFailedError && isInvalidValue(exception)) {
      return body(HttpStatus.BAD_REQUEST, 'A value is out of range or malformed');
    }
    if (exception instanceof QueryFailedError && isDatabaseBusy(exception)) {
      return body(HttpStatus.SERVICE_UNAVAILABLE, 'The database is busy; try again shortly');
    }
    if (exception instanceof EntityNotFoundError) {
      return body(HttpStatus.NOT_FOUND, 'Not found');
    }
    const clientStatus = clientStatusOf(exception);
    if (clientStatus) {
      const message = clientStatus === 413 ? 'Request body is too large' : (exception as Error).message;
      return body(clientStatus, message);
    }
    this.logger.error(
      { err: exception, requestId: request.id, path: request.originalUrl },
      'Unhandled error',
    );
    return body(HttpStatus.INTERNAL_SERVER_ERROR, `Internal server error (request id ${String(request.id)})`);
  }
}
