import { Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { AuthUser } from '../common/auth-user';
import { Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { MAX_ID } from '../common/pipes/parse-id.pipe';
import { Role } from '../common/roles';
import { authConfig } from '../config/auth.config';
import { TransactionsService } from '../database/transactions.service';
import { SessionCache, SignedIn } from '../session-cache/session-cache';
import { toUserDto, UserDto } from '../users/dto/user.dto';
import { User } from '../users/user.entity';
import { AuthRepository } from './auth.repository';
import { ClientInfo } from './client-info';
import { SessionDto } from './dto/session.dto';
import { REFRESH_TOKEN_BYTES, TokensDto } from './dto/tokens.dto';

/** The claims of an access token: user id (`sub`), role and session id. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  sid: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A key as a token carries it: a positive 32-bit integer. */
const isKey = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_ID;

type RefreshOutcome = { tokens: TokensDto } | { refused: string; endedForUserId?: number };

/**
 * Sessions and their tokens. A session is one sign-in; its access tokens carry its id and die
 * with it; its refresh tokens are single use and rotated, and replaying a rotated one ends it.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly transactions: TransactionsService,
    private readonly jwt: JwtService,
    private readonly cache: SessionCache<UserDto>,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  /**
   * Opens a session for `user` and returns its first tokens, inside the caller's unit of work
   * when there is one.
   */
  open(user: User, client: ClientInfo): Promise<TokensDto> {
    return this.transactions.run(async () => {
      const now = new Date();
      const session = await this.repository.openSession({
        userId: user.id,
        ip: client.ip,
        userAgent: client.userAgent,
        lastUsedAt: now,
        expiresAt: this.refreshExpiry(now),
      });
      const refreshToken = await this.issueRefreshToken(session.id);
      return this.tokens(user, session.id, refreshToken);
    });
  }

  /** Trades a refresh token for new tokens; the presented one stops working. */
  async refresh(presented: string): Promise<TokensDto> {
    const outcome = await this.transactions.run<RefreshOutcome>(async () => {
      const token = await this.repository.findRefreshToken(hashToken(presented));
      const session = token?.session;
      if (!token || !session?.user) return { refused: 'Invalid refresh token' };
      if (session.revokedAt) return { refused: 'Session has ended' };
      const now = new Date();
      if (session.expiresAt <= now) return { refused: 'Refresh token expired' };
      // Claim the token with a conditional update: of two requests presenting it at once, one wins.
      if (!(await this.repository.claimRefreshToken(token.id, now))) {
        // Replay of a token that was already exchanged: someone else holds this session's tokens.
        await this.repository.endSession(session.id, now);
        return {
          refused: 'Refresh token was already used; the session has been ended',
          endedForUserId: session.userId,
        };
      }
      await this.repository.extendSession(session.id, now, this.refreshExpiry(now));
      const refreshToken = await this.issueRefreshToken(session.id);
      return { tokens: await this.tokens(session.user, session.id, refreshToken) };
    });
    if ('refused' in outcome) {
      if (outcome.endedForUserId !== undefined) await this.cache.forgetUser(outcome.endedForUserId);
      throw new UnauthorizedException(outcome.refused);
    }
    return outcome.tokens;
  }

  /**
   * The caller of an access token, if its session is still live. Runs on every guarded request:
   * from the session cache, or one primary-key lookup joined to the user, whose current role is
   * taken over the token's.
   */
  async authenticate(claims: AccessTokenClaims): Promise<AuthUser | null> {
    // Claims of another shape (a fractional, huge or textual id) name no session: never a
    // database error (PostgreSQL refuses 1.5 or 2^31 for an integer key), just no user.
    const { sub, sid, exp } = claims as { sub: unknown; sid: unknown; exp?: unknown };
    const userId = typeof sub === 'string' && /^[1-9][0-9]{0,9}$/.test(sub) ? Number(sub) : NaN;
    if (!isKey(userId) || !isKey(sid)) return null;
    // jsonwebtoken checks `exp` only when there is one. Every token this API signs has it, so one
    // without it was not made here the usual way, and it would never expire.
    if (typeof exp !== 'number') return null;
    const found = await this.cache.resolve(sid, () => this.findLive(sid, userId));
    return found?.user.id === userId ? found.user : null;
  }

  /** Ends one of the user's own live sessions; another user's is reported as not found. */
  async revoke(userId: number, sessionId: number): Promise<void> {
    const ended = await this.repository.endLiveSession(userId, sessionId, new Date());
    if (!ended) throw new NotFoundException(`Session ${sessionId} not found`);
    await this.cache.forgetUser(userId);
  }

  async list(user: AuthUser, pagination: PaginationQueryDto): Promise<Paginated<SessionDto>> {
    const page = await this.repository.listLiveSessions(user.id, new Date(), pagination);
    return {
      ...page,
      data: page.data.map(({ id, createdAt, lastUsedAt, userAgent, ip }) => ({
        id,
        createdAt,
        lastUsedAt,
        userAgent,
        ip,
        current: id === user.sessionId,
      })),
    };
  }

  /**
   * Ends every live session of the user, except `keepSessionId` when given, inside the caller's
   * unit of work when there is one; the caller tells the session cache after its commit.
   */
  revokeAll(userId: number, keepSessionId?: number): Promise<void> {
    return this.repository.endLiveSessions(userId, new Date(), keepSessionId);
  }

  private async findLive(sessionId: number, userId: number): Promise<SignedIn<UserDto> | null> {
    const session = await this.repository.findLiveSession(sessionId, userId);
    if (!session?.user) return null;
    const { user } = session;
    return { user: { id: user.id, role: user.role, sessionId: session.id }, profile: toUserDto(user) };
  }

  private async issueRefreshToken(sessionId: number): Promise<string> {
    const token = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    await this.repository.addRefreshToken(sessionId, hashToken(token));
    return token;
  }

  private async tokens(user: User, sessionId: number, refreshToken: string): Promise<TokensDto> {
    const claims: AccessTokenClaims = { sub: String(user.id), role: user.role, sid: sessionId };
    return {
      accessToken: await this.jwt.signAsync(claims),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.accessTtlSeconds,
      user: toUserDto(user),
    };
  }

  private refreshExpiry(from: Date): Date {
    return new Date(from.getTime() + this.config.refreshTtlSeconds * 1000);
  }
}
