/**
 * What live watchers of an auction hear. The services announce it through this port; the API
 * sends it to its sockets (the gateway), the worker through the Redis emitter, so that both reach
 * the clients of every API process. No event ever carries a bidder's maximum.
 */
export interface AuctionEvents {
  newBid(event: NewBidEvent): void;
  /** The auction's bidding state after every change: a bid, an extension, an edit. */
  bidUpdate(event: BidUpdateEvent): void;
  /** To the one user who lost the lead, on every socket they hold. */
  outbid(event: OutbidEvent): void;
  extended(event: AuctionExtendedEvent): void;
  statusChanged(event: StatusChangedEvent): void;
}

/** Injection token of the process's `AuctionEvents`. */
export const AUCTION_EVENTS = Symbol('AUCTION_EVENTS');

export interface NewBidEvent {
  auctionId: number;
  /** `bidderId` only reaches the bidder, the seller and admins. */
  bid: {
    id: number;
    bidderId?: number | null;
    bidderAlias: string;
    amount: number;
    /** Placed by the platform for a bidder's maximum. */
    auto: boolean;
    createdAt: Date;
  };
  currentPrice: number;
  bidCount: number;
  endsAt: Date;
}

export interface BidUpdateEvent {
  auctionId: number;
  currentPrice: number;
  minimumBid: number;
  bidCount: number;
  /** Only reaches the leader, the seller and admins; others see `leadingBidderAlias`. */
  leadingBidderId: number | null;
  leadingBidderAlias: string | null;
  reserveMet: boolean;
  endsAt: Date;
}

export interface OutbidEvent {
  /** Who lost the lead: the event goes to their sockets only, and does not carry this field. */
  userId: number;
  auctionId: number;
  currentPrice: number;
  minimumBid: number;
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
