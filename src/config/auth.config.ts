import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';
import ms from 'ms';
import { DEV_JWT_SECRET } from './env.validation';

const seconds = (value: string) => Math.floor(ms(value as ms.StringValue) / 1000);

export const authConfig = registerAs('auth', () => ({
  jwtSecret: readEnv('JWT_SECRET') ?? DEV_JWT_SECRET,
  accessTtlSeconds: seconds(readEnv('JWT_ACCESS_TTL') ?? '15m'),
  refreshTtlSeconds: seconds(readEnv('JWT_REFRESH_TTL') ?? '30d'),
  rateLimitPerMinute: Number(readEnv('AUTH_RATE_LIMIT') ?? 10),
  adminEmail: readEnv('ADMIN_EMAIL'),
  adminPassword: readEnv('ADMIN_PASSWORD'),
}));
