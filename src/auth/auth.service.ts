import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthUser } from '../common/auth-user';
import { TransactionsService } from '../database/transactions.service';
import { SessionCache } from '../session-cache/session-cache';
import { PasswordHasher } from '../users/password-hasher.service';
import { UsersService } from '../users/users.service';
import { ClientInfo } from './client-info';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { SignupDto } from './dto/signup.dto';
import { TokensDto } from './dto/tokens.dto';
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

  /** Creates the account and its first session at once: a sign-up that fails leaves no account. */
  async signup(dto: SignupDto, client: ClientInfo): Promise<TokensDto> {
    const passwordHash = await this.passwords.hash(dto.password);
    return this.transactions.run(async () => {
      const user = await this.users.createAccount({ username: dto.username, email: dto.email, passwordHash });
      return this.sessions.open(user, client);
    });
  }

  /** Same answer, and about the same time, whether the user is unknown or the password wrong. */
  async login(dto: LoginDto, client: ClientInfo): Promise<TokensDto> {
    const user = await this.users.findForLogin(dto);
    const valid = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user || !valid) throw new UnauthorizedException('Invalid credentials');
    return this.sessions.open(user, client);
  }

  logout(user: AuthUser): Promise<void> {
    return this.sessions.revoke(user.id, user.sessionId);
  }

  async logoutAll(user: AuthUser): Promise<void> {
    await this.sessions.revokeAll(user.id);
    await this.sessionCache.forgetUser(user.id);
  }

  /** Changes the password and ends every other session of the user. */
  async changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const currentHash = await this.users.getPasswordHash(user.id);
    if (!(await this.passwords.verify(currentHash, dto.currentPassword))) {
      throw new ForbiddenException('Current password is incorrect');
    }
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.transactions.run(async () => {
      await this.users.setPasswordHash(user.id, passwordHash);
      await this.sessions.revokeAll(user.id, user.sessionId);
    });
    await this.sessionCache.forgetUser(user.id);
  }
}
