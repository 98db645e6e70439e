import { ApiTimestamp } from '../../common/api-timestamp';
import { Favorite } from '../favorite.entity';

/** A favorite's target: a listing or an auction. */
export type FavoriteTarget = { listingId: number } | { auctionId: number };

export class FavoriteDto {
  id!: number;
  /** Set for a saved listing. */
  listingId!: number | null;
  /** Set for a saved auction. */
  auctionId!: number | null;
  @ApiTimestamp()
  createdAt!: Date;
}

export class FavoriteStateDto {
  favorited!: boolean;
}

export function toFavoriteDto({ id, listingId, auctionId, createdAt }: Favorite): FavoriteDto {
  return { id, listingId, auctionId, createdAt };
}
