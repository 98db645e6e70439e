import { Inject, Logger, UseFilters, UseInterceptors } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { IsInt, Min } from 'class-validator';
import { Namespace, Socket } from 'socket.io';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Auction } from '../auctions/auction.entity';
import { AuthUser } from '../common/auth-user';
import { Role } from '../common/roles';
import { SessionCache } from '../auth/session-cache';
import { SessionsService } from '../auth/sessions.service';
import { appConfig } from '../config/app.config';
import { realtimeConfig } from '../config/realtime.config';
import {
  AUCTIONS_NAMESPACE,
  auctionRoom,
  auctionRooms,
  AuctionExtendedEvent,
  emitNewBid,
  emitStatusChanged,
  NewBidEvent,
  StatusChangedEvent,
} from './auction-events';
import { RoomCapInterceptor } from './room-cap.interceptor';
import { SocketSessions } from './socket-sessions';
import { WsExceptionsFilter } from './ws-exceptions.filter';

export class AuctionRoomDto {
  @IsInt()
  @Min(1)
  auctionId!: number;
}

/**
 * Live auctions: clients connect to `/auctions` with `auth: { token }` (a bad or ended session is
 * refused), join a room per auction, and receive its bids, extensions and status changes. A socket
 * lasts as long as its session and its token (see SocketSessions).
 *
 * Payloads are validated by the global AppValidationPipe, as request bodies are; a refused message
 * is answered in its acknowledgement, or with an `exception` event (WsExceptionsFilter).
 */
// Browsers may connect from the origins of CORS_ORIGINS (read when the gateway is declared).
@WebSocketGateway({ namespace: AUCTIONS_NAMESPACE, cors: { origin: appConfig().corsOrigins } })
@UseFilters(WsExceptionsFilter)
export class AuctionsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(AuctionsGateway.name);

  @WebSocketServer()
  private readonly server!: Namespace;

  private readonly live: SocketSessions;

  constructor(
    jwt: JwtService,
    sessions: SessionsService,
    @InjectRepository(Auction) private readonly auctions: Repository<Auction>,
    private readonly sessionCache: SessionCache,
    @Inject(realtimeConfig.KEY) config: ConfigType<typeof realtimeConfig>,
  ) {
    this.live = new SocketSessions(jwt, sessions, config.maxSocketsPerUser);
  }

  /**
   * Authenticates in the handshake, so a socket is either refused or has its user from the start,
   * and ends sockets whose session ends, whichever API process ended it.
   */
  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => void this.live.admit(socket).then(() => next(), next));
    this.sessionCache.onUserChanged((userId) => void this.live.recheck(userId));
  }

  handleConnection(socket: Socket): void {
    this.live.connected(socket);
  }

  handleDisconnect(socket: Socket): void {
    this.live.disconnected(socket);
  }

  @SubscribeMessage('join_auction')
  @UseInterceptors(RoomCapInterceptor)
  async join(@ConnectedSocket() socket: Socket, @MessageBody() { auctionId }: AuctionRoomDto) {
    const user = socket.data.user as AuthUser;
    await socket.join(auctionRooms(auctionId, user.id, await this.seesAllBidders(user, auctionId)));
    socket.emit('auction_joined', { auctionId });
  }

  @SubscribeMessage('leave_auction')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() { auctionId }: AuctionRoomDto) {
    const user = socket.data.user as AuthUser;
    for (const room of auctionRooms(auctionId, user.id, true)) await socket.leave(room);
    socket.emit('auction_left', { auctionId });
  }

  /** Bidder privacy: the auction's seller and admins see every bidder's id in its events. */
  private async seesAllBidders(user: AuthUser, auctionId: number): Promise<boolean> {
    if (user.role === Role.Admin) return true;
    const auction = await this.auctions.findOne({ select: { sellerId: true }, where: { id: auctionId } });
    return auction?.sellerId === user.id;
  }

  newBid(event: NewBidEvent): void {
    this.emit('new_bid', event.auctionId, () => emitNewBid(this.server, event));
  }

  extended(event: AuctionExtendedEvent): void {
    this.emit('auction_extended', event.auctionId, () =>
      this.server.to(auctionRoom(event.auctionId)).emit('auction_extended', event),
    );
  }

  /** A status change made in the API (a cancellation); the worker's closes use the Redis emitter. */
  statusChanged(event: StatusChangedEvent): void {
    this.emit('status_changed', event.auctionId, () => emitStatusChanged(this.server, event));
  }

  private emit(name: string, auctionId: number, send: () => void): void {
    try {
      send();
    } catch (error) {
      // A lost live update must not fail the bid that caused it.
      this.logger.warn(`Could not emit ${name} for auction ${auctionId}: ${(error as Error).message}`);
    }
  }
}
