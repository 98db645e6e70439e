import { ConflictException, NotFoundException } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { FakeTransactions } from '../../test/support/fake-transactions';
import { Role } from '../common/roles';
import { authConfig } from '../config/auth.config';
import { SessionCache } from '../session-cache/session-cache';
import { UserDto } from './dto/user.dto';
import { PasswordHasher } from './password-hasher.service';
import { DependentCount, UserDependents, UserDependentsRegistry } from './user-dependents';
import { User } from './user.entity';
import { NewUser, UserChanges, UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** The users table in memory, with a log of the calls that matter to the order of a deletion. */
class FakeUsersRepository implements Partial<UsersRepository> {
  readonly rows = new Map<number, User & { passwordHash: string }>();
  readonly calls: string[] = [];
  private nextId = 1;

  async findById(id: number) {
    return this.rows.get(id) ?? null;
  }
  async findByEmail(email: string) {
    return [...this.rows.values()].find((user) => user.email === email) ?? null;
  }
  async findByEmailOrUsername({ email, username }: { email?: string; username?: string }, exceptId?: number) {
    const lower = username?.toLowerCase();
    return (
      [...this.rows.values()].find(
        (user) => user.id !== exceptId && (user.email === email || user.username.toLowerCase() === lower),
      ) ?? null
    );
  }
  async isUsernameTaken(username: string) {
    return [...this.rows.values()].some((user) => user.username.toLowerCase() === username.toLowerCase());
  }
  async insert(user: NewUser) {
    const row = Object.assign(new User(), user, { id: this.nextId++ });
    this.rows.set(row.id, row);
    return row;
  }
  async update(id: number, changes: UserChanges) {
    const row = this.rows.get(id);
    if (!row) return 0;
    for (const [column, value] of Object.entries(changes))
      if (value !== undefined) Object.assign(row, { [column]: value });
    return 1;
  }
  async lockUser(id: number) {
    this.calls.push(`lock user ${id}`);
  }
  async delete(id: number) {
    this.calls.push(`delete ${id}`);
    return this.rows.delete(id) ? 1 : 0;
  }
}

/** A feature's dependents that reports fixed counts and logs its locks. */
function dependents(order: number, counts: DependentCount[], calls: string[]): UserDependents {
  return {
    order,
    lockOwnedBy: async (userId) => void calls.push(`lock ${order} ${userId}`),
    countFor: async (userId) => {
      calls.push(`count ${order} ${userId}`);
      return counts;
    },
  };
}

describe('UsersService', () => {
  let repository: FakeUsersRepository;
  let registry: UserDependentsRegistry;
  let forgotten: number[];
  let transactions: FakeTransactions;
  let service: UsersService;

  beforeEach(() => {
    repository = new FakeUsersRepository();
    registry = new UserDependentsRegistry();
    forgotten = [];
    transactions = new FakeTransactions();
    const cache = {
      forgetUser: async (userId: number) => void forgotten.push(userId),
    } as unknown as SessionCache<UserDto>;
    const passwords = { hash: async (password: string) => `hashed:${password}` } as PasswordHasher;
    service = new UsersService(
      repository as unknown as UsersRepository,
      transactions.asService(),
      passwords,
      cache,
      registry,
      {} as ConfigType<typeof authConfig>,
    );
  });

  const account = (name: string) => ({ username: name, email: `${name}@Example.com `, passwordHash: 'h' });

  describe('createAccount', () => {
    it('creates a user with the email normalized and the role User by default', async () => {
      const user = await service.createAccount(account('alice'));
      expect(user).toMatchObject({ username: 'alice', email: 'alice@example.com', role: Role.User });
      expect(repository.rows.size).toBe(1);
    });

    it('refuses a taken email or a username taken in another letter case (409), creating nothing', async () => {
      await service.createAccount(account('alice'));
      await expect(service.createAccount({ ...account('bob'), email: 'ALICE@example.com' })).rejects.toThrow(
        new ConflictException('That email is already registered'),
      );
      await expect(
        service.createAccount({ ...account('ALICE'), email: 'other@example.com' }),
      ).rejects.toThrow(new ConflictException('That username is taken'));
      expect(repository.rows.size).toBe(1);
    });
  });

  describe('create (admin)', () => {
    it('hashes the password and makes the account with its role, names and profile, answering the admin view', async () => {
      const created = await service.create({
        username: 'frank',
        email: 'frank@example.com',
        password: 'correct-horse-battery',
        role: Role.Admin,
        firstName: 'Frank',
        lastName: 'Castle',
      });
      expect(created).toMatchObject({
        username: 'frank',
        firstName: 'Frank',
        lastName: 'Castle',
        role: Role.Admin,
      });
      for (const secret of ['email', 'passwordHash', 'phone', 'address'])
        expect(created).not.toHaveProperty(secret);
      expect(repository.rows.get(created.id)).toMatchObject({
        passwordHash: 'hashed:correct-horse-battery',
        role: Role.Admin,
      });
    });

    it('gives the role User unless told, and refuses a taken email (409)', async () => {
      const created = await service.create({
        username: 'gina',
        email: 'gina@example.com',
        password: 'p'.repeat(8),
      });
      expect(created.role).toBe(Role.User);
      await expect(
        service.create({ username: 'other', email: 'gina@example.com', password: 'p'.repeat(8) }),
      ).rejects.toThrow(new ConflictException('That email is already registered'));
    });
  });

  describe('update (admin)', () => {
    let user: User;
    const ADMIN_ID = 99;

    beforeEach(async () => {
      user = await service.createAccount(account('hank'));
      await repository.update(user.id, { displayName: 'Hank', phone: '555 0100', role: Role.Admin });
    });

    it('changes the fields given, leaves the others and forgets the sessions of the user', async () => {
      const changed = await service.update(ADMIN_ID, user.id, { username: 'henry', firstName: 'Henry' });
      expect(changed).toMatchObject({
        username: 'henry',
        firstName: 'Henry',
        displayName: 'Hank',
        role: Role.Admin,
      });
      expect(repository.rows.get(user.id)).toMatchObject({ email: 'hank@example.com', phone: '555 0100' });
      expect(forgotten).toEqual([user.id]);
    });

    it('replace clears the profile fields left out and keeps the role', async () => {
      await service.update(
        ADMIN_ID,
        user.id,
        { username: 'hank', email: 'hank@example.com', lastName: 'Hill' },
        true,
      );
      expect(repository.rows.get(user.id)).toMatchObject({
        displayName: null,
        firstName: null,
        lastName: 'Hill',
        phone: null,
        address: null,
        role: Role.Admin,
      });
    });

    it("lets a user keep their own username in another letter case, refuses another user's (409)", async () => {
      await service.createAccount(account('ivy'));
      await service.update(ADMIN_ID, user.id, { username: 'HANK' });
      await expect(service.update(ADMIN_ID, user.id, { username: 'Ivy' })).rejects.toThrow(
        new ConflictException('That username is taken'),
      );
      await expect(service.update(ADMIN_ID, user.id, { email: 'ivy@example.com' })).rejects.toThrow(
        new ConflictException('That email is already registered'),
      );
      expect(repository.rows.get(user.id)).toMatchObject({ username: 'HANK', email: 'hank@example.com' });
    });

    it('refuses an admin removing their own admin role (409) before touching anything; other changes of theirs pass', async () => {
      transactions.units = 0;
      await expect(
        service.update(user.id, user.id, { role: Role.User, firstName: 'Sneaky' }),
      ).rejects.toThrow(new ConflictException('You cannot remove your own admin role'));
      expect(transactions.units).toBe(0);
      expect(repository.rows.get(user.id)).toMatchObject({ role: Role.Admin, firstName: undefined });
      await service.update(user.id, user.id, { role: Role.Admin, firstName: 'Hank' });
      expect(repository.rows.get(user.id)).toMatchObject({ role: Role.Admin, firstName: 'Hank' });
    });

    it('an unknown user is 404 and nobody is forgotten', async () => {
      await expect(service.update(ADMIN_ID, 12345, { firstName: 'X' })).rejects.toThrow(
        new NotFoundException('User 12345 not found'),
      );
      expect(forgotten).toEqual([]);
    });
  });

  describe('ensureUser', () => {
    it('creates the user once with a free username derived from the email, then returns it as it is', async () => {
      await service.createAccount({ ...account('ops'), email: 'someone@example.com' });
      const first = await service.ensureUser('Ops@Example.com', 'secret-password', Role.Admin);
      expect(first.created).toBe(true);
      expect(first.user).toMatchObject({
        username: 'ops1',
        email: 'ops@example.com',
        role: Role.Admin,
        passwordHash: 'hashed:secret-password',
      });
      const again = await service.ensureUser('ops@example.com', 'other-password', Role.User);
      expect(again).toEqual({ user: first.user, created: false });
    });
  });

  describe('remove', () => {
    it('refuses to delete the acting admin (409) and asks nothing of the database', async () => {
      const admin = await service.createAccount(account('admin'));
      transactions.units = 0;
      await expect(service.remove(admin.id, admin.id)).rejects.toThrow(
        new ConflictException('You cannot delete your own account here'),
      );
      expect(transactions.units).toBe(0);
      expect(repository.rows.has(admin.id)).toBe(true);
    });

    it('deletes a user nothing hangs on, in one unit, after the locks, and forgets their sessions', async () => {
      const user = await service.createAccount(account('carol'));
      const calls = repository.calls;
      registry.register(dependents(2, [{ count: 0, one: 'sale', many: 'sales' }], calls));
      registry.register(dependents(1, [], calls));
      transactions.units = 0;
      await service.remove(99, user.id);
      expect(transactions.units).toBe(1);
      expect(calls).toEqual([
        `lock 1 ${user.id}`,
        `lock 2 ${user.id}`,
        `lock user ${user.id}`,
        `lock 1 ${user.id}`,
        `lock 2 ${user.id}`,
        `count 1 ${user.id}`,
        `count 2 ${user.id}`,
        `delete ${user.id}`,
      ]);
      expect(repository.rows.has(user.id)).toBe(false);
      expect(forgotten).toEqual([user.id]);
    });

    it("refuses (409) while other users' records hang on the user's, naming them in the features' order", async () => {
      const user = await service.createAccount(account('dave'));
      registry.register(
        dependents(
          2,
          [
            { count: 2, one: 'sale', many: 'sales' },
            { count: 1, one: 'purchase', many: 'purchases' },
          ],
          repository.calls,
        ),
      );
      registry.register(
        dependents(
          1,
          [
            { count: 1, one: "auction with other users' bids", many: "auctions with other users' bids" },
            { count: 0, one: 'leading bid on an active auction', many: 'leading bids on active auctions' },
          ],
          repository.calls,
        ),
      );
      await expect(service.remove(99, user.id)).rejects.toThrow(
        new ConflictException(
          `User ${user.id} has 1 auction with other users' bids, 2 sales and 1 purchase; ` +
            "deleting the user would destroy other users' records",
        ),
      );
      expect(repository.calls).not.toContain(`delete ${user.id}`);
      expect(repository.rows.has(user.id)).toBe(true);
      expect(forgotten).toEqual([]);
    });

    it('names a single kind of record alone', async () => {
      const user = await service.createAccount(account('erin'));
      registry.register(dependents(2, [{ count: 1, one: 'sale', many: 'sales' }], repository.calls));
      await expect(service.remove(99, user.id)).rejects.toThrow(
        `User ${user.id} has 1 sale; deleting the user would destroy other users' records`,
      );
    });

    it('an unknown user is 404', async () => {
      registry.register(dependents(1, [], repository.calls));
      await expect(service.remove(99, 12345)).rejects.toThrow(new NotFoundException('User 12345 not found'));
      expect(forgotten).toEqual([]);
    });
  });
});
