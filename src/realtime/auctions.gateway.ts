import { ConflictException, HttpStatus, Inject, Logger, UseFilters, UseInterceptors } from '@nestjs/common';
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
} from '@nestjs/websockets';
import { Namespace, Socket } from 'socket.io';
import { AuctionsService } from '../auctions/auctions.service';
import { BidsService } from '../auctions/bids.service';
import { SessionsService } from '../auth/sessions.service';
import { appConfig } from '../config/app.config';
import { realtimeConfig } from '../config/realtime.config';
import { SessionCache } from '../session-cache/session-cache';
import { UsersService } from '../users/users.service';
import { AUCTIONS_NAMESPACE, auctionRoom, auctionRooms, userRoom } from './auction-events';
import { AuctionsNamespace } from './auctions-namespace';
import {
  AuctionMessageDto,
  AuctionStatusUpdateDto,
  PlaceBidMessageDto,
  PlacedBidAck,
  StatusUpdatedAck,
} from './dto/auction-messages.dto';
import { RoomCapInterceptor } from './room-cap.interceptor';
import { SocketData, SocketSessions } from './socket-sessions';
import { TypingRelay } from './typing-relay';
import { WsExceptionsFilter } from './ws-exceptions.filter';

const userOf = (socket: Socket) => (socket.data as SocketData).user;

/**
 * Live auctions: clients connect to `/auctions` with `auth: { token }` (a bad or ended session is
 * refused), hear `connection_response`, join a room per auction, and receive its bids, extensions
 * and status changes; `outbid` reaches all of a user's sockets (their personal room). A socket
 * lasts as long as its session and its token (see SocketSessions).
 *
 * Messages: `place_bid` and `auction_status_update` are the REST routes' service calls, with
 * their rules, errors and events; `typing` is relayed (TypingRelay); `bid_placed` is only
 * acknowledged. Payloads are validated by the global AppValidationPipe as request bodies are
 * (Nest hands it a payload as a body); a refused message is answered in its acknowledgement, or
 * with an `exception` event (WsExceptionsFilter).
 *
 * What the services announce goes to the rooms of the auction through its namespace
 * (AuctionsNamespace, RealtimeModule's `AuctionEvents`), and through the Redis adapter to the
 * sockets of every API process. Browsers may connect from the origins of CORS_ORIGINS (set by
 * RedisIoAdapter when it creates the server).
 */
@WebSocketGateway({ namespace: AUCTIONS_NAMESPACE })
@UseFilters(WsExceptionsFilter)
export class AuctionsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(AuctionsGateway.name);
  private readonly live: SocketSessions;

  constructor(
    jwt: JwtService,
    sessions: SessionsService,
    private readonly auctions: AuctionsService,
    private readonly users: UsersService,
    private readonly typingRelay: TypingRelay,
    private readonly sessionCache: SessionCache,
    private readonly namespace: AuctionsNamespace,
    private readonly bids: BidsService,
    @Inject(realtimeConfig.KEY) config: ConfigType<typeof realtimeConfig>,
    @Inject(appConfig.KEY) { corsOrigins }: ConfigType<typeof appConfig>,
  ) {
    this.live = new SocketSessions(jwt, sessions, config.maxSocketsPerUser, corsOrigins);
  }

  /**
   * Authenticates in the handshake, so a socket is either refused or has its user from the start,
   * and ends sockets whose session ends, whichever API process ended it.
   */
  afterInit(namespace: Namespace): void {
    this.namespace.set(namespace);
    namespace.use((socket, next) => void this.live.admit(socket).then(() => next(), next));
    this.sessionCache.onUserChanged((userId) => void this.live.recheck(userId));
  }

  /**
   * Puts the socket in its user's personal room (for `outbid`, from any API process through the
   * adapter) and tells the client who it is. Should the profile not load (the database went away
   * since the handshake), the client hears why in an `exception` event and keeps the socket.
   */
  async handleConnection(socket: Socket): Promise<void> {
    this.live.connected(socket);
    if (!socket.connected) return;
    const user = userOf(socket);
    await socket.join(userRoom(user.id));
    try {
      const { username } = await this.users.getOwnProfile(user);
      socket.emit('connection_response', { userId: user.id, username });
    } catch (error) {
      this.logger.warn(`Could not load the profile of user ${user.id}: ${(error as Error).message}`);
      socket.emit('exception', {
        ok: false,
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        message: 'Your profile could not be loaded; reconnect shortly',
        event: 'connection_response',
      });
    }
  }

  handleDisconnect(socket: Socket): void {
    this.live.disconnected(socket);
  }

  @SubscribeMessage('join_auction')
  @UseInterceptors(RoomCapInterceptor)
  async join(@ConnectedSocket() socket: Socket, @MessageBody() { auctionId }: AuctionMessageDto) {
    const user = userOf(socket);
    await socket.join(auctionRooms(auctionId, user.id, await this.auctions.seesAllBidders(user, auctionId)));
    socket.emit('auction_joined', { auctionId });
  }

  @SubscribeMessage('leave_auction')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() { auctionId }: AuctionMessageDto) {
    for (const room of auctionRooms(auctionId, userOf(socket).id, true)) await socket.leave(room);
    socket.emit('auction_left', { auctionId });
  }

  /** `POST /api/bids/auction/:auctionId` over the socket; no need to have joined the auction. */
  @SubscribeMessage('place_bid')
  async placeBid(
    @ConnectedSocket() socket: Socket,
    @MessageBody() { auctionId, amount, maxAmount }: PlaceBidMessageDto,
  ): Promise<PlacedBidAck> {
    return { ok: true, ...(await this.bids.place(userOf(socket), auctionId, { amount, maxAmount })) };
  }

  /** `DELETE /api/auctions/:id` over the socket: the seller cancels an auction without bids. */
  @SubscribeMessage('auction_status_update')
  async updateStatus(
    @ConnectedSocket() socket: Socket,
    @MessageBody() { auctionId, status }: AuctionStatusUpdateDto,
  ): Promise<StatusUpdatedAck> {
    await this.auctions.cancel(userOf(socket), auctionId);
    return { ok: true, auctionId, status };
  }

  /** Relayed to the others watching the auction: only from a socket watching it too. */
  @SubscribeMessage('typing')
  async typing(
    @ConnectedSocket() socket: Socket,
    @MessageBody() { auctionId }: AuctionMessageDto,
  ): Promise<{ ok: true }> {
    if (!socket.rooms.has(auctionRoom(auctionId))) {
      throw new ConflictException(`Join the auction first: join_auction { auctionId: ${auctionId} }`);
    }
    await this.typingRelay.relay(this.namespace.get(), userOf(socket), auctionId);
    return { ok: true };
  }

  /**
   * What the old auction client sends after a REST bid. The server told the room of the bid when
   * it was placed, so there is nothing more to do.
   */
  @SubscribeMessage('bid_placed')
  bidPlaced(@MessageBody() _message: AuctionMessageDto): { ok: true } {
    return { ok: true };
  }
}
