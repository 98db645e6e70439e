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
import { FavoriteDto, FavoriteStateDto } from './dto/favorite.dto';
import { FavoritesService } from './favorites.service';

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
  @ApiNotFoundResponse()
  async addListing(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<FavoriteStateDto> {
    await this.favorites.addListing(user.id, id);
    return { favorited: true };
  }

  /** Forgets a saved listing (not saved is fine). */
  @Delete('listing/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  removeListing(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.favorites.removeListing(user.id, id);
  }

  @Get('listing/:id')
  async isListingFavorite(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<FavoriteStateDto> {
    return { favorited: await this.favorites.isListingFavorite(user.id, id) };
  }
}
