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
  ApiBody,
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
import { CreateListingDto } from './dto/create-listing.dto';
import { ListingDto } from './dto/listing.dto';
import { PurchaseDto } from './dto/purchase.dto';
import { QueryListingsDto } from './dto/query-listings.dto';
import { ReplaceListingDto } from './dto/replace-listing.dto';
import { QueryTransactionsDto, TransactionDto } from './dto/transaction.dto';
import { UpdateListingDto } from './dto/update-listing.dto';
import { ListingsService } from './listings.service';
import { SalesService } from './sales.service';

const SELLER_ONLY = 'Only the seller can change this listing';
const SOLD = 'The listing has been sold';

@ApiTags('marketplace')
@ApiBearerAuth()
@Controller('marketplace')
export class MarketplaceController {
  constructor(
    private readonly listings: ListingsService,
    private readonly sales: SalesService,
  ) {}

  /** Listings (active by default), filtered, sorted and paginated. */
  @Get('listings')
  @ApiOkResponse({ type: PaginatedResponseOf(ListingDto) })
  list(@Query() query: QueryListingsDto) {
    return this.listings.list(query);
  }

  @Get('listings/:id')
  @ApiNotFoundResponse()
  get(@Param('id', ParseIdPipe) id: number): Promise<ListingDto> {
    return this.listings.get(id);
  }

  /** Lists a car for sale: a catalogue `carId`, or `make`, `model` and `year`. */
  @Post('listings')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateListingDto): Promise<ListingDto> {
    return this.listings.create(user.id, dto);
  }

  /** Changes the given fields; `status` moves between `active` and `withdrawn`. Seller only. */
  @Patch('listings/:id')
  @ApiNotFoundResponse({ description: 'No such listing' })
  @ApiForbiddenResponse({ description: SELLER_ONLY })
  @ApiConflictResponse({ description: SOLD })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateListingDto,
  ): Promise<ListingDto> {
    return this.listings.update(user, id, dto);
  }

  /** Replaces the listing; description and specs left out are cleared. Seller only. */
  @Put('listings/:id')
  @ApiNotFoundResponse({ description: 'No such listing' })
  @ApiForbiddenResponse({ description: SELLER_ONLY })
  @ApiConflictResponse({ description: SOLD })
  replace(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: ReplaceListingDto,
  ): Promise<ListingDto> {
    return this.listings.update(user, id, dto, true);
  }

  @Delete('listings/:id')
  @ApiNotFoundResponse({ description: 'No such listing' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: SELLER_ONLY })
  @ApiConflictResponse({ description: SOLD })
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.listings.remove(user, id);
  }

  /**
   * Buys the listing. Of buyers racing for one listing, exactly one succeeds.
   *
   * @remarks Send `{ "expectedPrice": <the price the buyer saw> }`: if the seller has changed the
   * price since, the purchase is refused (`409`, naming the current price) and nothing changes.
   * Without a body the listing is bought at whatever its price is at that moment. The buyer is
   * the caller; no other field may be sent.
   */
  @Post('listings/:id/purchase')
  @ApiNotFoundResponse({ description: 'No such listing' })
  @ApiBody({ type: PurchaseDto, required: false })
  @ApiCreatedResponse({ type: TransactionDto })
  @ApiBadRequestResponse({ description: 'A field other than `expectedPrice`, or not a price' })
  @ApiForbiddenResponse({ description: 'Your own listing' })
  @ApiConflictResponse({
    description:
      'The listing is no longer active (sold, withdrawn, or lost race), or its price is not `expectedPrice`',
  })
  purchase(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: PurchaseDto,
  ): Promise<TransactionDto> {
    return this.listings.purchase(user, id, body.expectedPrice);
  }

  /** The caller's transactions: purchases (`role=buyer`), sales (`role=seller`) or both. */
  @Get('transactions')
  @ApiOkResponse({ type: PaginatedResponseOf(TransactionDto) })
  transactions(@CurrentUser() user: AuthUser, @Query() query: QueryTransactionsDto) {
    return this.sales.list(user, query);
  }

  /** One of the caller's transactions (as buyer or seller); any other is 404. */
  @Get('transactions/:id')
  @ApiNotFoundResponse()
  transaction(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<TransactionDto> {
    return this.sales.get(user, id);
  }
}
