import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { randomUUID } from 'node:crypto';
import { Socket } from 'socket.io';
import { knownErrorBody } from '../common/filters/error-body';
import { SocketData } from './socket-sessions';

/** The answer to a refused message, in the shape of the gateway's acknowledgements. */
export interface WsError {
  ok: false;
  statusCode: number;
  message: string | string[];
  /** On a 5xx only: the id the server logged the failure with. */
  requestId?: string;
}

/**
 * The gateway's errors. Nest's default answers anything but a `WsException` (a failed validation
 * included) with an "Internal server error" event; here the client gets what the REST route would
 * answer (`knownErrorBody`: a validation's list of problems with 400, database conflicts 409, a
 * locked SQLite file 503, ...), in the message's acknowledgement when it asked for one, else as an
 * `exception` event that names the message. A 5xx is logged with an id the answer names, as a
 * request id names a REST failure. The socket stays connected.
 */
@Catch()
export class WsExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(WsExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const socket = ws.getClient<Socket>();
    const error = this.toWsError(exception, ws.getPattern(), socket);
    // Nest passes the handler's arguments: the socket, the payload, the acknowledgement if any,
    // then the event's name.
    const ack = host.getArgs().find((arg): arg is (answer: WsError) => void => typeof arg === 'function');
    if (ack) ack(error);
    else socket.emit('exception', { ...error, event: ws.getPattern() });
  }

  private toWsError(exception: unknown, event: string, socket: Socket): WsError {
    const known = knownErrorBody(exception);
    if (known && known.statusCode < 500) {
      return { ok: false, statusCode: known.statusCode, message: known.message };
    }
    if (!known && exception instanceof WsException) {
      const error = exception.getError();
      const message = typeof error === 'string' ? error : exception.message;
      return { ok: false, statusCode: HttpStatus.BAD_REQUEST, message };
    }
    const requestId = randomUUID();
    const context = { err: exception, requestId, event, userId: (socket.data as SocketData).user?.id };
    if (known) {
      this.logger.warn(context, `A socket message failed with ${known.statusCode}`);
      return { ok: false, statusCode: known.statusCode, message: known.message, requestId };
    }
    this.logger.error(context, 'Unhandled error in a socket message');
    const message = `Internal server error (request id ${requestId})`;
    return { ok: false, statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message, requestId };
  }
}
