import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Request } from 'express';
import { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { PaginatedResponseOf } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { AuthThrottlerGuard } from '../common/throttling/auth-throttler.guard';
import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { clientInfo } from './client-info';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { SessionDto } from './dto/session.dto';
import { SignupDto } from './dto/signup.dto';
import { TokensDto } from './dto/tokens.dto';
import { SessionsService } from './sessions.service';

/** The answer of the routes under AuthThrottlerGuard once a client has used its budget. */
const THROTTLED = {
  description:
    'More than AUTH_RATE_LIMIT requests a minute from this client (its IPv4 address, or its IPv6 /64)',
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  /** Creates an account and signs it in. Also at `/api/auth/register`. */
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post(['signup', 'register'])
  @ApiConflictResponse({ description: 'Email or username already taken' })
  @ApiTooManyRequestsResponse(THROTTLED)
  signup(@Body() dto: SignupDto, @Req() request: Request): Promise<TokensDto> {
    return this.auth.signup(dto, clientInfo(request));
  }

  /** Signs in with email or username and password. */
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'Invalid credentials (the same for an unknown user)' })
  @ApiTooManyRequestsResponse(THROTTLED)
  login(@Body() dto: LoginDto, @Req() request: Request): Promise<TokensDto> {
    return this.auth.login(dto, clientInfo(request));
  }

  /** Exchanges a refresh token for new tokens. Replaying a used refresh token ends its session. */
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'Unknown, expired or already used refresh token' })
  @ApiTooManyRequestsResponse(THROTTLED)
  refresh(@Body() dto: RefreshDto): Promise<TokensDto> {
    return this.sessions.refresh(dto.refreshToken);
  }

  /** Ends the current session: its access and refresh tokens stop working. */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }

  /** Ends every session of the user. */
  @ApiBearerAuth()
  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  logoutAll(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logoutAll(user);
  }

  /** The signed-in user. */
  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.getOwnProfile(user);
  }

  /** The user's live sessions, most recently used first. */
  @ApiBearerAuth()
  @Get('sessions')
  @ApiOkResponse({ type: PaginatedResponseOf(SessionDto) })
  listSessions(@CurrentUser() user: AuthUser, @Query() page: PaginationQueryDto) {
    return this.sessions.list(user, page);
  }

  /** Ends one of the user's own sessions. */
  @ApiBearerAuth()
  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such live session of this user' })
  revokeSession(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.sessions.revoke(user.id, id);
  }

  /** Changes the password; every other session of the user ends. */
  @ApiBearerAuth()
  @UseGuards(AuthThrottlerGuard)
  @Post('change-password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Current password is incorrect' })
  @ApiTooManyRequestsResponse(THROTTLED)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto);
  }
}
