import type Redis from 'ioredis';
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

/** The rooms a socket of `userId` joins to watch an auction (`full` for its seller and admins). */
export function auctionRooms(auctionId: number, userId: number, full: boolean): string[] {
  return [
    auctionRoom(auctionId),
    auctionUserRoom(auctionId, userId),
    ...(full ? [auctionFullRoom(auctionId)] : []),
  ];
}

export interface NewBidEvent {
  auctionId: number;
  /** `bidderId` only reaches the bidder, the seller and admins. */
  bid: { id: number; bidderId?: number | null; bidderAlias: string; amount: number; createdAt: Date };
  currentPrice: number;
  bidCount: number;
  endsAt: Date;
}

export interface AuctionExtendedEvent {
  auctionId: number;
  endsAt: Date;
}

export interface StatusChangedEvent {
  auctionId: number;
  status: string;
  /** Only reaches the winner, the seller and admins. */
  winnerId?: number | null;
  winnerAlias: string | null;
  finalPrice: number | null;
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

export function emitNewBid(target: RoomEmitter, event: NewBidEvent): void {
  const { bidderId, ...bid } = event.bid;
  emitWithPrivacy(target, event.auctionId, 'new_bid', event, { ...event, bid }, bidderId ?? null);
}

export function emitStatusChanged(target: RoomEmitter, event: StatusChangedEvent): void {
  const { winnerId, ...aliased } = event;
  emitWithPrivacy(target, event.auctionId, 'status_changed', event, aliased, winnerId ?? null);
}
