import { registerAs } from '@nestjs/config';
import { readEnv } from './read-env';

export const carApiConfig = registerAs('carApi', () => ({
  url: (readEnv('CAR_API_URL') ?? 'https://parseapi.back4app.com').replace(/\/+$/, ''),
  className: readEnv('CAR_API_CLASS') ?? 'Carmodels_Car_Model_List',
  appId: readEnv('CAR_API_ID') ?? '',
  key: readEnv('CAR_API_KEY') ?? '',
  keyHeader: readEnv('CAR_API_KEY_HEADER') ?? 'X-Parse-REST-API-Key',
  timeoutMs: Number(readEnv('CAR_API_TIMEOUT_MS') ?? 30_000),
  retries: Number(readEnv('CAR_API_RETRIES') ?? 5),
  retryBaseMs: Number(readEnv('CAR_API_RETRY_BASE_MS') ?? 500),
}));
