import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';

export const realtimeConfig = registerAs('realtime', () => ({
  /** Sockets one user may hold open on one API process; the next handshake is refused. */
  maxSocketsPerUser: Number(readEnv('WS_MAX_SOCKETS_PER_USER') ?? 10),
  /** Auction rooms one socket may be in at once; the next `join_auction` is refused. */
  maxRoomsPerSocket: Number(readEnv('WS_MAX_ROOMS_PER_SOCKET') ?? 50),
}));
