import {
  Controller,
  createParamDecorator,
  Delete,
  ExecutionContext,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { Request } from 'express';
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

const ROUTES = ['listing/:id', 'auction/:id'];

/** Whether the matched route is the auction one (each handler serves both kinds). */
const FavoriteKind = createParamDecorator((_: unknown, context: ExecutionContext): 'listing' | 'auction' =>
  context.switchToHttp().getRequest<Request>().route.path.endsWith('/auction/:id') ? 'auction' : 'listing',
);

const target = (kind: 'listing' | 'auction', id: number): FavoriteTarget =>
  kind === 'listing' ? { listingId: id } : { auctionId: id };

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

  /** Saves a listing or an auction (again is fine). */
  @Post(ROUTES)
  @ApiNotFoundResponse()
  async add(
    @CurrentUser() user: AuthUser,
    @FavoriteKind() kind: 'listing' | 'auction',
    @Param('id', ParseIdPipe) id: number,
  ): Promise<FavoriteStateDto> {
    await this.favorites.add(user.id, target(kind, id));
    return { favorited: true };
  }

  /** Forgets a saved listing or auction (not saved is fine). */
  @Delete(ROUTES)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  remove(
    @CurrentUser() user: AuthUser,
    @FavoriteKind() kind: 'listing' | 'auction',
    @Param('id', ParseIdPipe) id: number,
  ): Promise<void> {
    return this.favorites.remove(user.id, target(kind, id));
  }

  @Get(ROUTES)
  async isFavorite(
    @CurrentUser() user: AuthUser,
    @FavoriteKind() kind: 'listing' | 'auction',
    @Param('id', ParseIdPipe) id: number,
  ): Promise<FavoriteStateDto> {
    return { favorited: await this.favorites.isFavorite(user.id, target(kind, id)) };
  }
}
