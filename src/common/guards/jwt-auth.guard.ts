import { ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Request } from 'express';
import { AuthUser } from '../auth-user';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { VERIFIED_TOKEN_CHECK, VerifiedTokenCheck } from './verified-token-check.port';

/**
 * Global guard: every route needs a valid access token of a live session unless marked @Public,
 * in the Authorization header or, without one, in the access_token cookie of a browser session
 * (whose POST, PUT, PATCH and DELETE also need the CSRF header: 403). A token verified before
 * skips passport (see VerifiedTokenCheck), never the session check.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(VERIFIED_TOKEN_CHECK) private readonly verifiedTokens: VerifiedTokenCheck,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    // Sockets are authenticated once, in their handshake (see AuctionsGateway).
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const caller = this.verifiedTokens.callerOf(request);
    return caller ? this.admit(request, caller) : super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    // A bad token arrives as `info`; `error` is a failure of the session lookup itself (say, the
    // database is down), which must not pass for a 401.
    if (error) throw error;
    if (!user) throw new UnauthorizedException(describe(info));
    return user;
  }

  /** What passport would conclude, for a token it verified before. */
  private async admit(request: Request, caller: Promise<AuthUser | null>): Promise<boolean> {
    request.user = this.handleRequest(null, (await caller) ?? false, undefined);
    return true;
  }
}

function describe(info: unknown): string {
  if (info instanceof Error) {
    if (info.name === 'TokenExpiredError') return 'Access token expired';
    if (info.message === 'No auth token') return 'Missing bearer token (or access_token cookie)';
  }
  return 'Invalid access token';
}
