import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { readEnv } from './config/read-env';
import { redisAnswers, redisServerInstalled, startRedisServer } from './redis/local-redis-server';

/**
 * `npm start`: runs the service on one machine. Uses the Redis of `REDIS_URL` (or .env); when none
 * answers on a local address and `redis-server` is installed, starts a private one for the run.
 * Then starts the compiled API and worker and stops them together on Ctrl-C or SIGTERM.
 */
const PROCESSES = ['main.js', 'worker.js'];

async function ensureRedis(): Promise<ChildProcess | undefined> {
  const url = readEnv('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return undefined;
  const { hostname, port } = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(hostname);
  if (!local || !redisServerInstalled()) {
    throw new Error(
      `No Redis answers at ${url}. Start one (or install redis-server, e.g. apt-get install redis-server) ` +
        'or set REDIS_URL to a running Redis.',
    );
  }
  console.log(`No Redis at ${url}: starting a private redis-server for this run`);
  return startRedisServer(Number(port || 6379));
}

async function main(): Promise<void> {
  const redis = await ensureRedis();
  const children = PROCESSES.map((file) =>
    spawn(process.execPath, [join(__dirname, file)], { stdio: 'inherit' }),
  );
  let exitCode = 0;
  const stopAll = (signal: NodeJS.Signals) => children.forEach((child) => child.kill(signal));
  process.on('SIGINT', () => stopAll('SIGTERM'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) =>
          child.on('exit', (code) => {
            // One process ending ends the run: the service is not whole without it.
            if (code) exitCode = code;
            stopAll('SIGTERM');
            resolve();
          }),
        ),
    ),
  );
  redis?.kill();
  process.exit(exitCode);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
