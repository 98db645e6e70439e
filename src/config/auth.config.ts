import { registerAs } from '@nestjs/config';
import ms from 'ms';
import { DEV_JWT_SECRET } from './env.validation';

const seconds = (value: string) => Math.floor(ms(value as ms.StringValue) / 1000);

export const authConfig = registerAs('auth', () => ({
  jwtSecret: process.env.JWT_SECRET ?? DEV_JWT_SECRET,
  accessTtlSeconds: seconds(process.env.JWT_ACCESS_TTL ?? '15m'),
  refreshTtlSeconds: seconds(process.env.JWT_REFRESH_TTL ?? '30d'),
  rateLimitPerMinute: Number(process.env.AUTH_RATE_LIMIT ?? 10),
  adminEmail: process.env.ADMIN_EMAIL,
  adminPassword: process.env.ADMIN_PASSWORD,
}));
