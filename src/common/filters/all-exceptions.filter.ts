import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { ErrorBody, errorBody, knownErrorBody } from './error-body';

/** Errors raised by Express middleware (body-parser) carry an HTTP status of their own. */
function clientStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown; expose?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * The one error shape of the API: `{ statusCode, error, message, path, timestamp, requestId }`.
 * Known errors are answered as `knownErrorBody` maps them (database conflicts 409, missing rows
 * 404, a locked SQLite file 503, ...); anything unexpected is logged with the request id and
 * answered 500 without internals.
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
    const known = knownErrorBody(exception);
    if (known) return known;
    const clientStatus = clientStatusOf(exception);
    if (clientStatus) {
      const message = clientStatus === 413 ? 'Request body is too large' : (exception as Error).message;
      return errorBody(clientStatus, message);
    }
    this.logger.error(
      { err: exception, requestId: request.id, path: request.originalUrl },
      'Unhandled error',
    );
    return errorBody(
      HttpStatus.INTERNAL_SERVER_ERROR,
      `Internal server error (request id ${String(request.id)})`,
    );
  }
}
