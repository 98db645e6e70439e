import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { finalize, Observable } from 'rxjs';
import { Socket } from 'socket.io';
import { realtimeConfig } from '../config/realtime.config';
import { auctionRoom } from './auction-events';

/** Whether `room` is an auction's own room (`auction:<id>`), not another room of it or the socket's. */
function isAuctionRoom(room: string): boolean {
  const id = Number(room.slice(room.indexOf(':') + 1));
  return Number.isSafeInteger(id) && auctionRoom(id) === room;
}

/**
 * Caps the auctions a socket is in at `WS_MAX_ROOMS_PER_SOCKET`: a `join_auction` past it is
 * refused with 429 and the socket stays as it was. Joins still running count too, so that a burst
 * of joins sent at once cannot pass the cap together while each waits for its lookups.
 */
@Injectable()
export class RoomCapInterceptor implements NestInterceptor {
  private readonly joining = new WeakMap<Socket, number>();

  constructor(@Inject(realtimeConfig.KEY) private readonly config: ConfigType<typeof realtimeConfig>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const socket = context.switchToWs().getClient<Socket>();
    const auctionId = (context.switchToWs().getData() as { auctionId?: unknown } | undefined)?.auctionId;
    // A join of an auction the socket is already in adds no room.
    if (typeof auctionId === 'number' && socket.rooms.has(auctionRoom(auctionId))) return next.handle();
    const joining = this.joining.get(socket) ?? 0;
    const joined = [...socket.rooms].filter(isAuctionRoom).length;
    const max = this.config.maxRoomsPerSocket;
    if (joined + joining >= max) {
      throw new HttpException(
        `Too many auctions joined: at most ${max} per socket; leave one first`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.joining.set(socket, joining + 1);
    return next.handle().pipe(finalize(() => this.joining.set(socket, (this.joining.get(socket) ?? 1) - 1)));
  }
}
