import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionCacheModule } from '../auth/session-cache';
import { DashboardService } from './dashboard.service';
import { PasswordHasher } from './password-hasher.service';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SessionCacheModule],
  controllers: [UsersController],
  providers: [UsersService, PasswordHasher, DashboardService],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
