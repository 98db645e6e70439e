import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { Roles } from '../common/decorators/roles.decorator';
import { PaginatedResponseOf } from '../common/pagination/paginated';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { PublicUserDto, UserDto } from './dto/user.dto';
import { QueryUsersDto } from './dto/query-users.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UpdateRoleDto } from './dto/update-role.dto';
import { Role } from '../common/roles';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The caller's own profile. */
  @Get('profile')
  profile(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.getOwnProfile(user);
  }

  /** Changes `displayName`, `phone` and `address` of the caller's profile (also `PUT`). */
  @Patch('profile')
  updateProfile(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserDto> {
    return this.users.updateProfile(user.id, dto);
  }

  /** Alias of `PATCH /api/users/profile`: fields left out stay as they are. */
  @Put('profile')
  replaceProfile(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserDto> {
    return this.users.updateProfile(user.id, dto);
  }

  /** Admin: all users (public fields; find one by exact `email`). */
  @Roles(Role.Admin)
  @Get()
  @ApiOkResponse({ type: PaginatedResponseOf(PublicUserDto) })
  list(@Query() query: QueryUsersDto) {
    return this.users.list(query);
  }

  /** A user's public profile: no email, phone or address; the role only for the user themself and admins. */
  @Get(':id')
  @ApiNotFoundResponse()
  publicProfile(
    @CurrentUser() viewer: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<PublicUserDto> {
    return this.users.getPublicProfile(id, viewer);
  }

  /**
   * Admin: deletes a user with their sessions, listings, auctions and favorites. Not yourself, and
   * not a user whose auctions have bids or who has sales or purchases: those are other users'
   * records too (409).
   */
  @Roles(Role.Admin)
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description:
      "Yourself, or a user with auctions with other users' bids, sales or purchases (the message says which)",
  })
  remove(@CurrentUser() actor: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.users.remove(actor.id, id);
  }

  /** Admin: sets a user's role (you cannot demote yourself: 409). */
  @Roles(Role.Admin)
  @Patch(':id/role')
  setRole(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateRoleDto,
  ): Promise<PublicUserDto> {
    return this.users.setRole(actor.id, id, dto.role);
  }
}
