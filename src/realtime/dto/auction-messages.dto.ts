import { IsIn, IsInt, Max, Min } from 'class-validator';
import { PlacedBidDto, PlaceBidDto } from '../../auctions/dto/bid.dto';
import { AuctionStatus } from '../../auctions/auction.entity';
import { MAX_ID } from '../../common/pipes/parse-id.pipe';

/** A message about one auction: `join_auction`, `leave_auction`, `typing`, `bid_placed`. */
export class AuctionMessageDto {
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  auctionId!: number;
}

/** `place_bid`: the body of `POST /api/bids/auction/:auctionId`, with the auction's id. */
export class PlaceBidMessageDto extends PlaceBidDto {
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  auctionId!: number;
}

/** The statuses a client may set: the seller cancels (the worker closes auctions). */
const CLIENT_STATUSES = [AuctionStatus.Cancelled] as const;

/** `auction_status_update`: what `DELETE /api/auctions/:id` does, by the seller. */
export class AuctionStatusUpdateDto extends AuctionMessageDto {
  @IsIn(CLIENT_STATUSES)
  status!: (typeof CLIENT_STATUSES)[number];
}

/** The acknowledgement of an accepted `place_bid`: the REST route's 201 body. */
export interface PlacedBidAck extends PlacedBidDto {
  ok: true;
}

export interface StatusUpdatedAck {
  ok: true;
  auctionId: number;
  status: AuctionStatus.Cancelled;
}
