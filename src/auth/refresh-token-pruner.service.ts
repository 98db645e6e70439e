import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { authConfig } from '../config/auth.config';
import { AuthRepository } from './auth.repository';

/**
 * Deletes the refresh-token rows nobody needs any more. A rotated token is kept a while so that
 * its replay is recognised as theft (and ends its session); a token whose session expired can
 * never be exchanged again.
 */
@Injectable()
export class RefreshTokenPruner {
  constructor(
    private readonly repository: AuthRepository,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  /**
   * Deletes, as of `now`, the refresh-token rows that were rotated, or whose session expired, more
   * than `JWT_REFRESH_TTL` ago; returns how many. A token expires with its session: the session's
   * `expires_at` is when its newest token stops working (each rotation moves it), so an older,
   * rotated token is dead from its rotation on. A revoked session's tokens go when it expires.
   * After the prune, replaying such a token is refused as an unknown one instead of ending its
   * session.
   */
  prune(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.refreshTtlSeconds * 1000);
    return this.repository.deleteRefreshTokensDeadBefore(cutoff);
  }
}
