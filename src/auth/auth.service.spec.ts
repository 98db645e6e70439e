import { ConflictException } from '@nestjs/common';
import { FakeTransactions } from '../../test/support/fake-transactions';
import { SessionCache } from '../session-cache/session-cache';
import { PasswordHasher } from '../users/password-hasher.service';
import { User } from '../users/user.entity';
import { NewAccount, UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { ClientInfo } from './client-info';
import { TokensDto } from './dto/tokens.dto';
import { SessionsService } from './sessions.service';

describe('AuthService.signup', () => {
  const client: ClientInfo = { ip: '203.0.113.7', userAgent: 'jest' };
  const dto = { username: 'alice', email: 'alice@example.com', password: 'correct-horse' };
  let events: string[];
  let createAccount: jest.Mock<Promise<User>, [NewAccount]>;
  let service: AuthService;

  beforeEach(() => {
    events = [];
    const transactions = new FakeTransactions(() => void events.push('unit starts'));
    createAccount = jest.fn(async (account: NewAccount) => {
      events.push(`create ${account.username} (in unit: ${transactions.inUnit})`);
      return Object.assign(new User(), { id: 7, username: account.username, email: account.email });
    });
    const users = { createAccount } as unknown as UsersService;
    const sessions = {
      open: async (user: User) => {
        events.push(`open a session of ${user.id} (in unit: ${transactions.inUnit})`);
        return { accessToken: 'a' } as TokensDto;
      },
    } as unknown as SessionsService;
    const passwords = {
      hash: async (password: string) => {
        events.push(`hash (in unit: ${transactions.inUnit})`);
        return `hashed:${password}`;
      },
    } as PasswordHasher;
    service = new AuthService(users, sessions, passwords, transactions.asService(), {} as SessionCache);
  });

  it('hashes first, then creates the account through UsersService and opens its session in one unit', async () => {
    await expect(service.signup(dto, client)).resolves.toEqual({ accessToken: 'a' });
    expect(createAccount).toHaveBeenCalledWith({
      username: 'alice',
      email: 'alice@example.com',
      passwordHash: 'hashed:correct-horse',
    });
    expect(events).toEqual([
      'hash (in unit: false)',
      'unit starts',
      'create alice (in unit: true)',
      'open a session of 7 (in unit: true)',
    ]);
  });

  it('opens no session when the account is refused', async () => {
    createAccount.mockRejectedValueOnce(new ConflictException('That username is taken'));
    await expect(service.signup(dto, client)).rejects.toThrow('That username is taken');
    expect(events).not.toContainEqual(expect.stringMatching(/^open/));
  });
});
