import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { parse, serialize, SerializeOptions } from 'cookie';
import { Request, Response } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { base64UrlLength } from '../common/base64url';
import { appConfig } from '../config/app.config';
import { authConfig } from '../config/auth.config';
import { bearerTokenFromRequest, MAX_AUTHORIZATION_LENGTH } from './bearer-token';
import { CookieSessionDto } from './dto/cookie-session.dto';
import { TokensDto } from './dto/tokens.dto';

/** The access JWT of a browser session: sent with every request to the API, unreadable by scripts. */
export const ACCESS_COOKIE = 'access_token';
/** The refresh token of a browser session: sent to the auth routes only. */
export const REFRESH_COOKIE = 'refresh_token';
/** Random, readable by the front end's scripts, which repeat it in CSRF_HEADER. */
export const CSRF_COOKIE = 'csrf_token';

const CSRF_TOKEN_BYTES = 32;

/** A CSRF token's length: its bytes in base64url, unpadded. */
export const CSRF_TOKEN_LENGTH = base64UrlLength(CSRF_TOKEN_BYTES);
export const CSRF_HEADER = 'X-CSRF-Token';

/** The auth routes under the API's global prefix: where the refresh cookie is sent. */
const REFRESH_COOKIE_PATH = '/api/auth';

/** The methods that change nothing, which a cross-site request may make without a CSRF check. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The cookies of a request, parsed once however often they are read. */
const parsedCookies = new WeakMap<Request, Record<string, string | undefined>>();

function cookiesOf(request: Request): Record<string, string | undefined> {
  let cookies = parsedCookies.get(request);
  if (!cookies) {
    cookies = parse(request.headers.cookie ?? '');
    parsedCookies.set(request, cookies);
  }
  return cookies;
}

/** A request without an Authorization header: its cookies speak for it. One with the header never. */
export const authenticatedByCookie = (request: Request): boolean =>
  request.headers.authorization === undefined;

/**
 * The access token of a request: its bearer token when it has an Authorization header (its cookies
 * are then ignored, and never parsed), else its access_token cookie. passport-jwt's
 * `jwtFromRequest`.
 */
export function accessTokenFromRequest(request: Request): string | null {
  if (!authenticatedByCookie(request)) return bearerTokenFromRequest(request);
  const token = cookiesOf(request)[ACCESS_COOKIE];
  return token && token.length <= MAX_AUTHORIZATION_LENGTH ? token : null;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The double-submit check of a request authenticated by cookie: a POST, PUT, PATCH or DELETE must
 * repeat the csrf_token cookie in X-CSRF-Token, else 403. Another site can make a browser send the
 * cookies, but can neither read csrf_token nor send a custom header to the API (its CORS preflight
 * admits CORS_ORIGINS only). Compared through digests, so in constant time whatever the lengths.
 */
export function checkCsrf(request: Request): void {
  if (SAFE_METHODS.has(request.method) || !authenticatedByCookie(request)) return;
  const sent = request.headers[CSRF_HEADER.toLowerCase()];
  if (typeof sent !== 'string' || sent === '') {
    throw new ForbiddenException(
      `Missing ${CSRF_HEADER} header: a request authenticated by the session cookie must repeat the ` +
        `${CSRF_COOKIE} cookie in it`,
    );
  }
  const expected = cookiesOf(request)[CSRF_COOKIE] ?? '';
  if (!timingSafeEqual(digest(sent), digest(expected))) {
    throw new ForbiddenException(`${CSRF_HEADER} does not match the ${CSRF_COOKIE} cookie`);
  }
}

/**
 * Browser sessions: a sign-in or refresh whose tokens go into three cookies instead of the body.
 * Each cookie lives as long as what it carries: the access cookie as the access token, the refresh
 * and CSRF cookies as the session (extended by each refresh). `Secure` in production, with
 * `COOKIE_SECURE=true`, and on a request that came over HTTPS.
 */
@Injectable()
export class BrowserSessions {
  constructor(
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
  ) {}

  /** The answer of a sign-in: the tokens themselves, or with `asCookies` the cookies and the user. */
  answer(
    tokens: TokensDto,
    asCookies: boolean | undefined,
    request: Request,
    response: Response,
  ): TokensDto | CookieSessionDto {
    return asCookies ? this.start(tokens, request, response) : tokens;
  }

  /** Sets the three cookies of `tokens`, with a new CSRF token. */
  start(tokens: TokensDto, request: Request, response: Response): CookieSessionDto {
    const cookie = this.attributes(request);
    const csrf = randomBytes(CSRF_TOKEN_BYTES).toString('base64url');
    const sessionSeconds = this.auth.refreshTtlSeconds;
    response.append('Set-Cookie', [
      serialize(ACCESS_COOKIE, tokens.accessToken, { ...cookie.access, maxAge: tokens.expiresIn }),
      serialize(REFRESH_COOKIE, tokens.refreshToken, { ...cookie.refresh, maxAge: sessionSeconds }),
      serialize(CSRF_COOKIE, csrf, { ...cookie.csrf, maxAge: sessionSeconds }),
    ]);
    // Nothing between the browser and the API may keep a response that sets a session.
    response.setHeader('Cache-Control', 'no-store');
    return { user: tokens.user, expiresIn: tokens.expiresIn, tokenType: 'Cookie' };
  }

  /** Clears the three cookies (Max-Age=0, with the attributes they were set with). */
  end(request: Request, response: Response): void {
    const cookie = this.attributes(request);
    response.append('Set-Cookie', [
      serialize(ACCESS_COOKIE, '', { ...cookie.access, maxAge: 0 }),
      serialize(REFRESH_COOKIE, '', { ...cookie.refresh, maxAge: 0 }),
      serialize(CSRF_COOKIE, '', { ...cookie.csrf, maxAge: 0 }),
    ]);
  }

  /**
   * The refresh_token cookie of a refresh without a body token: 401 without one (or with an
   * Authorization header, which makes the cookies count for nothing), 403 without the CSRF header.
   */
  refreshTokenOf(request: Request): string {
    const token = authenticatedByCookie(request) ? cookiesOf(request)[REFRESH_COOKIE] : undefined;
    if (!token) {
      throw new UnauthorizedException(
        `Missing refresh token: send { refreshToken }, or the ${REFRESH_COOKIE} cookie of a browser session`,
      );
    }
    checkCsrf(request);
    return token;
  }

  private attributes(request: Request) {
    const secure = this.app.cookieSecure || request.secure;
    return {
      access: { httpOnly: true, sameSite: 'lax', path: '/', secure },
      refresh: { httpOnly: true, sameSite: 'strict', path: REFRESH_COOKIE_PATH, secure },
      csrf: { httpOnly: false, sameSite: 'strict', path: '/', secure },
    } satisfies Record<string, SerializeOptions>;
  }
}
