import { registerAs } from '@nestjs/config';
import { NodeEnv } from './env.validation';

export const appConfig = registerAs('app', () => ({
  port: Number(process.env.PORT ?? 3000),
  nodeEnv: (process.env.NODE_ENV ?? NodeEnv.Development) as NodeEnv,
  logLevel: process.env.LOG_LEVEL ?? 'info',
  logDir: process.env.LOG_DIR ?? 'logs',
  corsOrigins: (process.env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
}));
