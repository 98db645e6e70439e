import { ConflictException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthUser } from '../common/auth-user';
import { TransactionsService } from '../database/transactions.service';
import { User } from '../users/user.entity';
import { normalizeEmail, UsersService } from '../users/users.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { SignupDto } from './dto/signup.dto';
import { TokensDto } from './dto/tokens.dto';
import { PasswordHasher } from '../users/password-hasher.service';
import { ClientInfo } from './client-info';
import { SessionCache } from './session-cache';
import { SessionsService } from './sessions.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly transactions: TransactionsService,
    private readonly sessionCache: SessionCache,
  ) {}

  async signup(dto: SignupDto, client: ClientInfo): Promise<TokensDto> {
    const email = normalizeEmail(dto.email);
    const passwordHash = await this.passwords.hash(dto.password);
    return this.transactions.run(async (manager) => {
      const taken = await manager
        .createQueryBuilder(User, 'user')
        .where('user.email = :email OR LOWER(user.username) = LOWER(:username)', {
          email,
          username: dto.username,
        })
        .getOne();
      if (taken) {
        throw new ConflictException(
          taken.email === email ? 'That email is already registered' : 'That username is taken',
        );
      }
      // The unique indexes still guard the race of two simultaneous signups (409 via the filter).
      const user = await manager.save(manager.create(User, { username: dto.username, email, passwordHash }));
      return this.sessions.open(manager, user, client);
    });
  }

  /** Same answer, and about the same time, whether the user is unknown or the password wrong. */
  async login(dto: LoginDto, client: ClientInfo): Promise<TokensDto> {
    const user = await this.users.findForLogin(dto);
    const valid = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user || !valid) throw new UnauthorizedException('Invalid credentials');
    return this.transactions.run((manager) => this.sessions.open(manager, user, client));
  }

  logout(user: AuthUser): Promise<void> {
    return this.sessions.revoke(user.id, user.sessionId);
  }

  async logoutAll(user: AuthUser): Promise<void> {
    await this.transactions.run((manager) => this.sessions.revokeAll(manager, user.id));
    await this.sessionCache.forgetUser(user.id);
  }

  /** Changes the password and ends every other session of the user. */
  async changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const currentHash = await this.users.getPasswordHash(user.id);
    if (!(await this.passwords.verify(currentHash, dto.currentPassword))) {
      throw new ForbiddenException('Current password is incorrect');
    }
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.transactions.run(async (manager) => {
      await manager.update(User, user.id, { passwordHash });
      await this.sessions.revokeAll(manager, user.id, user.sessionId);
    });
    await this.sessionCache.forgetUser(user.id);
  }
}
