import { AuthUser } from '../common/auth-user';
import { Role } from '../common/roles';

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
