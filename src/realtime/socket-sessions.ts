import { HttpStatus, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { parse } from 'cookie';
import { Socket } from 'socket.io';
import { ACCESS_COOKIE } from '../auth/browser-sessions';
import { AccessTokenClaims, SessionsService } from '../auth/sessions.service';
import { AuthUser } from '../common/auth-user';

/** What the handshake leaves on a socket. */
export interface SocketData {
  user: AuthUser;
  /** The claims of the access token it connected with: its session is checked again with them. */
  claims: AccessTokenClaims & { exp: number };
  /** Set when its session ended before it finished connecting. */
  ended?: string;
}

/** The longest delay `setTimeout` takes; a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const UNAUTHORIZED = `Unauthorized: connect with auth: { token: <accessToken> }, or the ${ACCESS_COOKIE} cookie`;
const CROSS_SITE =
  `The ${ACCESS_COOKIE} cookie is accepted only from the API's own origin and CORS_ORIGINS: ` +
  'connect with auth: { token: <accessToken> }';
const SESSION_ENDED = 'Session ended: sign in again';
const TOKEN_EXPIRED = 'Access token expired: reconnect with a fresh one';

/** A refused handshake: the client's `connect_error` carries the message, and the status in `data`. */
const refusal = (statusCode: number, message: string) =>
  Object.assign(new Error(message), { data: { statusCode, message } });

const dataOf = (socket: Socket) => socket.data as SocketData;

/**
 * Whether the page that opened the handshake may ride the browser session's cookie: no `Origin`
 * (not a page of another site: browsers send it on every WebSocket handshake and cross-origin
 * request), the API's own host, or one of CORS_ORIGINS. Anything else is a cross-site page:
 * cross-site WebSocket hijacking.
 */
function fromTrustedPage(socket: Socket, corsOrigins: readonly string[]): boolean {
  const { origin, host } = socket.handshake.headers;
  if (origin === undefined) return true;
  if (corsOrigins.includes(origin)) return true;
  // The host alone: behind a proxy that ends TLS the server cannot tell the page's scheme.
  return URL.parse(origin)?.host === host;
}

/**
 * The sockets of this process, by user. It caps how many one user holds, and disconnects those
 * whose session ends (logout, revocation, password change, a replayed refresh token, a deleted
 * user: the session cache's signal, raised here or in another process) or whose access token
 * expires.
 *
 * The cap counts this process's sockets only: exact and free, where a count shared through Redis
 * would cost a round trip per handshake and drift when a process dies holding sockets. A user
 * reaching several API processes holds at most the cap on each.
 */
export class SocketSessions {
  private readonly logger = new Logger(SocketSessions.name);
  /** Connected sockets and handshakes in progress, by user id. */
  private readonly byUser = new Map<number, Set<Socket>>();
  private readonly expiryTimers = new WeakMap<Socket, NodeJS.Timeout>();

  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly maxPerUser: number,
    private readonly corsOrigins: readonly string[],
  ) {}

  /**
   * The handshake: a token of a live session, and room under the user's cap. The socket is counted
   * (and its claims kept) before its session is looked up, so that a session ending during the
   * lookup finds it in `recheck`.
   */
  async admit(socket: Socket): Promise<void> {
    const claims = await this.verify(socket);
    const userId = Number(claims.sub);
    const sockets = this.liveSocketsOf(userId);
    if (sockets.size >= this.maxPerUser) {
      throw refusal(
        HttpStatus.TOO_MANY_REQUESTS,
        `Too many connections: at most ${this.maxPerUser} sockets per user; close one first`,
      );
    }
    sockets.add(socket);
    this.byUser.set(userId, sockets);
    dataOf(socket).claims = claims;
    const user = await this.sessions.authenticate(claims).catch(() => null);
    if (!user || dataOf(socket).ended) {
      this.forget(socket, userId);
      throw refusal(HttpStatus.UNAUTHORIZED, UNAUTHORIZED);
    }
    dataOf(socket).user = user;
  }

  /** Once connected: ended at once if its session ended meanwhile, else at its token's expiry. */
  connected(socket: Socket): void {
    const { ended, claims } = dataOf(socket);
    if (ended) return this.end(socket, ended);
    this.expireAt(socket, claims.exp * 1000);
  }

  disconnected(socket: Socket): void {
    clearTimeout(this.expiryTimers.get(socket));
    this.expiryTimers.delete(socket);
    this.forget(socket, dataOf(socket).user.id);
  }

  /**
   * Ends the sockets of `userId` (of every user for `null`) whose session is no longer live, and
   * refreshes the user (a changed role) of the others. Costs nothing for a user without sockets.
   */
  async recheck(userId: number | null): Promise<void> {
    const userIds = userId === null ? [...this.byUser.keys()] : [userId];
    const sockets = userIds.flatMap((id) => [...this.liveSocketsOf(id)]);
    for (const socket of sockets) {
      try {
        const user = await this.sessions.authenticate(dataOf(socket).claims);
        if (user) dataOf(socket).user = user;
        else this.end(socket, SESSION_ENDED);
      } catch (error) {
        // The database is away: the socket stays until the next signal or its token's expiry.
        this.logger.warn(`Could not check the session of a socket: ${(error as Error).message}`);
      }
    }
  }

  private async verify(socket: Socket): Promise<SocketData['claims']> {
    const token = this.tokenOf(socket);
    try {
      if (typeof token === 'string') return await this.jwt.verifyAsync<SocketData['claims']>(token);
    } catch {
      // refused below, as a missing token is
    }
    throw refusal(HttpStatus.UNAUTHORIZED, UNAUTHORIZED);
  }

  /** `auth.token`, or when there is none the access_token cookie of a page that may use it. */
  private tokenOf(socket: Socket): unknown {
    const { token } = (socket.handshake.auth ?? {}) as { token?: unknown };
    if (token !== undefined) return token;
    const cookie = parse(socket.handshake.headers.cookie ?? '')[ACCESS_COOKIE];
    if (cookie !== undefined && !fromTrustedPage(socket, this.corsOrigins))
      throw refusal(HttpStatus.FORBIDDEN, CROSS_SITE);
    return cookie;
  }

  /**
   * The user's sockets, without handshakes abandoned before they connected (a client gone during
   * its handshake never emits `disconnect`).
   */
  private liveSocketsOf(userId: number): Set<Socket> {
    const sockets = this.byUser.get(userId) ?? new Set<Socket>();
    for (const socket of sockets) {
      if (!socket.connected && socket.conn.readyState !== 'open') sockets.delete(socket);
    }
    if (sockets.size === 0) this.byUser.delete(userId);
    return sockets;
  }

  private forget(socket: Socket, userId: number): void {
    const sockets = this.byUser.get(userId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.byUser.delete(userId);
  }

  private expireAt(socket: Socket, expiresAt: number): void {
    const delay = expiresAt - Date.now();
    if (delay <= 0) return this.end(socket, TOKEN_EXPIRED);
    const timer = setTimeout(() => this.expireAt(socket, expiresAt), Math.min(delay, MAX_TIMER_MS));
    this.expiryTimers.set(socket, timer);
  }

  /** Tells the client why, then disconnects it; one still connecting is ended once connected. */
  private end(socket: Socket, message: string): void {
    if (!socket.connected) {
      dataOf(socket).ended = message;
      return;
    }
    socket.emit('session_ended', { statusCode: HttpStatus.UNAUTHORIZED, message });
    socket.disconnect();
  }
}
