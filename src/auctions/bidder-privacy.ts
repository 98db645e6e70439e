import { EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth-user';
import { Role } from '../common/roles';
import { Auction } from './auction.entity';

/**
 * Bidder privacy (eBay's): in an auction's bids, events and leader, only the bidder concerned, the
 * seller and admins see user ids; everyone else sees the bidder's number in that auction. A viewer
 * without a role is not taken for an admin.
 */
export type Viewer = Pick<AuthUser, 'id'> & Partial<Pick<AuthUser, 'role'>>;

/** What others see instead of a bidder's id: `bidder 1` for an auction's first bidder, and so on. */
export const bidderAlias = (bidderNumber: number) => `bidder ${bidderNumber}`;

/** Whether `viewer` may see the id of `bidderId` in the auction `sellerId` sells. */
export function seesBidder(viewer: Viewer, sellerId: number, bidderId: number | null): boolean {
  return (
    viewer.role === Role.Admin || viewer.id === sellerId || (bidderId !== null && viewer.id === bidderId)
  );
}

/**
 * The number `bidderId` bids under in the auction: the one of their earlier bids there, else one
 * more than the auction's last. Run it in the bid's transaction after the auction's row is
 * updated, so that concurrent first bids of two bidders get different numbers (the update
 * serializes them). Two index lookups, whatever the number of bids.
 */
export async function bidderNumberFor(
  manager: EntityManager,
  auctionId: number,
  bidderId: number,
): Promise<number> {
  const row = await manager
    .createQueryBuilder()
    .select(
      'COALESCE(' +
        '(SELECT bidder_number FROM bids WHERE auction_id = :auctionId AND bidder_id = :bidderId LIMIT 1), ' +
        '(SELECT COALESCE(MAX(bidder_number), 0) + 1 FROM bids WHERE auction_id = :auctionId))',
      'number',
    )
    .fromDummy()
    .setParameters({ auctionId, bidderId })
    .getRawOne<{ number: number | string }>();
  return Number(row!.number);
}

/**
 * The number of each auction's leading bidder, by auction id: one query for them all, one index
 * lookup per auction (all of a bidder's bids in an auction carry the same number).
 */
export async function leadingBidderNumbers(
  manager: EntityManager,
  auctions: { id: number; leadingBidderId: number | null }[],
): Promise<Map<number, number>> {
  const led = auctions.filter((auction) => auction.leadingBidderId !== null).map((auction) => auction.id);
  if (led.length === 0) return new Map();
  const rows = await manager
    .createQueryBuilder(Auction, 'auction')
    .select('auction.id', 'id')
    .addSelect(
      '(SELECT bid.bidder_number FROM bids bid ' +
        'WHERE bid.bidder_id = auction.leading_bidder_id AND bid.auction_id = auction.id LIMIT 1)',
      'number',
    )
    .where('auction.id IN (:...led)', { led })
    .getRawMany<{ id: number | string; number: number | string | null }>();
  return new Map(
    rows.filter((row) => row.number !== null).map((row) => [Number(row.id), Number(row.number)]),
  );
}
