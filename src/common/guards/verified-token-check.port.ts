import { Request } from 'express';
import { AuthUser } from '../auth-user';

/**
 * How the guard skips passport for an access token verified before (from the Authorization header
 * or the session cookie): the auth feature keeps such tokens until they expire and still checks
 * the session, and for a cookie the CSRF header, of each request.
 */
export interface VerifiedTokenCheck {
  /**
   * For a request whose token was verified before and has not expired, its caller, or null when
   * the session is no longer live; undefined for any other request, which passport then verifies.
   * Throws the 401 of an oversized `Authorization` header, and the 403 of a cookie-authenticated
   * request that fails the CSRF check.
   */
  callerOf(request: Request): Promise<AuthUser | null> | undefined;
}

/** Injection token of the API's `VerifiedTokenCheck`. */
export const VERIFIED_TOKEN_CHECK = Symbol('VERIFIED_TOKEN_CHECK');
