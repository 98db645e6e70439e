import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';

export const redisConfig = registerAs('redis', () => ({
  url: readEnv('REDIS_URL') ?? 'redis://127.0.0.1:6379',
}));
