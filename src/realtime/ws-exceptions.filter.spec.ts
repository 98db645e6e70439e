import { ArgumentsHost, ConflictException, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { WsError, WsExceptionsFilter } from './ws-exceptions.filter';

/** Runs the filter on `exception` for a `place_bid` message, with an acknowledgement or without. */
function answer(exception: unknown, withAck = true): { ack?: WsError; emitted?: [string, object] } {
  const sent: { ack?: WsError; emitted?: [string, object] } = {};
  const socket = {
    data: { user: { id: 7 } },
    emit: (event: string, payload: object) => (sent.emitted = [event, payload]),
  };
  const ack = (error: WsError) => (sent.ack = error);
  const args = [socket, { auctionId: 1 }, ...(withAck ? [ack] : []), 'place_bid'];
  const host = {
    switchToWs: () => ({ getClient: () => socket, getPattern: () => 'place_bid' }),
    getArgs: () => args,
  } as unknown as ArgumentsHost;
  new WsExceptionsFilter().catch(exception, host);
  return sent;
}

const queryError = (code: string) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error(code), { code }));

describe('WsExceptionsFilter', () => {
  const logged = { error: jest.fn(), warn: jest.fn() };
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(logged.error);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(logged.warn);
  });
  beforeEach(() => jest.clearAllMocks());

  it('answers a Nest exception with its status and message in the acknowledgement', () => {
    expect(answer(new ConflictException('The auction has ended'))).toEqual({
      ack: { ok: false, statusCode: 409, message: 'The auction has ended' },
    });
  });

  it('emits the same as an exception event naming the message when there is no acknowledgement', () => {
    expect(answer(new ConflictException('The auction has ended'), false)).toEqual({
      emitted: [
        'exception',
        { ok: false, statusCode: 409, message: 'The auction has ended', event: 'place_bid' },
      ],
    });
  });

  it.each([
    ['SQLITE_CONSTRAINT', 409],
    ['23505', 409],
    ['22003', 400],
  ])('maps the database error %s as REST does (%i)', (code, statusCode) => {
    expect(answer(queryError(code)).ack).toEqual({ ok: false, statusCode, message: expect.any(String) });
    expect(logged.error).not.toHaveBeenCalled();
  });

  it('maps a missing row to 404 and a WsException to 400', () => {
    expect(answer(new EntityNotFoundError('Auction', { id: 1 })).ack).toMatchObject({ statusCode: 404 });
    expect(answer(new WsException('Bad message')).ack).toEqual({
      ok: false,
      statusCode: 400,
      message: 'Bad message',
    });
  });

  it('answers a locked SQLite file 503 with the id it logged the failure with', () => {
    const { ack } = answer(queryError('SQLITE_BUSY'));
    expect(ack).toEqual({
      ok: false,
      statusCode: 503,
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(logged.warn).toHaveBeenCalledWith(
      expect.objectContaining({ requestId: ack!.requestId, event: 'place_bid', userId: 7 }),
      expect.any(String),
    );
  });

  it('answers anything else 500 naming the id it logged the error with, and no internals', () => {
    const { ack } = answer(new Error('secret stack detail'));
    expect(ack).toEqual({
      ok: false,
      statusCode: 500,
      message: `Internal server error (request id ${ack!.requestId})`,
      requestId: expect.any(String),
    });
    expect(JSON.stringify(ack)).not.toContain('secret');
    expect(logged.error).toHaveBeenCalledWith(
      expect.objectContaining({ requestId: ack!.requestId, err: expect.any(Error) }),
      expect.any(String),
    );
  });
});
