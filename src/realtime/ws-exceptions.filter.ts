import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { Socket } from 'socket.io';

/** The answer to a refused message, in the shape of the gateway's acknowledgements. */
export interface WsError {
  ok: false;
  statusCode: number;
  message: string | string[];
}

const wsError = (statusCode: number, message: string | string[]): WsError => ({
  ok: false,
  statusCode,
  message,
});

/** The status and message of an exception, as the REST error shape would carry them. */
function toWsError(exception: unknown): WsError | undefined {
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const valid = typeof message === 'string' || Array.isArray(message);
    return wsError(exception.getStatus(), valid ? (message as string | string[]) : exception.message);
  }
  if (exception instanceof WsException) {
    const error = exception.getError();
    return wsError(HttpStatus.BAD_REQUEST, typeof error === 'string' ? error : exception.message);
  }
  return undefined;
}

/**
 * The gateway's errors. Nest's default answers anything but a `WsException` (a failed validation
 * included) with an "Internal server error" event; here the client gets the REST status and
 * message (a validation's list of problems with 400), in the message's acknowledgement when it
 * asked for one, else as an `exception` event that names the message. The socket stays connected.
 */
@Catch()
export class WsExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(WsExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const error = toWsError(exception) ?? this.unexpected(exception, ws.getPattern());
    // Nest passes the handler's arguments: the socket, the payload, the acknowledgement if any,
    // then the event's name.
    const ack = host.getArgs().find((arg): arg is (answer: WsError) => void => typeof arg === 'function');
    if (ack) ack(error);
    else ws.getClient<Socket>().emit('exception', { ...error, event: ws.getPattern() });
  }

  private unexpected(exception: unknown, event: string): WsError {
    this.logger.error({ err: exception, event }, 'Unhandled error in a socket message');
    return wsError(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
}
