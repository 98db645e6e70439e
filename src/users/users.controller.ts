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
import { CreateUserDto, ReplaceUserDto, UpdateUserDto } from './dto/admin-user.dto';
import { PublicProfileDto, UserDto } from './dto/user.dto';
import { QueryUsersDto } from './dto/query-users.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UpdateRoleDto } from './dto/update-role.dto';
import { Role } from '../common/roles';
import { UsersService } from './users.service';

const TAKEN = 'The username (in any letter case) or the email is taken';
const SELF_DEMOTION = 'You cannot remove your own admin role';
const NOT_SETTABLE = 'An unknown field, `password` and `passwordHash` among them, or an invalid value';

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

  /** Changes `displayName`, `firstName`, `lastName`, `phone` and `address` of the caller's profile (also `PUT`). */
  @Patch('profile')
  updateProfile(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserDto> {
    return this.users.updateProfile(user.id, dto);
  }

  /** Alias of `PATCH /api/users/profile`: fields left out stay as they are. */
  @Put('profile')
  replaceProfile(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserDto> {
    return this.users.updateProfile(user.id, dto);
  }

  /** Admin: all users (public fields with the role and names, no emails; find one by exact `email`). */
  @Roles(Role.Admin)
  @Get()
  @ApiOkResponse({ type: PaginatedResponseOf(PublicProfileDto) })
  list(@Query() query: QueryUsersDto) {
    return this.users.list(query);
  }

  /**
   * Admin: creates an account, by signup's rules (`username`, `email`, `password`), with a `role`
   * (`user` unless given) and profile fields. Answers the user as the admin list shows them.
   */
  @Roles(Role.Admin)
  @Post()
  @ApiCreatedResponse({ type: PublicProfileDto })
  @ApiBadRequestResponse({ description: NOT_SETTABLE })
  @ApiConflictResponse({ description: TAKEN })
  create(@Body() dto: CreateUserDto): Promise<PublicProfileDto> {
    return this.users.create(dto);
  }

  /** A user's public profile: no email, phone or address; the role only for the user themself and admins. */
  @Get(':id')
  @ApiNotFoundResponse()
  publicProfile(
    @CurrentUser() viewer: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<PublicProfileDto> {
    return this.users.getPublicProfile(id, viewer);
  }

  /**
   * Admin: changes the fields given: `username`, `email`, `role` and the profile fields (`null`
   * clears a profile field). Never the password. The user's sessions see the change at once.
   */
  @Roles(Role.Admin)
  @Patch(':id')
  @ApiOkResponse({ type: PublicProfileDto })
  @ApiBadRequestResponse({ description: NOT_SETTABLE })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: `${TAKEN}; or: ${SELF_DEMOTION}` })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateUserDto,
  ): Promise<PublicProfileDto> {
    return this.users.update(actor.id, id, dto);
  }

  /**
   * Admin: replaces the user's record. `username` and `email` are required; the profile fields
   * left out (`displayName`, `firstName`, `lastName`, `phone`, `address`) become null; `role` left
   * out stays as it is. Never the password. The user's sessions see the change at once.
   */
  @Roles(Role.Admin)
  @Put(':id')
  @ApiOkResponse({ type: PublicProfileDto })
  @ApiBadRequestResponse({ description: NOT_SETTABLE })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: `${TAKEN}; or: ${SELF_DEMOTION}` })
  replace(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: ReplaceUserDto,
  ): Promise<PublicProfileDto> {
    return this.users.update(actor.id, id, dto, true);
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
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: SELF_DEMOTION })
  setRole(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateRoleDto,
  ): Promise<PublicProfileDto> {
    return this.users.setRole(actor.id, id, dto.role);
  }
}
