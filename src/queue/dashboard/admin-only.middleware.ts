import { ForbiddenException, Injectable, NestMiddleware, UnauthorizedException } from '@nestjs/common';
import { parse, serialize } from 'cookie';
import { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import { AuthUser } from '../../common/auth-user';
import { Role } from '../../users/user.entity';

/** Carries the access token on the dashboard's own requests (its page, scripts and JSON API). */
export const DASHBOARD_COOKIE = 'queues_token';

/** Reads the `exp` claim without checking it: the cookie lives no longer than the token. */
function secondsLeft(token: string): number {
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp?: number };
    return typeof exp === 'number' ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : 0;
  } catch {
    return 0;
  }
}

/**
 * Admins only, for the queue dashboard. A browser cannot send a bearer header with a page load,
 * so the token may also come as `?token=` once: it is then moved into an HttpOnly cookie limited
 * to the dashboard's path and the address is reloaded without it. API clients send the header.
 * The token is checked by the same passport strategy as every other route (live session, role
 * read from the database).
 */
@Injectable()
export class AdminOnlyMiddleware implements NestMiddleware {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const url = new URL(req.originalUrl, 'http://localhost');
    const fromQuery = url.searchParams.get('token');
    const token =
      req.headers.authorization?.replace(/^Bearer\s+/i, '') ??
      fromQuery ??
      parse(req.headers.cookie ?? '')[DASHBOARD_COOKIE];
    if (!token) throw new UnauthorizedException('The queue dashboard needs an admin access token');

    req.headers.authorization = `Bearer ${token}`;
    const user = await new Promise<AuthUser | false>((resolve, reject) =>
      passport.authenticate('jwt', { session: false }, (error: unknown, found: AuthUser | false) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(found),
      )(req, res, next),
    );
    if (!user) throw new UnauthorizedException('The access token is invalid or expired');
    if (user.role !== Role.Admin) throw new ForbiddenException('The queue dashboard is for admins');

    if (token === fromQuery) {
      url.searchParams.delete('token');
      res.setHeader(
        'Set-Cookie',
        serialize(DASHBOARD_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: req.secure,
          path: req.baseUrl || url.pathname,
          maxAge: secondsLeft(token),
        }),
      );
      res.redirect(303, url.pathname + url.search);
      return;
    }
    next();
  }
}
