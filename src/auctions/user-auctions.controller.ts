import { Controller, ForbiddenException, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { PaginatedResponseOf } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { Role } from '../common/roles';
import { AuctionsService } from './auctions.service';
import { BidsService } from './bids.service';
import { AuctionDto } from './dto/auction.dto';
import { BidDto } from './dto/bid.dto';

/** A user's auctions (anyone may see) and bids (the user themself or an admin). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UserAuctionsController {
  constructor(
    private readonly auctions: AuctionsService,
    private readonly bids: BidsService,
  ) {}

  /** The auctions a user sells, in every status, soonest end first. */
  @Get(':id/auctions')
  @ApiOkResponse({ type: PaginatedResponseOf(AuctionDto) })
  auctionsOf(
    @CurrentUser() viewer: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PaginationQueryDto,
  ) {
    return this.auctions.ofSeller(viewer, id, query);
  }

  @Get(':id/bids')
  @ApiOkResponse({ type: PaginatedResponseOf(BidDto) })
  @ApiForbiddenResponse({ description: 'Only the user themself or an admin' })
  bidsOf(
    @CurrentUser() viewer: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PaginationQueryDto,
  ) {
    if (viewer.id !== id && viewer.role !== Role.Admin) {
      throw new ForbiddenException("Only the user themself or an admin can read a user's bids");
    }
    return this.bids.forBidder(viewer, id, query);
  }
}
