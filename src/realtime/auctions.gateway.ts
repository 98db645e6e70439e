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
import {
  AuctionEvents,
  AuctionExtendedEvent,
  BidUpdateEvent,
  NewBidEvent,
  OutbidEvent,
  StatusChangedEvent,
} from '../auctions/auction-events.port';
import { AuctionsRepository } from '../auctions/auctions.repository';
import { SessionsService } from '../auth/sessions.service';
import { AuthUser } from '../common/auth-user';
import { Role } from '../common/roles';
import { realtimeConfig } from '../config/realtime.config';
import { SessionCache } from '../session-cache/session-cache';
import { AUCTIONS_NAMESPACE, auctionRooms, RoomAuctionEvents } from './auction-events';
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
 *
 * It is the API's `AuctionEvents`: what the services announce goes to the rooms of the auction,
 * and through the Redis adapter to the sockets of every API process. Browsers may connect from
 * the origins of CORS_ORIGINS (set by RedisIoAdapter when it creates the server).
 */
@WebSocketGateway({ namespace: AUCTIONS_NAMESPACE })
@UseFilters(WsExceptionsFilter)
export class AuctionsGateway
  implements AuctionEvents, OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  @WebSocketServer()
  private readonly server!: Namespace;

  private readonly live: SocketSessions;
  private readonly rooms = new RoomAuctionEvents(() => this.server, new Logger(AuctionsGateway.name));

  constructor(
    jwt: JwtService,
    sessions: SessionsService,
    private readonly auctions: AuctionsRepository,
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
    return (await this.auctions.sellerOf(auctionId)) === user.id;
  }

  newBid(event: NewBidEvent): void {
    this.rooms.newBid(event);
  }

  bidUpdate(event: BidUpdateEvent): void {
    this.rooms.bidUpdate(event);
  }

  outbid(event: OutbidEvent): void {
    this.rooms.outbid(event);
  }

  extended(event: AuctionExtendedEvent): void {
    this.rooms.extended(event);
  }

  /** A status change made in the API (a cancellation); the worker's closes use the Redis emitter. */
  statusChanged(event: StatusChangedEvent): void {
    this.rooms.statusChanged(event);
  }
}
