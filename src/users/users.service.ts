import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuthUser } from '../common/auth-user';
import { Paginated } from '../common/pagination/paginated';
import { Role } from '../common/roles';
import { authConfig } from '../config/auth.config';
import { TransactionsService } from '../database/transactions.service';
import { SessionCache } from '../session-cache/session-cache';
import { CreateUserDto, ReplaceUserDto, UpdateUserDto } from './dto/admin-user.dto';
import { QueryUsersDto } from './dto/query-users.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { PublicProfileDto, toPublicProfileDto, toUserDto, UserDto } from './dto/user.dto';
import { PasswordHasher } from './password-hasher.service';
import { DependentCount, UserDependentsRegistry } from './user-dependents';
import { User } from './user.entity';
import { UserChanges, UsersRepository } from './users.repository';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A new account: the password already hashed (see `createAccount`). */
export interface NewAccount extends UpdateProfileDto {
  username: string;
  email: string;
  passwordHash: string;
  role?: Role;
}

/** The fields of a profile, which `null` clears. */
const PROFILE_FIELDS = ['displayName', 'firstName', 'lastName', 'phone', 'address'] as const;

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: TransactionsService,
    private readonly passwords: PasswordHasher,
    private readonly sessionCache: SessionCache<UserDto>,
    private readonly dependents: UserDependentsRegistry,
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
      if (await this.users.setRoleWhilePasswordHash(user.id, passwordHash, Role.Admin)) {
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
   * Creates an account: the one place where users are made. 409 when the email or the username
   * (in any letter case) is taken; the unique indexes still guard the race of two simultaneous
   * creations (409 via the exception filter). Joins the caller's unit of work, so that a caller
   * can make more of it (a sign-up opens the first session); hash the password before that unit
   * starts (argon2 takes tens of milliseconds, and SQLite runs one unit at a time).
   */
  createAccount(account: NewAccount): Promise<User> {
    const email = normalizeEmail(account.email);
    return this.transactions.run(async () => {
      await this.refuseTaken({ email, username: account.username });
      return this.users.insert({ ...account, email, role: account.role ?? Role.User });
    });
  }

  /** Admin: an account with a role and profile fields, by signup's rules (409 for a taken email or username). */
  async create(dto: CreateUserDto): Promise<PublicProfileDto> {
    const { password, ...account } = dto;
    const user = await this.createAccount({ ...account, passwordHash: await this.passwords.hash(password) });
    return toPublicProfileDto(user, true);
  }

  /**
   * Admin: changes a user's username, email, role and profile fields; `replace` (PUT) clears the
   * profile fields left out. A username or email another user holds is 409 (the unique indexes
   * guard the race); an admin cannot remove their own admin role. The user's sessions see the
   * change at once, in every API process.
   */
  async update(
    actorId: number,
    id: number,
    changes: UpdateUserDto | ReplaceUserDto,
    replace = false,
  ): Promise<PublicProfileDto> {
    if (changes.role !== undefined) refuseSelfDemotion(actorId, id, changes.role);
    await this.transactions.run(async () => {
      await this.getById(id);
      await this.refuseTaken(changes, id);
      await this.users.update(id, columnsOf(changes, replace));
    });
    await this.sessionCache.forgetUser(id);
    return toPublicProfileDto(await this.getById(id), true);
  }

  /**
   * The user with this email, created with the password, the role and a username derived from
   * the email when there is none yet. An existing user is returned as it is.
   */
  async ensureUser(email: string, password: string, role: Role): Promise<{ user: User; created: boolean }> {
    const normalized = normalizeEmail(email);
    const existing = await this.users.findByEmail(normalized);
    if (existing) return { user: existing, created: false };
    const passwordHash = await this.passwords.hash(password);
    return this.transactions.run(async () => {
      const raced = await this.users.findByEmail(normalized);
      if (raced) return { user: raced, created: false };
      const username = await this.freeUsername(normalized.split('@')[0]);
      const user = await this.createAccount({ username, email: normalized, passwordHash, role });
      return { user, created: true };
    });
  }

  async getById(id: number): Promise<User> {
    const user = await this.users.findById(id);
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
  async getPublicProfile(id: number, viewer: AuthUser): Promise<PublicProfileDto> {
    const user = await this.getById(id);
    return toPublicProfileDto(user, viewer.id === id || viewer.role === Role.Admin);
  }

  async updateProfile(id: number, changes: UpdateProfileDto): Promise<UserDto> {
    await this.users.update(id, changes);
    await this.sessionCache.forgetUser(id);
    return this.getProfile(id);
  }

  /**
   * Replaces the password hash, inside the caller's unit of work when there is one; the caller
   * tells the session cache after its commit.
   */
  async setPasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.users.update(id, { passwordHash });
  }

  async list(query: QueryUsersDto): Promise<Paginated<PublicProfileDto>> {
    const page = await this.users.list(query);
    return { ...page, data: page.data.map((user) => toPublicProfileDto(user, true)) };
  }

  /**
   * Admin: deletes a user with their sessions, listings, auctions and favorites. Refused (409)
   * while other users' records hang on theirs (the features registered in UserDependentsRegistry
   * count them: auctions with bids, leading bids on active auctions, sales, purchases). The check
   * and the delete are one unit of work that first holds off racing writers (see
   * `holdOffNewDependents`), so no bid or sale slips in between. An admin cannot delete themself
   * (no lock-out).
   */
  async remove(actorId: number, id: number): Promise<void> {
    if (actorId === id) throw new ConflictException('You cannot delete your own account here');
    await this.transactions.run(async () => {
      await this.holdOffNewDependents(id);
      const counted: DependentCount[] = [];
      for (const dependents of this.dependents.all()) counted.push(...(await dependents.countFor(id)));
      const blocking = counted.filter(({ count }) => count > 0);
      if (blocking.length > 0) throw new ConflictException(describeDependents(id, blocking));
      if (!(await this.users.delete(id))) throw new NotFoundException(`User ${id} not found`);
    });
    await this.sessionCache.forgetUser(id);
  }

  /** Admin: sets a user's role. An admin cannot demote themself, so one admin always remains. */
  async setRole(actorId: number, id: number, role: Role): Promise<PublicProfileDto> {
    refuseSelfDemotion(actorId, id, role);
    if (!(await this.users.update(id, { role }))) throw new NotFoundException(`User ${id} not found`);
    await this.sessionCache.forgetUser(id);
    return toPublicProfileDto(await this.getById(id), true);
  }

  /** The user signing in by email or username, with the password hash that is otherwise never read. */
  findForLogin(login: { email?: string; username?: string }): Promise<User | null> {
    return this.users.findForLogin(
      login.email ? { email: normalizeEmail(login.email) } : { username: login.username ?? '' },
    );
  }

  async getPasswordHash(id: number): Promise<string> {
    const passwordHash = await this.users.passwordHashOf(id);
    if (passwordHash === null) throw new NotFoundException(`User ${id} not found`);
    return passwordHash;
  }

  /**
   * Makes every writer that could add a dependent either commit before the counting reads, or
   * wait until this unit ends. On PostgreSQL a bid locks its auction and a purchase its listing
   * before the row it adds references the user, and a new auction, listing or sale references the
   * user row: so the features lock the user's own rows, then the user is locked, then the
   * features lock again the rows created meanwhile (in the order those writers lock, so they wait
   * rather than deadlock). On SQLite locking the user takes the database's write lock.
   */
  private async holdOffNewDependents(id: number): Promise<void> {
    const features = this.dependents.all();
    for (const dependents of features) await dependents.lockOwnedBy(id);
    await this.users.lockUser(id);
    for (const dependents of features) await dependents.lockOwnedBy(id);
  }

  /** 409 when another user than `exceptId` holds the email, or the username in any letter case. */
  private async refuseTaken(wanted: { email?: string; username?: string }, exceptId?: number): Promise<void> {
    const taken = await this.users.findByEmailOrUsername(wanted, exceptId);
    if (taken) {
      throw new ConflictException(
        taken.email === wanted.email ? 'That email is already registered' : 'That username is taken',
      );
    }
  }

  /** `base`, or `base` with a number, whichever is not yet taken (for the bootstrap admin). */
  private async freeUsername(base: string): Promise<string> {
    const stem = base
      .replace(/[^A-Za-z0-9_.-]/g, '')
      .slice(0, 24)
      .padEnd(3, '_');
    for (let suffix = 0; ; suffix++) {
      const candidate = suffix === 0 ? stem : `${stem}${suffix}`;
      if (!(await this.users.isUsernameTaken(candidate))) return candidate;
    }
  }
}

/** The columns an admin's PATCH sets, or with `replace` (PUT) those and the profile fields left out, cleared. */
function columnsOf(dto: UpdateUserDto, replace: boolean): UserChanges {
  const columns: UserChanges = { username: dto.username, email: dto.email, role: dto.role };
  for (const field of PROFILE_FIELDS) columns[field] = replace ? (dto[field] ?? null) : dto[field];
  return columns;
}

/** An admin cannot demote themself, so one admin always remains (409). */
function refuseSelfDemotion(actorId: number, id: number, role: Role): void {
  if (actorId === id && role !== Role.Admin) {
    throw new ConflictException('You cannot remove your own admin role');
  }
}

/** "User 5 has 1 auction with other users' bids, 2 sales and 1 purchase; ..." */
function describeDependents(id: number, counted: readonly DependentCount[]): string {
  const parts = counted.map(({ count, one, many }) => `${count} ${count === 1 ? one : many}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `User ${id} has ${list}; deleting the user would destroy other users' records`;
}
