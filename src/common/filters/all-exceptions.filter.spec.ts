import { ArgumentsHost, BadRequestException, ConflictException, Logger } from '@nestjs/common';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { MAX_MESSAGE_LENGTH } from './error-body';

/** Runs the filter on `exception` for a request with id `req-1` and returns what it answered. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const request = { id: 'req-1', originalUrl: '/api/things' };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

const queryError = (code: string) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error(code), { code }));

describe('AllExceptionsFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('keeps the shape of Nest exceptions and adds path, timestamp and request id', () => {
    const { status, body } = answer(new ConflictException('That username is taken'));
    expect(status).toBe(409);
    expect(body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'That username is taken',
      path: '/api/things',
      timestamp: expect.any(String),
      requestId: 'req-1',
    });
  });

  it.each(['SQLITE_CONSTRAINT', '23505', '23503'])('maps the constraint violation %s to 409', (code) => {
    expect(answer(queryError(code))).toMatchObject({ status: 409, body: { error: 'Conflict' } });
  });

  it.each(['22003', '22P02', '22008', '22021'])(
    'maps the PostgreSQL invalid-value error %s to 400',
    (code) => {
      expect(answer(queryError(code))).toMatchObject({ status: 400, body: { error: 'Bad Request' } });
    },
  );

  it('maps a locked SQLite file to 503', () => {
    expect(answer(queryError('SQLITE_BUSY'))).toMatchObject({ status: 503, body: { statusCode: 503 } });
  });

  it('maps a missing row to 404', () => {
    expect(answer(new EntityNotFoundError('User', { id: 1 }))).toMatchObject({ status: 404 });
  });

  it('keeps the 4xx status of body-parser errors (413 for a large body)', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    expect(answer(tooLarge)).toMatchObject({ status: 413, body: { message: 'Request body is too large' } });
  });

  it('answers anything else with 500 naming the request id, and no internals', () => {
    const { status, body } = answer(new Error('secret stack detail'));
    expect(status).toBe(500);
    expect(body.message).toBe('Internal server error (request id req-1)');
    expect(JSON.stringify(body)).not.toContain('secret stack detail');
  });

  it('cuts a long message at MAX_MESSAGE_LENGTH characters without splitting one', () => {
    const long = '🚗'.repeat(MAX_MESSAGE_LENGTH + 10);
    const { body } = answer(new BadRequestException([`property ${long} should not exist`, 'short']));
    const [first, second] = body.message as string[];
    expect([...first]).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(first).toBe(`property ${'🚗'.repeat(MAX_MESSAGE_LENGTH - 10)}…`);
    expect(second).toBe('short');
  });
});
