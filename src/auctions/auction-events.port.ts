/**
 * What live watchers of an auction hear. The services announce it through this port; the API
 * sends it to its sockets (the gateway), the worker through the Redis emitter, so that both reach
 * the clients of every API process.
 */
export interface AuctionEvents {
  newBid(event: NewBidEvent): void;
  extended(event: AuctionExtendedEvent): void;
  statusChanged(event: StatusChangedEvent): void;
}

/** Injection token of the process's `AuctionEvents`. */
export const AUCTION_EVENTS = Symbol('AUCTION_EVENTS');

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
