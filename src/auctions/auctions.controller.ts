import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { PaginatedResponseOf } from '../common/pagination/paginated';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { AuctionsService } from './auctions.service';
import { BidsService } from './bids.service';
import { AuctionDto } from './dto/auction.dto';
import { PlaceBidDto, PlacedBidDto } from './dto/bid.dto';
import { CreateAuctionDto } from './dto/create-auction.dto';
import { QueryAuctionsDto, SearchAuctionsDto } from './dto/query-auctions.dto';
import { ReplaceAuctionDto } from './dto/replace-auction.dto';
import { UpdateAuctionDto } from './dto/update-auction.dto';

const SELLER_ONLY = 'Only the seller can change this auction';
const FROZEN_BY_BIDS =
  'No longer active; or it has bids and the change touches what they freeze (the message names it): ' +
  'carId, make, model, year, specs, startingPrice, reservePrice, minIncrement, endsAt, or a description ' +
  'that does not begin with the current one';

@ApiTags('auctions')
@ApiBearerAuth()
@Controller('auctions')
export class AuctionsController {
  constructor(
    private readonly auctions: AuctionsService,
    private readonly bids: BidsService,
  ) {}

  /** Auctions (active by default), filtered, sorted (soonest end first by default) and paginated. */
  @Get()
  @ApiOkResponse({ type: PaginatedResponseOf(AuctionDto) })
  list(@CurrentUser() user: AuthUser, @Query() query: QueryAuctionsDto) {
    return this.auctions.list(user, query);
  }

  /** Auctions whose title, description, make or model contains `q`. */
  @Get('search')
  @ApiOkResponse({ type: PaginatedResponseOf(AuctionDto) })
  search(@CurrentUser() user: AuthUser, @Query() query: SearchAuctionsDto) {
    return this.auctions.search(user, query);
  }

  @Get(':id')
  @ApiNotFoundResponse()
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<AuctionDto> {
    return this.auctions.get(user, id);
  }

  /** Opens an auction: a catalogue `carId` or `make`, `model`, `year`; `endsAt` within AUCTION_MAX_DAYS. */
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateAuctionDto): Promise<AuctionDto> {
    return this.auctions.create(user, dto);
  }

  /**
   * Changes the given fields (seller only). Once the auction has bids, the car, its specs, the
   * prices and `endsAt` may only be sent unchanged, and the description may only be added to (the
   * new one begins with the current one).
   */
  @Patch(':id')
  @ApiNotFoundResponse({ description: 'No such auction' })
  @ApiForbiddenResponse({ description: SELLER_ONLY })
  @ApiConflictResponse({ description: FROZEN_BY_BIDS })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateAuctionDto,
  ): Promise<AuctionDto> {
    return this.auctions.update(user, id, dto);
  }

  /**
   * Replaces the auction (seller only). Once it has bids, the same freeze as `PATCH`: what bids
   * freeze must be sent as it is, and the description may only be added to.
   */
  @Put(':id')
  @ApiNotFoundResponse({ description: 'No such auction' })
  @ApiForbiddenResponse({ description: SELLER_ONLY })
  @ApiConflictResponse({ description: FROZEN_BY_BIDS })
  replace(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: ReplaceAuctionDto,
  ): Promise<AuctionDto> {
    return this.auctions.update(user, id, dto, true);
  }

  /** Cancels the auction (seller only, no bids yet). */
  @Delete(':id')
  @ApiNotFoundResponse({ description: 'No such auction' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: SELLER_ONLY })
  @ApiConflictResponse({ description: 'Has bids, or no longer active' })
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.auctions.cancel(user, id);
  }

  /** Alias of `POST /api/bids/auction/:auctionId`. */
  @Post(':id/bids')
  @ApiCreatedResponse({ type: PlacedBidDto })
  @ApiBadRequestResponse({
    description: 'Below the minimum (the message names it), or no amount nor maxAmount',
  })
  @ApiForbiddenResponse({ description: 'Your own auction' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Not active, ended or not started' })
  bid(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: PlaceBidDto,
  ): Promise<PlacedBidDto> {
    return this.bids.place(user, id, dto);
  }
}
