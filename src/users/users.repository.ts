import { Injectable } from '@nestjs/common';
import { applySort, paginate, Paginated } from '../common/pagination/paginated';
import { containsPattern } from '../common/like-pattern';
import { Role } from '../common/roles';
import { TransactionsService } from '../database/transactions.service';
import { QueryUsersDto } from './dto/query-users.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { User } from './user.entity';

const SORT_COLUMNS = { username: 'user.username', createdAt: 'user.createdAt' };
/** What `?q=` finds a substring of. */
const SEARCHED_FIELDS = ['username', 'displayName', 'firstName', 'lastName'];

/** What a new account is made of: the email already normalized, the password already hashed. */
export interface NewUser extends UpdateProfileDto {
  username: string;
  email: string;
  passwordHash: string;
  role: Role;
}

/** Columns an update may set. */
export type UserChanges = Partial<Omit<User, 'id' | 'createdAt' | 'updatedAt'>>;

/** The users table. Reads join the unit of work in progress, writes run in one. */
@Injectable()
export class UsersRepository {
  constructor(private readonly transactions: TransactionsService) {}

  private get users() {
    return this.transactions.manager.getRepository(User);
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  /**
   * A user holding the email, or the username in any letter case (either may be left out), other
   * than `exceptId` when given.
   */
  findByEmailOrUsername(
    { email, username }: { email?: string; username?: string },
    exceptId?: number,
  ): Promise<User | null> {
    const holds = [
      ...(email === undefined ? [] : ['user.email = :email']),
      ...(username === undefined ? [] : ['LOWER(user.username) = LOWER(:username)']),
    ];
    if (holds.length === 0) return Promise.resolve(null);
    const builder = this.users
      .createQueryBuilder('user')
      .where(`(${holds.join(' OR ')})`, { email, username });
    if (exceptId !== undefined) builder.andWhere('user.id <> :exceptId', { exceptId });
    return builder.getOne();
  }

  isUsernameTaken(username: string): Promise<boolean> {
    return this.users
      .createQueryBuilder('user')
      .where('LOWER(user.username) = LOWER(:username)', { username })
      .getExists();
  }

  /** The user signing in by email or username, with the password hash that is otherwise never read. */
  findForLogin(login: { email: string } | { username: string }): Promise<User | null> {
    const builder = this.users.createQueryBuilder('user').addSelect('user.passwordHash');
    if ('email' in login) builder.where('user.email = :email', { email: login.email });
    else builder.where('LOWER(user.username) = LOWER(:username)', { username: login.username });
    return builder.getOne();
  }

  async passwordHashOf(id: number): Promise<string | null> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .whereInIds(id)
      .getOne();
    return user?.passwordHash ?? null;
  }

  list(query: QueryUsersDto): Promise<Paginated<User>> {
    const builder = this.users.createQueryBuilder('user');
    if (query.q) {
      const matches = SEARCHED_FIELDS.map((field) => `LOWER(user.${field}) LIKE LOWER(:q) ESCAPE '\\'`);
      builder.andWhere(`(${matches.join(' OR ')})`, { q: containsPattern(query.q) });
    }
    if (query.email) builder.andWhere('user.email = :email', { email: query.email });
    if (query.role) builder.andWhere('user.role = :role', { role: query.role });
    applySort(builder, query.sort, SORT_COLUMNS, 'username');
    return paginate(builder, query);
  }

  count(): Promise<number> {
    return this.users.count();
  }

  insert(user: NewUser): Promise<User> {
    return this.transactions.run((manager) => manager.save(manager.create(User, user)));
  }

  /** Changes the fields given; the number of rows changed (0: no such user). */
  async update(id: number, changes: UserChanges): Promise<number> {
    const { affected } = await this.transactions.run((manager) => manager.update(User, id, changes));
    return affected ?? 0;
  }

  /** Sets the role only while the password hash is still `passwordHash`; the rows changed. */
  async setRoleWhilePasswordHash(id: number, passwordHash: string, role: Role): Promise<number> {
    const { affected } = await this.transactions.run((manager) =>
      manager.update(User, { id, passwordHash }, { role }),
    );
    return affected ?? 0;
  }

  /**
   * Holds off, until the unit of work in progress ends, every writer that would add a row
   * referencing the user. PostgreSQL: the user's row is locked (a new auction, listing or sale
   * locks it through its foreign key). SQLite: the unit takes the database's write lock now, before
   * it reads, as a DELETE would (an UPDATE that changes nothing, in SQL so that `updated_at` stays).
   */
  async lockUser(id: number): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (manager.connection.options.type === 'postgres') {
        await manager
          .createQueryBuilder(User, 'user')
          .select('user.id')
          .where('user.id = :id', { id })
          .setLock('pessimistic_write')
          .getRawMany();
      } else {
        await manager.query('UPDATE "users" SET "role" = "role" WHERE "id" = ?', [id]);
      }
    });
  }

  /** Deletes the user (their sessions, listings, auctions and favorites go by the foreign keys). */
  async delete(id: number): Promise<number> {
    const { affected } = await this.transactions.run((manager) => manager.delete(User, { id }));
    return affected ?? 0;
  }
}
