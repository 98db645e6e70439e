import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config';
import { auctionConfig } from './auction.config';
import { authConfig } from './auth.config';
import { backupConfig } from './backup.config';
import { carApiConfig } from './car-api.config';
import { databaseConfig } from './database.config';
import { validateEnv } from './env.validation';
import { realtimeConfig } from './realtime.config';
import { redisConfig } from './redis.config';
import { syncConfig } from './sync.config';

export {
  appConfig,
  auctionConfig,
  authConfig,
  backupConfig,
  carApiConfig,
  databaseConfig,
  realtimeConfig,
  redisConfig,
  syncConfig,
};

/** The one configuration module of both processes: `.env` when present, validated at start. */
export const AppConfigModule = ConfigModule.forRoot({
  isGlobal: true,
  cache: true,
  load: [
    appConfig,
    databaseConfig,
    redisConfig,
    authConfig,
    carApiConfig,
    syncConfig,
    auctionConfig,
    realtimeConfig,
    backupConfig,
  ],
  validate: validateEnv,
  // .env is read by read-env.ts, before any class is declared.
  ignoreEnvFile: true,
});
