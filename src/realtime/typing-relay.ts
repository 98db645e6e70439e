import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import Redis from 'ioredis';
import { AuthUser } from '../common/auth-user';
import { REDIS } from '../redis/redis.module';
import { UsersService } from '../users/users.service';
import { auctionRoom, auctionUserRoom, RoomEmitter } from './auction-events';

/** How often one user's `typing` in one auction is relayed; the ones in between are dropped. */
export const TYPING_INTERVAL_MS = 1000;

/**
 * Relays `typing` as `user_typing {auctionId, userId, username}` to the other users watching the
 * auction, at most once per TYPING_INTERVAL_MS per user and auction.
 *
 * The limit lives in Redis (SET NX PX, one round trip): a user's sockets may be on several API
 * processes, and a count per process would let each of them relay its own; the relay itself is a
 * Redis publish anyway (the adapter), and the key expires by itself, so nothing drifts when a
 * process dies.
 */
@Injectable()
export class TypingRelay {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly users: UsersService,
  ) {}

  async relay(rooms: RoomEmitter, user: AuthUser, auctionId: number): Promise<void> {
    if (!(await this.firstInInterval(user.id, auctionId))) return;
    // The username as it is now (an admin may rename a user): the session cache's copy, usually.
    const { username } = await this.users.getOwnProfile(user);
    rooms
      .to(auctionRoom(auctionId))
      .except(auctionUserRoom(auctionId, user.id))
      .emit('user_typing', { auctionId, userId: user.id, username });
  }

  private async firstInInterval(userId: number, auctionId: number): Promise<boolean> {
    try {
      const set = await this.redis.set(`typing:${auctionId}:${userId}`, '1', 'PX', TYPING_INTERVAL_MS, 'NX');
      return set === 'OK';
    } catch {
      throw new ServiceUnavailableException('Typing is unavailable (Redis is down); try again shortly');
    }
  }
}
