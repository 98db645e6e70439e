import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { IsDuration } from './is-duration.validator';

export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

/** The signing key used when none is configured: fine on a laptop, refused in production. */
/** The largest AUTH_RATE_LIMIT: the bound the OpenAPI document gives the rate-limit headers. */
export const MAX_AUTH_RATE_LIMIT = 1_000_000;

export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';

/** `true`, `false`, a hop count, or IPs, CIDR subnets and Express's names for address ranges. */
const PROXY_ADDRESS = String.raw`(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(/\d+)?)`;
const TRUST_PROXY = new RegExp(String.raw`^(true|false|\d+|${PROXY_ADDRESS}(\s*,\s*${PROXY_ADDRESS})*)$`);

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

/**
 * Every variable of the configuration table. Values arrive as strings; numeric ones are
 * converted here so that a typo ("5m" for a millisecond count) stops the start with a message.
 */
export class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsEnum(NodeEnv) NODE_ENV?: NodeEnv;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @IsString() LOG_DIR?: string;
  @IsOptional() @IsString() CORS_ORIGINS?: string;
  @IsOptional() @IsIn(['true', 'false']) COOKIE_SECURE?: 'true' | 'false';
  @IsOptional()
  @Matches(TRUST_PROXY, {
    message:
      'TRUST_PROXY must be true, false, a number of hops, or addresses and subnets separated by commas',
  })
  TRUST_PROXY?: string;

  @IsOptional() @IsIn(['sqlite', 'postgres']) DB_TYPE?: 'sqlite' | 'postgres';
  @IsOptional() @IsString() DB_PATH?: string;
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL?: string;

  @IsOptional() @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false }) REDIS_URL?: string;

  @IsOptional() @IsString() @MinLength(16) JWT_SECRET?: string;
  @IsOptional() @IsDuration() JWT_ACCESS_TTL?: string;
  @IsOptional() @IsDuration() JWT_REFRESH_TTL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_AUTH_RATE_LIMIT) AUTH_RATE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) BACKUP_KEEP?: number;
  @IsOptional() @IsEmail() ADMIN_EMAIL?: string;
  @IsOptional() @IsString() @MinLength(8) ADMIN_PASSWORD?: string;

  @IsOptional() @IsUrl({ require_tld: false }) CAR_API_URL?: string;
  @IsOptional() @IsString() CAR_API_CLASS?: string;
  @IsOptional() @IsString() CAR_API_ID?: string;
  @IsOptional() @IsString() CAR_API_KEY?: string;
  @IsOptional() @IsString() CAR_API_KEY_HEADER?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) SYNC_INTERVAL_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) SYNC_PAGE_SIZE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) SYNC_FULL_REFRESH_EVERY?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) CAR_API_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(20) CAR_API_RETRIES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) CAR_API_RETRY_BASE_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) WORKER_JOB_LOCK_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) WORKER_SHUTDOWN_GRACE_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) AUCTION_SOFT_CLOSE_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) AUCTION_MAX_DAYS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) WS_MAX_SOCKETS_PER_USER?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) WS_MAX_ROOMS_PER_SOCKET?: number;
}

function describe(errors: ValidationError[]): string {
  return errors
    .map(
      (e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    )
    .join('\n');
}

/** `ConfigModule`'s `validate` hook: throws one error that lists every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Record<string, unknown> {
  // Judge the values as readEnv() will hand them out: trimmed, and `KEY=` meaning "not set".
  const set = Object.fromEntries(
    Object.entries(raw)
      .map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value])
      .filter(([, value]) => value !== ''),
  );
  const env = plainToInstance(EnvironmentVariables, set);
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new Error(`Invalid configuration (see .env.example):\n${describe(errors)}`);
  }
  if (env.DB_TYPE === 'postgres' && !env.DATABASE_URL) {
    throw new Error(
      'Invalid configuration: DB_TYPE=postgres needs DATABASE_URL (postgres://user:pass@host:5432/db)',
    );
  }
  if (env.NODE_ENV === NodeEnv.Production && (!env.JWT_SECRET || env.JWT_SECRET === DEV_JWT_SECRET)) {
    throw new Error(
      'Invalid configuration: NODE_ENV=production needs JWT_SECRET set to a private random value ' +
        'of at least 32 characters, for example the output of `openssl rand -hex 32`.',
    );
  }
  if (env.NODE_ENV === NodeEnv.Production && env.JWT_SECRET!.length < 32) {
    throw new Error('Invalid configuration: in production JWT_SECRET must be at least 32 characters long.');
  }
  return { ...raw, ...env };
}
