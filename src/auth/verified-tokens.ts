import { Inject, Injectable } from '@nestjs/common';
import { SessionCache } from '../session-cache/session-cache';
import { AccessTokenClaims } from './sessions.service';

interface Entry {
  claims: AccessTokenClaims;
  userId: number;
  /** `exp` in milliseconds: from then on the token is expired. */
  expiresAt: number;
}

/** How many verified tokens one process keeps; the oldest leave first. */
export const MAX_VERIFIED_TOKENS = 10_000;

/**
 * Access tokens that passport-jwt verified (signature, algorithm, claims) and whose session was
 * live, with their claims: a token seen again skips the verification, never the session check.
 * An entry is used only before its token's `exp`; from then on the token goes through passport-jwt
 * again, which refuses it, and the entry leaves when it is looked up or pushed out by newer ones.
 * The entries of a user whose sessions may have ended or who changed are dropped at once (the
 * session check would refuse them anyway), here and, through the session cache's channel, in
 * every API process.
 */
@Injectable()
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(@Inject(SessionCache) sessions: Pick<SessionCache, 'onUserChanged'>) {
    sessions.onUserChanged((userId) => this.forget(userId));
  }

  /** The claims of a token verified before, unless it has expired since. */
  get(token: string | null): AccessTokenClaims | undefined {
    if (token === null) return undefined;
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (Date.now() < entry.expiresAt) return entry.claims;
    this.entries.delete(token);
    return undefined;
  }

  /** Keeps a token passport-jwt has just verified and whose session was found live. */
  remember(token: string, claims: AccessTokenClaims): void {
    const { exp } = claims as { exp?: unknown };
    // The session check refuses a token without `exp`; an unparsable user id has no session.
    const userId = Number(claims.sub);
    if (typeof exp !== 'number' || !Number.isInteger(userId) || this.entries.has(token)) return;
    if (this.entries.size >= MAX_VERIFIED_TOKENS) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { claims, userId, expiresAt: exp * 1000 });
  }

  /** Drops the tokens of one user, or every token when `userId` is null. */
  private forget(userId: number | null): void {
    if (userId === null) return this.entries.clear();
    for (const [token, entry] of this.entries) {
      if (entry.userId === userId) this.entries.delete(token);
    }
  }
}
