import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';
import { NodeEnv } from './env.validation';

/**
 * `TRUST_PROXY`, Express's "trust proxy": unset or `false` (the client address is the peer's),
 * `true`, a number of proxy hops, or addresses and subnets (`loopback, 10.0.0.0/8`). Behind a
 * trusted proxy the client address comes from `X-Forwarded-For`.
 */
export function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export const appConfig = registerAs('app', () => ({
  port: Number(readEnv('PORT') ?? 3000),
  nodeEnv: (readEnv('NODE_ENV') ?? NodeEnv.Development) as NodeEnv,
  logLevel: readEnv('LOG_LEVEL') ?? 'info',
  logDir: readEnv('LOG_DIR') ?? 'logs',
  corsOrigins: (readEnv('CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
  trustProxy: parseTrustProxy(readEnv('TRUST_PROXY')),
  /** `Secure` on the cookies the API sets: always in production, elsewhere with `COOKIE_SECURE=true`. */
  cookieSecure: readEnv('NODE_ENV') === NodeEnv.Production || readEnv('COOKIE_SECURE') === 'true',
}));
