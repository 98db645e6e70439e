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
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
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
import { authenticatedByCookie, BrowserSessions, CSRF_COOKIE, CSRF_HEADER } from './browser-sessions';
import { CSRF_PARAMETER } from './browser-sessions.openapi';
import { clientInfo } from './client-info';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CookieSessionDto } from './dto/cookie-session.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { SessionDto } from './dto/session.dto';
import { SignupDto } from './dto/signup.dto';
import { TokensDto } from './dto/tokens.dto';
import { SessionsService } from './sessions.service';

/** The body of a sign-in or refresh: tokens, or for a browser session the user alone. */
const SIGNED_IN = {
  description:
    'The tokens; with `"cookie": true` (or a refresh by cookie) the access_token, refresh_token and ' +
    'csrf_token cookies are set instead and the body holds no token',
  schema: { oneOf: [{ $ref: getSchemaPath(TokensDto) }, { $ref: getSchemaPath(CookieSessionDto) }] },
};

/** The answer of the routes under AuthThrottlerGuard once a client has used its budget. */
const THROTTLED = {
  description:
    'More than AUTH_RATE_LIMIT requests a minute from this client (its IPv4 address, or its IPv6 /64)',
};

@ApiTags('auth')
@ApiExtraModels(TokensDto, CookieSessionDto)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly browser: BrowserSessions,
  ) {}

  /**
   * Creates an account and signs it in. With `"cookie": true`, a browser session (see
   * `/api/auth/login`).
   */
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('signup')
  @ApiCreatedResponse(SIGNED_IN)
  @ApiConflictResponse({ description: 'Email or username already taken' })
  @ApiTooManyRequestsResponse(THROTTLED)
  async signup(
    @Body() dto: SignupDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokensDto | CookieSessionDto> {
    return this.browser.answer(
      await this.auth.signup(dto, clientInfo(request)),
      dto.cookie,
      request,
      response,
    );
  }

  /** The same as `/api/auth/signup`, under the name earlier clients use. */
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('register')
  @ApiCreatedResponse(SIGNED_IN)
  @ApiConflictResponse({ description: 'Email or username already taken' })
  @ApiTooManyRequestsResponse(THROTTLED)
  register(
    @Body() dto: SignupDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokensDto | CookieSessionDto> {
    return this.signup(dto, request, response);
  }

  /**
   * Signs in with email or username and password. With `"cookie": true`, a browser session: the
   * tokens are set as cookies (access_token: HttpOnly, SameSite=Lax, Path=/; refresh_token:
   * HttpOnly, SameSite=Strict, Path=/api/auth; csrf_token: readable by scripts, SameSite=Strict,
   * Path=/), and requests without an Authorization header are authenticated by them; their POST,
   * PUT, PATCH and DELETE must repeat the csrf_token cookie in the X-CSRF-Token header.
   */
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse(SIGNED_IN)
  @ApiUnauthorizedResponse({ description: 'Invalid credentials (the same for an unknown user)' })
  @ApiTooManyRequestsResponse(THROTTLED)
  async login(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokensDto | CookieSessionDto> {
    return this.browser.answer(
      await this.auth.login(dto, clientInfo(request)),
      dto.cookie,
      request,
      response,
    );
  }

  /**
   * Exchanges a refresh token for new tokens. Replaying a used refresh token ends its session.
   * Without `refreshToken` in the body, the refresh_token cookie of a browser session is used
   * (with the X-CSRF-Token header) and the three cookies are set anew.
   */
  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiHeader(CSRF_PARAMETER)
  @ApiOkResponse(SIGNED_IN)
  @ApiUnauthorizedResponse({
    description: 'Unknown, expired or already used refresh token (a refused cookie is cleared), or none',
  })
  @ApiForbiddenResponse({
    description: `Refresh by cookie without ${CSRF_HEADER} equal to the ${CSRF_COOKIE} cookie`,
  })
  @ApiTooManyRequestsResponse(THROTTLED)
  async refresh(
    @Body() dto: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokensDto | CookieSessionDto> {
    if (dto.refreshToken !== undefined) return this.sessions.refresh(dto.refreshToken);
    const tokens = await this.sessions
      .refresh(this.browser.refreshTokenOf(request))
      .catch((error: unknown) => {
        // The cookie's session is over (expired, ended, or ended just now by a replay): forget it.
        if (error instanceof UnauthorizedException) this.browser.end(request, response);
        throw error;
      });
    return this.browser.start(tokens, request, response);
  }

  /** Ends the current session: its access and refresh tokens stop working, its cookies are cleared. */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async logout(
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.logout(user);
    if (authenticatedByCookie(request)) this.browser.end(request, response);
  }

  /** Ends every session of the user (and clears the cookies of a browser session). */
  @ApiBearerAuth()
  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async logoutAll(
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.logoutAll(user);
    if (authenticatedByCookie(request)) this.browser.end(request, response);
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
