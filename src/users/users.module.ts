import { Module } from '@nestjs/common';
import { SessionCacheModule } from '../session-cache/session-cache.module';
import { PasswordHasher } from './password-hasher.service';
import { UserDependentsRegistry } from './user-dependents';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [SessionCacheModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PasswordHasher, UserDependentsRegistry],
  exports: [UsersService, UsersRepository, PasswordHasher, UserDependentsRegistry],
})
export class UsersModule {}
