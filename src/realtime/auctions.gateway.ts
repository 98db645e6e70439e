import { Logger, UsePipes, ValidationPipe } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  WsException,
} from '@nestjs/websockets';
import { IsInt, Min } from 'class-validator';
import { Namespace, Socket } from 'socket.io';
import { AccessTokenClaims, SessionsService } from '../auth/sessions.service';
import { appConfig } from '../config/app.config';
import {
  AUCTIONS_NAMESPACE,
  auctionRoom,
  AuctionExtendedEvent,
  NewBidEvent,
  StatusChangedEvent,
} from './auction-events';

export class AuctionRoomDto {
  @IsInt()
  @Min(1)
  auctionId!: number;
}

/**
 * Live auctions: clients connect to `/auctions` with `auth: { token }` (a bad or ended session is
 * refused), join a room per auction, and receive its bids, extensions and status changes.
 */
// Browsers may connect from the origins of CORS_ORIGINS (read when the gateway is declared).
@WebSocketGateway({ namespace: AUCTIONS_NAMESPACE, cors: { origin: appConfig().corsOrigins } })
@UsePipes(
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new WsException(errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ')),
  }),
)
export class AuctionsGateway implements OnGatewayInit {
  private readonly logger = new Logger(AuctionsGateway.name);

  @WebSocketServer()
  private readonly server!: Namespace;

  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
  ) {}

  /** Authenticates in the handshake, so a socket is either refused or has its user from the start. */
  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        () => next(new Error('Unauthorized: connect with auth: { token: <accessToken> }')),
      );
    });
  }

  private async authenticate(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string') throw new Error('no token');
    const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    const user = await this.sessions.authenticate(claims);
    if (!user) throw new Error('session ended');
    socket.data.user = user;
  }

  @SubscribeMessage('join_auction')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() { auctionId }: AuctionRoomDto) {
    await socket.join(auctionRoom(auctionId));
    socket.emit('auction_joined', { auctionId });
  }

  @SubscribeMessage('leave_auction')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() { auctionId }: AuctionRoomDto) {
    await socket.leave(auctionRoom(auctionId));
    socket.emit('auction_left', { auctionId });
  }

  newBid(event: NewBidEvent): void {
    this.emit(event.auctionId, 'new_bid', event);
  }

  extended(event: AuctionExtendedEvent): void {
    this.emit(event.auctionId, 'auction_extended', event);
  }

  /** A status change made in the API (a cancellation); the worker's closes use the Redis emitter. */
  statusChanged(event: StatusChangedEvent): void {
    this.emit(event.auctionId, 'status_changed', event);
  }

  private emit(auctionId: number, name: string, payload: object): void {
    try {
      this.server.to(auctionRoom(auctionId)).emit(name, payload);
    } catch (error) {
      // A lost live update must not fail the bid that caused it.
      this.logger.warn(`Could not emit ${name} for auction ${auctionId}: ${(error as Error).message}`);
    }
  }
}
