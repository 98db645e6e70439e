import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { PaginatedResponseOf } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { FavoriteDto, FavoriteStateDto, FavoriteTarget } from './dto/favorite.dto';
import { FavoritesService } from './favorites.service';

/** Saved listings and auctions: `/api/favorites/listing/:id` and `/api/favorites/auction/:id`. */
@ApiTags('favorites')
@ApiBearerAuth()
@Controller('favorites')
export class FavoritesController {
  constructor(private readonly favorites: FavoritesService) {}

  /** The caller's saved listings and auctions, newest first. */
  @Get()
  @ApiOkResponse({ type: PaginatedResponseOf(FavoriteDto) })
  list(@CurrentUser() user: AuthUser, @Query() query: PaginationQueryDto) {
    return this.favorites.list(user.id, query);
  }

  /** Saves a listing (again is fine). */
  @Post('listing/:id')
  @ApiNotFoundResponse({ description: 'No such listing' })
  addListing(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<FavoriteStateDto> {
    return this.add(user, { listingId: id });
  }

  /** Saves an auction (again is fine). */
  @Post('auction/:id')
  @ApiNotFoundResponse({ description: 'No such auction' })
  addAuction(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<FavoriteStateDto> {
    return this.add(user, { auctionId: id });
  }

  /** Forgets a saved listing (not saved is fine). */
  @Delete('listing/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  removeListing(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.favorites.remove(user.id, { listingId: id });
  }

  /** Forgets a saved auction (not saved is fine). */
  @Delete('auction/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  removeAuction(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.favorites.remove(user.id, { auctionId: id });
  }

  /** Whether the caller saved this listing. */
  @Get('listing/:id')
  hasListing(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<FavoriteStateDto> {
    return this.state(user, { listingId: id });
  }

  /** Whether the caller saved this auction. */
  @Get('auction/:id')
  hasAuction(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<FavoriteStateDto> {
    return this.state(user, { auctionId: id });
  }

  private async add(user: AuthUser, target: FavoriteTarget): Promise<FavoriteStateDto> {
    await this.favorites.add(user.id, target);
    return { favorited: true };
  }

  private async state(user: AuthUser, target: FavoriteTarget): Promise<FavoriteStateDto> {
    return { favorited: await this.favorites.isFavorite(user.id, target) };
  }
}
