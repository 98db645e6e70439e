import type Redis from 'ioredis';
import { channelOfDatabase } from '../redis/redis.module';

/** The Socket.IO namespace, room names and events of live auctions: shared by the API and the worker. */
export const AUCTIONS_NAMESPACE = '/auctions';

/**
 * The prefix of the Redis pub/sub channels that carry the events between processes (the API's
 * adapter and the worker's emitter), scoped to the logical database.
 */
export const eventsChannelPrefix = (redis: Redis) => channelOfDatabase(redis, 'socket.io');

export const auctionRoom = (auctionId: number) => `auction:${auctionId}`;

export interface NewBidEvent {
  auctionId: number;
  bid: { id: number; bidderId: number | null; amount: number; createdAt: Date };
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
  winnerId: number | null;
  finalPrice: number | null;
}
