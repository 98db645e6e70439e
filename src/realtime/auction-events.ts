import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import {
  AuctionEvents,
  AuctionExtendedEvent,
  BidUpdateEvent,
  NewBidEvent,
  OutbidEvent,
  StatusChangedEvent,
} from '../auctions/auction-events.port';
import { channelOfDatabase } from '../redis/redis.module';

/** The Socket.IO namespace, room names and events of live auctions: shared by the API and the worker. */
export const AUCTIONS_NAMESPACE = '/auctions';

/**
 * The prefix of the Redis pub/sub channels that carry the events between processes (the API's
 * adapter and the worker's emitter), scoped to the logical database.
 */
export const eventsChannelPrefix = (redis: Redis) => channelOfDatabase(redis, 'socket.io');

/** Every socket watching the auction. */
export const auctionRoom = (auctionId: number) => `auction:${auctionId}`;
/** The sockets of its seller and of admins watching it: they see every bidder's id. */
export const auctionFullRoom = (auctionId: number) => `auction:${auctionId}:full`;
/** One user's sockets watching the auction: they see their own id. */
export const auctionUserRoom = (auctionId: number, userId: number) => `auction:${auctionId}:user:${userId}`;

/** Every socket of one user, whatever it watches: personal events such as `outbid`. */
export const userRoom = (userId: number) => `user:${userId}`;

/** The rooms a socket of `userId` joins to watch an auction (`full` for its seller and admins). */
export function auctionRooms(auctionId: number, userId: number, full: boolean): string[] {
  return [
    auctionRoom(auctionId),
    auctionUserRoom(auctionId, userId),
    ...(full ? [auctionFullRoom(auctionId)] : []),
  ];
}

/** Rooms to emit to: the API's namespace and the worker's Redis emitter both fit. */
export interface RoomEmitter {
  to(room: string | string[]): RoomBroadcast;
}

interface RoomBroadcast {
  to(room: string | string[]): RoomBroadcast;
  except(room: string | string[]): RoomBroadcast;
  emit(event: string, payload: object): unknown;
}

/**
 * Bidder privacy in a room: `full` (with the user id) goes to the seller, admins and the user it
 * names (`subjectId`), `aliased` (without it) to every other socket watching; each socket gets
 * one of them once. Both are room broadcasts, so they reach the sockets of every API process.
 */
function emitWithPrivacy(
  target: RoomEmitter,
  auctionId: number,
  event: string,
  full: object,
  aliased: object,
  subjectId: number | null,
): void {
  const privileged = [
    auctionFullRoom(auctionId),
    ...(subjectId === null ? [] : [auctionUserRoom(auctionId, subjectId)]),
  ];
  target.to(privileged).emit(event, full);
  target.to(auctionRoom(auctionId)).except(privileged).emit(event, aliased);
}

/**
 * The auction events as room broadcasts, with bidder privacy: the API sends them through its
 * namespace, the worker through the Redis emitter (`rooms` gives the target when sending).
 */
export class RoomAuctionEvents implements AuctionEvents {
  constructor(
    private readonly rooms: () => RoomEmitter,
    private readonly logger: Logger,
  ) {}

  newBid(event: NewBidEvent): void {
    this.send('new_bid', event.auctionId, (target) => {
      const { bidderId, ...bid } = event.bid;
      emitWithPrivacy(target, event.auctionId, 'new_bid', event, { ...event, bid }, bidderId ?? null);
    });
  }

  bidUpdate(event: BidUpdateEvent): void {
    this.send('bid_update', event.auctionId, (target) => {
      const { leadingBidderId, ...aliased } = event;
      emitWithPrivacy(target, event.auctionId, 'bid_update', event, aliased, leadingBidderId);
    });
  }

  outbid({ userId, ...event }: OutbidEvent): void {
    this.send('outbid', event.auctionId, (target) => target.to(userRoom(userId)).emit('outbid', event));
  }

  extended(event: AuctionExtendedEvent): void {
    this.send('auction_extended', event.auctionId, (target) =>
      target.to(auctionRoom(event.auctionId)).emit('auction_extended', event),
    );
  }

  statusChanged(event: StatusChangedEvent): void {
    this.send('status_changed', event.auctionId, (target) => {
      const { winnerId, ...aliased } = event;
      emitWithPrivacy(target, event.auctionId, 'status_changed', event, aliased, winnerId ?? null);
    });
  }

  private send(name: string, auctionId: number, emit: (target: RoomEmitter) => void): void {
    try {
      emit(this.rooms());
    } catch (error) {
      // A lost live update must not fail the bid or the close that caused it.
      this.logger.warn(`Could not emit ${name} for auction ${auctionId}: ${(error as Error).message}`);
    }
  }
}
