/**
 * `npm run mock:car-api`: the stand-in car API on a fixed port, to run the service's sync against
 * without Back4App credentials. Configured by the same variables the service reads.
 */
import { CarApiServer } from './car-api-server';

function integerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function stringFromEnv(name: string, fallback: string): string {
  return process.env[name] || fallback;
}

async function main(): Promise<void> {
  const settings = {
    port: integerFromEnv('PORT', 4010),
    // 0.0.0.0 serves other hosts too, e.g. every worker container of a Compose deployment.
    host: stringFromEnv('HOST', '127.0.0.1'),
    count: integerFromEnv('CAR_API_COUNT', 10000),
    appId: stringFromEnv('CAR_API_ID', 'demo-app-id'),
    apiKey: stringFromEnv('CAR_API_KEY', 'demo-rest-key'),
    keyHeader: stringFromEnv('CAR_API_KEY_HEADER', 'X-Parse-REST-API-Key'),
    className: stringFromEnv('CAR_API_CLASS', 'Carmodels_Car_Model_List'),
  };
  const server = await CarApiServer.start(settings);
  console.log(`Car API mock: ${server.size} car models at ${server.url}/classes/${settings.className}`);
  console.log('Point the service at it with:');
  console.log(`CAR_API_URL=${server.url}`);
  console.log(`CAR_API_CLASS=${settings.className}`);
  console.log(`CAR_API_ID=${settings.appId}`);
  console.log(`CAR_API_KEY=${settings.apiKey}`);
  console.log(`CAR_API_KEY_HEADER=${settings.keyHeader}`);

  const stop = (signal: NodeJS.Signals): void => {
    console.log(`${signal}: stopping the car API mock`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
