import { UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';

/**
 * The longest `Authorization` value read at all. An access token of ours is about 200 characters;
 * anything much longer is not one, and is refused before it is parsed.
 */
export const MAX_AUTHORIZATION_LENGTH = 4096;

const SCHEME = 'bearer';

/**
 * The token of an `Authorization: Bearer <token>` value (the scheme in any letter case), or null
 * when the value is missing, longer than MAX_AUTHORIZATION_LENGTH, of another scheme, or not
 * exactly a scheme and one token. Linear in the length of the value (passport-jwt's own parser
 * is a backtracking regular expression, quadratic on a long value without a space).
 */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  const value = header.trim();
  if (value.slice(0, SCHEME.length).toLowerCase() !== SCHEME) return null;
  const separator = value.charAt(SCHEME.length);
  if (separator !== ' ' && separator !== '\t') return null;
  const token = value.slice(SCHEME.length + 1).trimStart();
  return token !== '' && !/\s/.test(token) ? token : null;
}

/**
 * passport-jwt's `jwtFromRequest`. An oversized header gets a 401 of its own (thrown here, before
 * passport-jwt runs, so the client learns why); any other unreadable header reads as no token.
 */
export function bearerTokenFromRequest(request: Request): string | null {
  const header = request.headers.authorization;
  if (header !== undefined && header.length > MAX_AUTHORIZATION_LENGTH) {
    throw new UnauthorizedException(
      `Authorization header too long (at most ${MAX_AUTHORIZATION_LENGTH} characters)`,
    );
  }
  return bearerToken(header);
}
