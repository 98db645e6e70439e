import { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id before anything else runs (even the body parser, whose errors must
 * carry it too): the caller's `X-Request-Id` when it is sane, else a new UUID. It is echoed in the
 * response header, logged on every line by pino-http, and put in error bodies.
 */
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  request.id = id;
  response.setHeader('X-Request-Id', id);
  next();
}
