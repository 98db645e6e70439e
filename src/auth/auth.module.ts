import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { VERIFIED_TOKEN_CHECK } from '../common/guards/verified-token-check.port';
import { RedisThrottlerStorage } from '../common/throttling/redis-throttler.storage';
import { authConfig } from '../config/auth.config';
import { REDIS } from '../redis/redis.module';
import { SessionCacheModule } from '../session-cache/session-cache.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { BrowserSessions } from './browser-sessions';
import { JwtStrategy } from './jwt.strategy';
import { SessionsService } from './sessions.service';
import { VerifiedTokens } from './verified-tokens';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: ConfigType<typeof authConfig>) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: config.accessTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [authConfig.KEY, REDIS],
      useFactory: (config: ConfigType<typeof authConfig>, redis: Redis) => ({
        throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
    UsersModule,
    SessionCacheModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    BrowserSessions,
    SessionsService,
    AuthRepository,
    JwtStrategy,
    VerifiedTokens,
    { provide: VERIFIED_TOKEN_CHECK, useExisting: JwtStrategy },
  ],
  exports: [SessionsService, AuthRepository, JwtModule, VERIFIED_TOKEN_CHECK],
})
export class AuthModule {}
