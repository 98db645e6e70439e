import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { paginate, Paginated } from '../common/pagination/paginated';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { TransactionsService } from '../database/transactions.service';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';

/** What a new session starts with. */
export interface NewSession {
  userId: number;
  ip: string | null;
  userAgent: string | null;
  lastUsedAt: Date;
  expiresAt: Date;
}

/** Sessions and their refresh tokens. Reads join the unit of work in progress, writes run in one. */
@Injectable()
export class AuthRepository {
  constructor(private readonly transactions: TransactionsService) {}

  openSession(session: NewSession): Promise<Session> {
    return this.transactions.run((manager) =>
      manager.save(manager.create(Session, { ...session, revokedAt: null })),
    );
  }

  async addRefreshToken(sessionId: number, tokenHash: string): Promise<void> {
    await this.transactions.run((manager) =>
      manager.insert(RefreshToken, { sessionId, tokenHash, rotatedAt: null }),
    );
  }

  /** The refresh token of this hash, with its session and the session's user. */
  findRefreshToken(tokenHash: string): Promise<RefreshToken | null> {
    return this.transactions.manager.findOne(RefreshToken, {
      where: { tokenHash },
      relations: { session: { user: true } },
    });
  }

  /**
   * Marks the token rotated if it is not yet: of two requests presenting it at once, one wins.
   * Whether this one did.
   */
  async claimRefreshToken(id: number, at: Date): Promise<boolean> {
    const { affected } = await this.transactions.run((manager) =>
      manager.update(RefreshToken, { id, rotatedAt: IsNull() }, { rotatedAt: at }),
    );
    return Boolean(affected);
  }

  async extendSession(id: number, lastUsedAt: Date, expiresAt: Date): Promise<void> {
    await this.transactions.run((manager) => manager.update(Session, id, { lastUsedAt, expiresAt }));
  }

  async endSession(id: number, at: Date): Promise<void> {
    await this.transactions.run((manager) => manager.update(Session, id, { revokedAt: at }));
  }

  /** Ends one live session of the user; whether there was one. */
  async endLiveSession(userId: number, sessionId: number, at: Date): Promise<boolean> {
    const { affected } = await this.transactions.run((manager) =>
      manager.update(Session, { id: sessionId, userId, revokedAt: IsNull() }, { revokedAt: at }),
    );
    return Boolean(affected);
  }

  /** Ends every live session of the user, except `keepSessionId` when given. */
  async endLiveSessions(userId: number, at: Date, keepSessionId?: number): Promise<void> {
    await this.transactions.run(async (manager) => {
      const query = manager
        .createQueryBuilder()
        .update(Session)
        .set({ revokedAt: at })
        .where('userId = :userId AND revokedAt IS NULL', { userId });
      if (keepSessionId !== undefined) query.andWhere('id != :keep', { keep: keepSessionId });
      await query.execute();
    });
  }

  /**
   * The session if it is the user's and not ended, with its user: one primary-key lookup, run by
   * the token check of every guarded request that the session cache does not answer.
   */
  findLiveSession(sessionId: number, userId: number): Promise<Session | null> {
    return this.transactions.manager
      .getRepository(Session)
      .createQueryBuilder('session')
      .select('session.id')
      .innerJoinAndSelect('session.user', 'user')
      .where('session.id = :sessionId AND session.userId = :userId AND session.revokedAt IS NULL', {
        sessionId,
        userId,
      })
      .getOne();
  }

  /** The user's sessions neither ended nor expired at `now`, most recently used first. */
  listLiveSessions(userId: number, now: Date, page: PaginationQueryDto): Promise<Paginated<Session>> {
    const query = this.transactions.manager
      .getRepository(Session)
      .createQueryBuilder('session')
      .where('session.userId = :userId AND session.revokedAt IS NULL AND session.expiresAt > :now', {
        userId,
        now,
      })
      .orderBy('session.lastUsedAt', 'DESC')
      .addOrderBy('session.id', 'DESC');
    return paginate(query, page);
  }

  /**
   * Deletes the refresh-token rows rotated before `cutoff`, and those of sessions that expired
   * before it; the number deleted.
   */
  async deleteRefreshTokensDeadBefore(cutoff: Date): Promise<number> {
    const { affected } = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(RefreshToken)
        .where('rotated_at < :cutoff', { cutoff })
        .orWhere(
          `session_id IN (${manager
            .createQueryBuilder(Session, 'session')
            .select('session.id')
            .where('session.expiresAt < :cutoff')
            .getQuery()})`,
        )
        .setParameter('cutoff', cutoff)
        .execute(),
    );
    return affected ?? 0;
  }
}
