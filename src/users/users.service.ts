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
import { PasswordHasher } from './password-hasher.service';
import { SessionCache } from '../auth/session-cache';
import { AuthUser } from '../common/auth-user';
import { containsPattern } from '../common/like-pattern';
import { applySort, paginate, Paginated } from '../common/pagination/paginated';
import { authConfig } from '../config/auth.config';
import { TransactionsService } from '../database/transactions.service';
import { PublicUserDto, toPublicUserDto, toUserDto, UserDto } from './dto/user.dto';
import { QueryUsersDto } from './dto/query-users.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { Role, User } from './user.entity';

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

  /** Ensures the bootstrap admin of `ADMIN_EMAIL`/`ADMIN_PASSWORD` exists and is an admin. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.auth;
    if (!adminEmail || !adminPassword) return;
    const { user, created } = await this.ensureUser(adminEmail, adminPassword, Role.Admin);
    if (created) this.logger.log(`Created the bootstrap admin ${user.email}`);
    else if (user.role !== Role.Admin) {
      await this.transactions.run((manager) => manager.update(User, user.id, { role: Role.Admin }));
      await this.sessionCache.forgetUser(user.id);
    }
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

  async getPublicProfile(id: number): Promise<PublicUserDto> {
    return toPublicUserDto(await this.getById(id));
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
    return { ...page, data: page.data.map(toPublicUserDto) };
  }

  /** Admin: deletes a user with their sessions. An admin cannot delete themself (no lock-out). */
  async remove(actorId: number, id: number): Promise<void> {
    if (actorId === id) throw new ConflictException('You cannot delete your own account here');
    const { affected } = await this.transactions.run((manager) => manager.delete(User, id));
    if (!affected) throw new NotFoundException(`User ${id} not found`);
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
    return this.getPublicProfile(id);
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
