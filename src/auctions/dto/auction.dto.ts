import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '../../common/api-timestamp';
import { fromCents } from '../../common/money';
import { MAX_DESCRIPTION_LENGTH } from '../../marketplace/dto/listing-details.dto';
import { ListingCarDto, ListingSpecsViewDto } from '../../marketplace/dto/listing.dto';
import { PublicUserDto, toPublicUserDto } from '../../users/dto/user.dto';
import { User } from '../../users/user.entity';
import { Auction, AuctionStatus } from '../auction.entity';
import { bidderAlias, seesBidder, Viewer } from '../bidder-privacy';
import { MAX_BIDDER_ALIAS_LENGTH } from './bid.dto';

export const MIN_TITLE_LENGTH = 3;
export const MAX_TITLE_LENGTH = 120;

/** `status` of an auction wherever it is read or filtered on: one named type for client generators. */
export const AUCTION_STATUS_SCHEMA = { enum: AuctionStatus, enumName: 'AuctionStatus' };

export class AuctionDto {
  id!: number;
  @ApiProperty({ maxLength: MAX_TITLE_LENGTH })
  title!: string;
  @ApiProperty({ maxLength: MAX_DESCRIPTION_LENGTH })
  description!: string;
  seller!: PublicUserDto;
  car!: ListingCarDto;
  specs!: ListingSpecsViewDto;
  startingPrice!: number;
  /** Only in the seller's view. */
  reservePrice?: number | null;
  /** Whether the highest bid meets the reserve (true when there is none). */
  reserveMet!: boolean;
  minIncrement!: number;
  /** The highest accepted bid, or the starting price before any. */
  currentPrice!: number;
  /** The least the next bid must be. */
  minimumBid!: number;
  bidCount!: number;
  /** Only for the leading bidder themself, the seller and admins; others see `leadingBidderAlias`. */
  leadingBidderId?: number | null;
  /** The leading bidder as everyone sees them (`bidder 2`: the auction's second bidder); null without bids. */
  @ApiProperty({ maxLength: MAX_BIDDER_ALIAS_LENGTH })
  leadingBidderAlias!: string | null;
  @ApiProperty(AUCTION_STATUS_SCHEMA)
  status!: AuctionStatus;
  @ApiTimestamp()
  startsAt!: Date;
  @ApiTimestamp()
  endsAt!: Date;
  @ApiTimestamp()
  createdAt!: Date;
}

export type AuctionWithSeller = Auction & { seller: User };

/** The least an acceptable next bid is, in cents. */
export const minimumBidCents = (
  auction: Pick<Auction, 'bidCount' | 'currentPriceCents' | 'startingPriceCents' | 'minIncrementCents'>,
) =>
  auction.bidCount === 0 ? auction.startingPriceCents : auction.currentPriceCents + auction.minIncrementCents;

export function reserveMet(
  auction: Pick<Auction, 'reservePriceCents' | 'bidCount' | 'currentPriceCents'>,
): boolean {
  return (
    auction.reservePriceCents === null ||
    (auction.bidCount > 0 && auction.currentPriceCents >= auction.reservePriceCents)
  );
}

/**
 * The auction as `viewer` may see it: the reserve price only for its seller, the leader's id only
 * for the leader, the seller and admins (see `seesBidder`). `leadingBidderNumber` is the leader's
 * number in the auction (`AuctionsRepository.leadingBidderNumbers`).
 */
export function toAuctionDto(
  auction: AuctionWithSeller,
  viewer: Viewer,
  leadingBidderNumber: number | null,
): AuctionDto {
  return {
    id: auction.id,
    title: auction.title,
    description: auction.description,
    seller: toPublicUserDto(auction.seller),
    car: { make: auction.make, model: auction.model, year: auction.year, carId: auction.carId },
    specs: { ...auction.specs },
    startingPrice: fromCents(auction.startingPriceCents),
    ...(auction.sellerId === viewer.id
      ? { reservePrice: auction.reservePriceCents === null ? null : fromCents(auction.reservePriceCents) }
      : {}),
    reserveMet: reserveMet(auction),
    minIncrement: fromCents(auction.minIncrementCents),
    currentPrice: fromCents(auction.currentPriceCents),
    minimumBid: fromCents(minimumBidCents(auction)),
    bidCount: auction.bidCount,
    ...(seesBidder(viewer, auction.sellerId, auction.leadingBidderId)
      ? { leadingBidderId: auction.leadingBidderId }
      : {}),
    leadingBidderAlias: leadingBidderNumber === null ? null : bidderAlias(leadingBidderNumber),
    status: auction.status,
    startsAt: auction.startsAt,
    endsAt: auction.endsAt,
    createdAt: auction.createdAt,
  };
}
