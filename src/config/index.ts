import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config';
import { authConfig } from './auth.config';
import { databaseConfig } from './database.config';
import { validateEnv } from './env.validation';
import { redisConfig } from './redis.config';

export { appConfig, authConfig, databaseConfig, redisConfig };

/** The one configuration module of both processes: `.env` when present, validated at start. */
export const AppConfigModule = ConfigModule.forRoot({
  isGlobal: true,
  cache: true,
  load: [appConfig, databaseConfig, redisConfig, authConfig],
  validate: validateEnv,
  // .env is read by read-env.ts, before any class is declared.
  ignoreEnvFile: true,
});
