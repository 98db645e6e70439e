import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';
import { NodeEnv } from './env.validation';

export const appConfig = registerAs('app', () => ({
  port: Number(readEnv('PORT') ?? 3000),
  nodeEnv: (readEnv('NODE_ENV') ?? NodeEnv.Development) as NodeEnv,
  logLevel: readEnv('LOG_LEVEL') ?? 'info',
  logDir: readEnv('LOG_DIR') ?? 'logs',
  corsOrigins: (readEnv('CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
}));
