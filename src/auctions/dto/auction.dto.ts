import { fromCents } from '../../common/money';
import { ListingCarDto, ListingSpecsViewDto } from '../../marketplace/dto/listing.dto';
import { PublicUserDto, toPublicUserDto } from '../../users/dto/user.dto';
import { User } from '../../users/user.entity';
import { Auction, AuctionStatus } from '../auction.entity';

export class AuctionDto {
  id!: number;
  title!: string;
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
  leadingBidderId!: number | null;
  status!: AuctionStatus;
  startsAt!: Date;
  endsAt!: Date;
  createdAt!: Date;
}

export type AuctionWithSeller = Auction & { seller: User };

/** The least an acceptable next bid is, in cents. */
export const minimumBidCents = (auction: Auction) =>
  auction.bidCount === 0 ? auction.startingPriceCents : auction.currentPriceCents + auction.minIncrementCents;

export function reserveMet(auction: Auction): boolean {
  return (
    auction.reservePriceCents === null ||
    (auction.bidCount > 0 && auction.currentPriceCents >= auction.reservePriceCents)
  );
}

/** The auction as `viewerId` may see it: the reserve price only for its seller. */
export function toAuctionDto(auction: AuctionWithSeller, viewerId: number): AuctionDto {
  return {
    id: auction.id,
    title: auction.title,
    description: auction.description,
    seller: toPublicUserDto(auction.seller),
    car: { make: auction.make, model: auction.model, year: auction.year, carId: auction.carId },
    specs: { ...auction.specs },
    startingPrice: fromCents(auction.startingPriceCents),
    ...(auction.sellerId === viewerId
      ? { reservePrice: auction.reservePriceCents === null ? null : fromCents(auction.reservePriceCents) }
      : {}),
    reserveMet: reserveMet(auction),
    minIncrement: fromCents(auction.minIncrementCents),
    currentPrice: fromCents(auction.currentPriceCents),
    minimumBid: fromCents(minimumBidCents(auction)),
    bidCount: auction.bidCount,
    leadingBidderId: auction.leadingBidderId,
    status: auction.status,
    startsAt: auction.startsAt,
    endsAt: auction.endsAt,
    createdAt: auction.createdAt,
  };
}
