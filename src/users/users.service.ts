import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Auction, AuctionStatus } from '../auctions/auction.entity';
import { Bid } from '../auctions/bid.entity';
import { Listing } from '../marketplace/listing.entity';
import { Transaction } from '../marketplace/transaction.entity';
import { PasswordHasher } from './password-hasher.service';
import { SessionCache } from '../auth/session-cache';
import { AuthUser } from '../common/auth-user';
import { containsPattern } from '../common/like-pattern';
import { applySort, paginate, Paginated } from '../common/pagination/paginated';
import { authConfig } from '../config/auth.config';
import { TransactionsService } from '../database/transactions.service';
import { PublicUserDto, toPublicUserDto, toPublicUserDtoWithRole, toUserDto, UserDto } from './dto/user.dto';
import { QueryUsersDto } from './dto/query-users.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { Role } from '../common/roles';
import { User } from './user.entity';

const SORT_COLUMNS = { username: 'user.username', createdAt: 'user.createdAt' };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly transactions: TransactionsService,
    private readonly passwords: PasswordHasher,
    private readonly sessionCache: SessionCache,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
  ) {}

  /**
   * Ensures the bootstrap admin of `ADMIN_EMAIL`/`ADMIN_PASSWORD` exists and is an admin. An
   * existing account of that email is promoted only when ADMIN_PASSWORD is its password: anyone
   * may have signed up with the email before the operator chose it.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.auth;
    if (!adminEmail || !adminPassword) return;
    const { user, created } = await this.ensureUser(adminEmail, adminPassword, Role.Admin);
    if (created) this.logger.log(`Created the bootstrap admin ${user.email}`);
    else if (user.role !== Role.Admin) await this.promoteIfOperators(user, adminPassword);
  }

  /** Makes the account an admin if `password` is its password; otherwise logs the conflict. */
  private async promoteIfOperators(user: User, password: string): Promise<void> {
    const passwordHash = await this.getPasswordHash(user.id);
    if (await this.passwords.verify(passwordHash, password)) {
      // Only while the hash is the one just verified: a password changed meanwhile promotes nothing.
      const { affected } = await this.transactions.run((manager) =>
        manager.update(User, { id: user.id, passwordHash }, { role: Role.Admin }),
      );
      if (affected) {
        await this.sessionCache.forgetUser(user.id);
        this.logger.log(`Made the existing account ${user.email} the bootstrap admin`);
        return;
      }
    }
    this.logger.error(
      `ADMIN_EMAIL ${user.email} belongs to an existing account (user ${user.id}) whose password is ` +
        'not ADMIN_PASSWORD, so it was not made an admin. To resolve it, sign in as that account and ' +
        'change its password to ADMIN_PASSWORD, then restart; or delete that account; or choose ' +
        'another ADMIN_EMAIL.',
    );
  }

  /**
   * The user with this email, created with the password, the role and a username derived from
   * the email when there is none yet. An existing user is returned as it is.
   */
  async ensureUser(email: string, password: string, role: Role): Promise<{ user: User; created: boolean }> {
    const normalized = normalizeEmail(email);
    const existing = await this.users.findOneBy({ email: normalized });
    if (existing) return { user: existing, created: false };
    const passwordHash = await this.passwords.hash(password);
    return this.transactions.run(async (manager) => {
      const raced = await manager.findOneBy(User, { email: normalized });
      if (raced) return { user: raced, created: false };
      const username = await this.freeUsername(manager, normalized.split('@')[0]);
      const user = await manager.save(
        manager.create(User, { username, email: normalized, passwordHash, role }),
      );
      return { user, created: true };
    });
  }

  async getById(id: number): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  async getProfile(id: number): Promise<UserDto> {
    return toUserDto(await this.getById(id));
  }

  /** The caller's own record: the one the guard has just read with the session, when cached. */
  async getOwnProfile(user: AuthUser): Promise<UserDto> {
    return this.sessionCache.get(user.sessionId)?.profile ?? this.getProfile(user.id);
  }

  /** A user's public profile; with the role only for the user themself and admins. */
  async getPublicProfile(id: number, viewer: AuthUser): Promise<PublicUserDto> {
    const user = await this.getById(id);
    return viewer.id === id || viewer.role === Role.Admin
      ? toPublicUserDtoWithRole(user)
      : toPublicUserDto(user);
  }

  async updateProfile(id: number, changes: UpdateProfileDto): Promise<UserDto> {
    await this.transactions.run((manager) => manager.update(User, id, changes));
    await this.sessionCache.forgetUser(id);
    return this.getProfile(id);
  }

  async list(query: QueryUsersDto): Promise<Paginated<PublicUserDto>> {
    const builder = this.users.createQueryBuilder('user');
    if (query.q) {
      builder.andWhere(
        "(LOWER(user.username) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(user.displayName) LIKE LOWER(:q) ESCAPE '\\')",
        { q: containsPattern(query.q) },
      );
    }
    if (query.email) builder.andWhere('user.email = :email', { email: query.email });
    if (query.role) builder.andWhere('user.role = :role', { role: query.role });
    applySort(builder, query.sort, SORT_COLUMNS, 'username');
    const page = await paginate(builder, query);
    return { ...page, data: page.data.map(toPublicUserDtoWithRole) };
  }

  /**
   * Admin: deletes a user with their sessions, listings, auctions and favorites. Refused (409)
   * while other users' records hang on theirs: auctions with bids, leading bids on active
   * auctions, sales, purchases. One
   * conditional DELETE decides, in the transaction that first holds off racing writers (see
   * lockAgainstNewDependents), so no bid or sale slips in between the check and the delete. An
   * admin cannot delete themself (no lock-out).
   */
  async remove(actorId: number, id: number): Promise<void> {
    if (actorId === id) throw new ConflictException('You cannot delete your own account here');
    await this.transactions.run(async (manager) => {
      await lockAgainstNewDependents(manager, id);
      const dependents = dependentsOf(manager, id);
      const { affected } = await manager
        .createQueryBuilder()
        .delete()
        .from(User)
        .where('id = :id', { id })
        .andWhere(`NOT EXISTS (${dependents.auctionsWithBids.getQuery()})`)
        .andWhere(`NOT EXISTS (${dependents.leads.getQuery()})`)
        .andWhere(`NOT EXISTS (${dependents.sales.getQuery()})`)
        .andWhere(`NOT EXISTS (${dependents.purchases.getQuery()})`)
        .setParameter('active', AuctionStatus.Active)
        .execute();
      if (affected) return;
      if (!(await manager.existsBy(User, { id }))) throw new NotFoundException(`User ${id} not found`);
      throw new ConflictException(await describeDependents(id, dependents));
    });
    await this.sessionCache.forgetUser(id);
  }

  /** Admin: sets a user's role. An admin cannot demote themself, so one admin always remains. */
  async setRole(actorId: number, id: number, role: Role): Promise<PublicUserDto> {
    if (actorId === id && role !== Role.Admin) {
      throw new ConflictException('You cannot remove your own admin role');
    }
    const { affected } = await this.transactions.run((manager) => manager.update(User, id, { role }));
    if (!affected) throw new NotFoundException(`User ${id} not found`);
    await this.sessionCache.forgetUser(id);
    return toPublicUserDtoWithRole(await this.getById(id));
  }

  /** The user signing in by email or username, with the password hash that is otherwise never read. */
  findForLogin(login: { email?: string; username?: string }): Promise<User | null> {
    const builder = this.users.createQueryBuilder('user').addSelect('user.passwordHash');
    if (login.email) builder.where('user.email = :email', { email: normalizeEmail(login.email) });
    else builder.where('LOWER(user.username) = LOWER(:username)', { username: login.username! });
    return builder.getOne();
  }

  async getPasswordHash(id: number): Promise<string> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .whereInIds(id)
      .getOne();
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user.passwordHash;
  }

  /** `base`, or `base` with a number, whichever is not yet taken (for the bootstrap admin). */
  private async freeUsername(manager: EntityManager, base: string): Promise<string> {
    const stem = base
      .replace(/[^A-Za-z0-9_.-]/g, '')
      .slice(0, 24)
      .padEnd(3, '_');
    for (let suffix = 0; ; suffix++) {
      const candidate = suffix === 0 ? stem : `${stem}${suffix}`;
      const taken = await manager
        .createQueryBuilder(User, 'user')
        .where('LOWER(user.username) = LOWER(:name)', { name: candidate })
        .getExists();
      if (!taken) return candidate;
    }
  }
}

/** Other users' records that hang on a user's: deleting the user would destroy or orphan them. */
function dependentsOf(manager: EntityManager, id: number) {
  return {
    auctionsWithBids: manager
      .createQueryBuilder(Auction, 'auction')
      .innerJoin(Bid, 'bid', 'bid.auctionId = auction.id')
      .where('auction.sellerId = :id', { id }),
    // Its seller would lose the sale: an auction whose leader is gone closes unsold.
    leads: manager
      .createQueryBuilder(Auction, 'led')
      .where('led.leadingBidderId = :id AND led.status = :active', { id, active: AuctionStatus.Active }),
    sales: manager.createQueryBuilder(Transaction, 'sale').where('sale.sellerId = :id', { id }),
    purchases: manager.createQueryBuilder(Transaction, 'purchase').where('purchase.buyerId = :id', { id }),
  };
}

/** "User 5 has 1 auction with other users' bids, 2 sales and 1 purchase; ..." */
async function describeDependents(id: number, dependents: ReturnType<typeof dependentsOf>): Promise<string> {
  const counted = [
    [
      await dependents.auctionsWithBids.getCount(),
      "auction with other users' bids",
      "auctions with other users' bids",
    ],
    [
      await dependents.leads.getCount(),
      'leading bid on an active auction',
      'leading bids on active auctions',
    ],
    [await dependents.sales.getCount(), 'sale', 'sales'],
    [await dependents.purchases.getCount(), 'purchase', 'purchases'],
  ] as const;
  const parts = counted
    .filter(([count]) => count > 0)
    .map(([count, one, many]) => `${count} ${count === 1 ? one : many}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `User ${id} has ${list}; deleting the user would destroy other users' records`;
}

/**
 * PostgreSQL: makes every writer that could add a blocker either commit before the DELETE's check
 * reads, or wait until this transaction ends. A bid locks its auction and a purchase its listing
 * before the row it adds references the user, and a new auction, listing or sale references the
 * user row: so the user's auctions and listings are locked, then the user, then again the
 * auctions and listings created meanwhile (in the order those writers lock, so they wait rather
 * than deadlock).
 * SQLite needs none of it: the DELETE takes the database's write lock before it reads.
 */
async function lockAgainstNewDependents(manager: EntityManager, id: number): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  const lockOwned = async () => {
    for (const entity of [Listing, Auction]) {
      await manager
        .createQueryBuilder(entity, 'owned')
        .select('owned.id')
        .where('owned.sellerId = :id', { id })
        .setLock('pessimistic_write')
        .getRawMany();
    }
  };
  await lockOwned();
  await manager
    .createQueryBuilder(User, 'user')
    .select('user.id')
    .where('user.id = :id', { id })
    .setLock('pessimistic_write')
    .getRawMany();
  await lockOwned();
}
