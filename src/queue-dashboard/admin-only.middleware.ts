import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NestMiddleware,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { parse, serialize } from 'cookie';
import { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import { bearerToken } from '../auth/bearer-token';
import { SAFE_METHODS } from '../auth/browser-sessions';
import { AuthUser } from '../common/auth-user';
import { appConfig } from '../config/app.config';
import { isTokenParameter } from '../logging/redact-tokens';
import { Role } from '../common/roles';

/** Carries the access token on the dashboard's own requests (its page, scripts and JSON API). */
export const DASHBOARD_COOKIE = 'queues_token';

/** The raw `name=value` pairs of a URL's query string, names and values still percent-encoded. */
function queryPairs(url: string): [string, string][] {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    });
}

/**
 * The `?token=` of the sign-in. Only that exact name counts (not `%74oken` nor `TOKEN`, which URL
 * parsers would decode to it): the spelling the logs are sure to redact. Given twice, it is refused.
 */
function tokenFromQuery(url: string): string | undefined {
  const values = queryPairs(url)
    .filter(([name]) => name === 'token')
    .map(([, value]) => value);
  if (values.length > 1) throw new BadRequestException('Send the token parameter once');
  if (values.length === 0) return undefined;
  try {
    return decodeURIComponent(values[0]);
  } catch {
    return values[0]; // not valid percent-encoding: no valid token either, refused with 401
  }
}

/** The query string without any spelling of the token parameter, for the redirect after sign-in. */
function searchWithoutToken(url: string): string {
  const rest = queryPairs(url)
    .filter(([name]) => !isTokenParameter(name))
    .map(([name, value]) => (value ? `${name}=${value}` : name));
  return rest.length ? `?${rest.join('&')}` : '';
}

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
 *
 * The cookie is sent by the browser whatever page makes the request, so an action (any method
 * but GET, HEAD and OPTIONS) authenticated by it must come from a page of this API or of
 * `CORS_ORIGINS`, which the browser states in `Origin` or else `Sec-Fetch-Site`; otherwise 403.
 */
@Injectable()
export class AdminOnlyMiddleware implements NestMiddleware {
  constructor(@Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const fromQuery = tokenFromQuery(req.originalUrl);
    const header = req.headers.authorization;
    // A request with a header stands or falls by it, never by the cookie beside it.
    const token =
      header !== undefined
        ? bearerToken(header)
        : (fromQuery ?? parse(req.headers.cookie ?? '')[DASHBOARD_COOKIE]);
    if (!token) throw new UnauthorizedException('The queue dashboard needs an admin access token');
    const fromBrowser = header === undefined; // the cookie or ?token=
    if (fromBrowser && !SAFE_METHODS.has(req.method) && !this.fromOwnPages(req)) {
      throw new ForbiddenException(
        'Queue dashboard actions are accepted only from its own pages (Origin or Sec-Fetch-Site)',
      );
    }

    req.headers.authorization = `Bearer ${token}`;
    const user = await new Promise<AuthUser | false>((resolve, reject) =>
      passport.authenticate('jwt', { session: false }, (error: unknown, found: AuthUser | false) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(found),
      )(req, res, next),
    );
    if (!user) throw new UnauthorizedException('The access token is invalid or expired');
    if (user.role !== Role.Admin) throw new ForbiddenException('The queue dashboard is for admins');

    if (token === fromQuery) {
      const { pathname } = new URL(req.originalUrl, 'http://localhost');
      res.setHeader(
        'Set-Cookie',
        serialize(DASHBOARD_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: this.config.cookieSecure || req.secure,
          path: req.baseUrl || pathname,
          maxAge: secondsLeft(token),
        }),
      );
      res.redirect(303, pathname + searchWithoutToken(req.originalUrl));
      return;
    }
    next();
  }

  /** The request names this API's origin or one of CORS_ORIGINS as the page that made it. */
  private fromOwnPages(req: Request): boolean {
    const { origin } = req.headers;
    if (origin !== undefined) {
      return origin === `${req.protocol}://${req.get('host')}` || this.config.corsOrigins.includes(origin);
    }
    const site = req.headers['sec-fetch-site'];
    return site === 'same-origin' || site === 'none';
  }
}
