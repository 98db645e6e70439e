import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { PaginatedResponseOf } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { BidsService } from './bids.service';
import { BidDto, PlaceBidDto, PlacedBidDto } from './dto/bid.dto';

@ApiTags('bids')
@ApiBearerAuth()
@Controller('bids')
export class BidsController {
  constructor(private readonly bids: BidsService) {}

  /**
   * Bids on an auction: `amount` (the first at least its starting price, later ones the current
   * price plus the increment), `maxAmount` (the most you will pay: the platform bids for you up to
   * it, and nobody else ever sees it), or both. A maximum that is not enough to lead is accepted
   * (it raised the price) and answers `leading: false`.
   */
  @Post('auction/:auctionId')
  @ApiCreatedResponse({ type: PlacedBidDto })
  @ApiBadRequestResponse({
    description:
      'Below the minimum (the message names it), neither amount nor maxAmount, maxAmount below amount',
  })
  @ApiForbiddenResponse({ description: 'Your own auction' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Not active, ended or not started' })
  place(
    @CurrentUser() user: AuthUser,
    @Param('auctionId', ParseIdPipe) auctionId: number,
    @Body() dto: PlaceBidDto,
  ): Promise<PlacedBidDto> {
    return this.bids.place(user, auctionId, dto);
  }

  /**
   * An auction's bids, newest first. Bidders show as `bidderAlias`; `bidderId` only on the caller's
   * own bids, or on all of them for the auction's seller and admins.
   */
  @Get('auction/:auctionId')
  @ApiOkResponse({ type: PaginatedResponseOf(BidDto) })
  @ApiNotFoundResponse()
  forAuction(
    @CurrentUser() user: AuthUser,
    @Param('auctionId', ParseIdPipe) auctionId: number,
    @Query() query: PaginationQueryDto,
  ) {
    return this.bids.forAuction(user, auctionId, query);
  }

  /** The caller's bids, newest first. */
  @Get('user')
  @ApiOkResponse({ type: PaginatedResponseOf(BidDto) })
  mine(@CurrentUser() user: AuthUser, @Query() query: PaginationQueryDto) {
    return this.bids.forBidder(user, user.id, query);
  }

  /** A bid, for its bidder, the auction's seller and admins. */
  @Get(':id')
  @ApiNotFoundResponse({ description: 'No such bid, or the caller is not its bidder, seller or an admin' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<BidDto> {
    return this.bids.get(user, id);
  }
}
