import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import Redis from 'ioredis';
import { CarApiServer } from '../support/car-api/car-api-server';
import { createPostgresDatabase, onPostgres } from '../support/databases';
import {
  ComposeService,
  dockerfileStages,
  durationMs,
  execForm,
  imageWorkdir,
  interpolate,
  loadCompose,
  parseEnvFile,
  parseVolume,
  readRepoFile,
  ROOT,
  stageEnv,
} from '../support/compose';
import { freePort } from '../support/global-setup';
import { Exit, runCommand, TestProcess, waitWhileRunning } from '../support/processes';
import { freshRedisDatabase } from '../support/redis';

/**
 * docker-compose.yml and the Dockerfile, checked without a Docker engine: the files say what the
 * README promises, and the services' own commands, run natively with the environment Compose gives
 * them (the service hosts and the image's folders mapped to local ones), bring up a working
 * deployment: Redis with the repo's configuration, the API through the image's entrypoint, the
 * worker, a sync, the health checks, and a clean stop.
 */

jest.setTimeout(120_000);

const compose = loadCompose();
const { api, worker, redis, postgres } = compose.services;
const stages = dockerfileStages(readRepoFile('Dockerfile'));
const buildStage = stages[0];
const runStage = stages.at(-1)!;
/** `.env` is a copy of `.env.example` (README): the env_file of api and worker. */
const dotEnv = parseEnvFile(readRepoFile('.env.example'));
const pkg = JSON.parse(readRepoFile('package.json')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** The DATABASE_URL (and DB_TYPE) the compose file's header gives for `--profile postgres`. */
const header = readRepoFile('docker-compose.yml')
  .split('\n')
  .filter((line) => line.startsWith('#'))
  .join('\n');
const headerDatabaseUrl = /DATABASE_URL=(\S+)/.exec(header)![1];

/** The last `keyword` instruction of a stage. */
const last = (stage: typeof runStage, keyword: string) =>
  stage.filter((instruction) => instruction.keyword === keyword).at(-1)?.args;
const runs = (stage: typeof runStage) =>
  stage
    .filter((instruction) => instruction.keyword === 'RUN')
    .map((instruction) => instruction.args)
    .join('\n');
const mounts = (service: ComposeService) => (service.volumes ?? []).map(parseVolume);
const strings = (environment: ComposeService['environment'] = {}) =>
  Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]));

/** The environment a service's container gets: image ENV, then env_file, then `environment`. */
function containerEnv(service: ComposeService, envFile: Record<string, string>): Record<string, string> {
  const fromFile = service.env_file?.some((file) => file.path === '.env') ? envFile : {};
  return { ...stageEnv(runStage), ...fromFile, ...strings(service.environment) };
}

/** The port the API listens on inside its container: PORT as the container sees it, else 3000. */
const listenPort = (envFile: Record<string, string>) => containerEnv(api, envFile).PORT || '3000';

/** The `CMD` of the Dockerfile's HEALTHCHECK, a shell command. */
function imageHealthcheck(): string {
  const match = /\bCMD\s+(.*)$/.exec(last(runStage, 'HEALTHCHECK') ?? '');
  if (!match) throw new Error('The Dockerfile has no HEALTHCHECK ... CMD');
  return match[1];
}

describe('docker-compose.yml', () => {
  it('runs api, worker and redis by default, and postgres only under its profile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    const byDefault = Object.entries(compose.services).filter(([, service]) => !service.profiles);
    expect(byDefault.map(([name]) => name).sort()).toEqual(['api', 'redis', 'worker']);
    expect(postgres.profiles).toEqual(['postgres']);
  });

  it('api: built from the Dockerfile, runs the compiled API once Redis is healthy, settings from an optional .env', () => {
    expect(api.build).toBe('.');
    expect(api.image).toEqual(expect.any(String));
    expect(api.command).toEqual(['node', 'dist/main.js']);
    expect(api.command!.join(' ')).toBe(pkg.scripts['start:api']);
    expect(api.env_file).toEqual([{ path: '.env', required: false }]);
    expect(api.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(api.restart).toBe('unless-stopped');
    // An init as PID 1 passes SIGTERM on to Node, which as PID 1 would ignore it until its handler is set.
    expect(api.init).toBe(true);
    expect(durationMs(api.stop_grace_period!)).toBeGreaterThan(0);
    // No override: the image's HEALTHCHECK is what the worker's depends_on waits for.
    expect(api.healthcheck).toBeUndefined();
  });

  it('api: publishes port 3000 by default, onto the port the API listens on in the container', () => {
    expect(api.ports).toHaveLength(1);
    const [published, container] = interpolate(api.ports![0], dotEnv).split(':');
    expect(published).toBe('3000');
    expect(container).toBe(listenPort(dotEnv));
    expect(interpolate(api.ports![0], {}).split(':')[0]).toBe('3000');
  });

  it('api: a PORT set in .env still publishes the port the API listens on in the container', () => {
    // .env feeds both the interpolation of `ports` and the container's environment (env_file), so
    // a PORT there moves the published port and, unless the service pins PORT, the API's port in
    // the container too: the published port must still reach the API.
    const withPort = { ...dotEnv, PORT: '8080' };
    const [published, container] = interpolate(api.ports![0], withPort).split(':');
    expect(published).toBe('8080');
    expect({ containerPort: container }).toEqual({ containerPort: listenPort(withPort) });
  });

  it('worker: the same image, runs the compiled worker once Redis and the API are healthy', () => {
    expect(worker.build).toBeUndefined();
    expect(worker.image).toBe(api.image);
    expect(worker.command).toEqual(['node', 'dist/worker.js']);
    expect(worker.command!.join(' ')).toBe(pkg.scripts['start:worker']);
    expect(worker.env_file).toEqual(api.env_file);
    expect(worker.depends_on).toEqual({
      redis: { condition: 'service_healthy' },
      api: { condition: 'service_healthy' },
    });
    // No HTTP in the worker, so not the image's HTTP health check.
    expect(worker.healthcheck).toEqual({ disable: true });
    expect(worker.restart).toBe('unless-stopped');
    expect(worker.init).toBe(true);
    // Longer than Docker's default 10 s: time to finish or hand back the current job, and longer
    // than the worker's own wait for that job (.env.example: "keep it under the stop grace period").
    expect(durationMs(worker.stop_grace_period!)).toBeGreaterThan(10_000);
    const shutdownGrace = Number(containerEnv(worker, dotEnv).WORKER_SHUTDOWN_GRACE_MS || 20_000);
    expect(shutdownGrace).toBeLessThan(durationMs(worker.stop_grace_period!));
  });

  it('api and worker: the same Redis, SQLite file and logs, on named volumes at DB_PATH and LOG_DIR', () => {
    // The same settings, but for the API's port inside its container.
    const { PORT: _port, ...shared } = strings(api.environment);
    expect(strings(worker.environment)).toEqual(shared);
    for (const service of [api, worker]) {
      const env = strings(service.environment);
      const redisUrl = new URL(env.REDIS_URL);
      expect(redisUrl.hostname).toBe('redis');
      // redis.conf sets no port: the default one.
      expect(readRepoFile('docker/redis.conf')).not.toMatch(/^\s*port\s/m);
      expect(redisUrl.port || '6379').toBe('6379');
      expect(mounts(service)).toEqual([
        { source: 'app-data', target: '/app/data', mode: undefined },
        { source: 'app-logs', target: '/app/logs', mode: undefined },
      ]);
      expect(posix.dirname(env.DB_PATH)).toBe('/app/data');
      expect(env.LOG_DIR).toBe('/app/logs');
    }
  });

  it('redis: the repo redis.conf, data on a volume at /data, a health check', () => {
    expect(redis.image).toMatch(/^redis:7/);
    const [server, conf] = redis.command!;
    expect(redis.command).toEqual(['redis-server', conf]);
    expect(server).toBe('redis-server');
    expect(mounts(redis)).toEqual(
      expect.arrayContaining([
        { source: './docker/redis.conf', target: conf, mode: 'ro' },
        { source: 'redis-data', target: '/data', mode: undefined },
      ]),
    );
    expect(redis.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(redis.restart).toBe('unless-stopped');
    // BullMQ needs keys never evicted; the queue survives a restart (append-only file in dir,
    // which is not set: the working directory, /data in the redis image).
    const settings = readRepoFile('docker/redis.conf');
    expect(settings).toMatch(/^maxmemory-policy noeviction$/m);
    expect(settings).toMatch(/^appendonly yes$/m);
    expect(settings).not.toMatch(/^\s*dir\s/m);
  });

  it('postgres: under its profile, data on a volume, a health check on the database the header names', () => {
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(mounts(postgres)).toContainEqual({
      source: 'postgres-data',
      target: '/var/lib/postgresql/data',
      mode: undefined,
    });
    const env = strings(postgres.environment);
    expect(postgres.healthcheck!.test).toEqual([
      'CMD-SHELL',
      `pg_isready -U ${env.POSTGRES_USER} -d ${env.POSTGRES_DB}`,
    ]);
    expect(postgres.restart).toBe('unless-stopped');
    // The DATABASE_URL the file's header tells users to set reaches this service's database.
    expect(header).toMatch(/DB_TYPE=postgres\b/);
    const url = new URL(headerDatabaseUrl);
    expect(url.hostname).toBe('postgres');
    expect([url.username, url.password, url.pathname]).toEqual([
      env.POSTGRES_USER,
      env.POSTGRES_PASSWORD,
      `/${env.POSTGRES_DB}`,
    ]);
  });

  it('declares every named volume the services mount', () => {
    const named = Object.values(compose.services)
      .flatMap(mounts)
      .map((mount) => mount.source)
      .filter((source) => !/^[./~]/.test(source));
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual([...new Set(named)].sort());
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual([
      'app-data',
      'app-logs',
      'postgres-data',
      'redis-data',
    ]);
  });
});

describe('Dockerfile', () => {
  it('builds in a stage with the toolchain and every dependency, then prunes to production ones', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(buildStage[0].args).toMatch(/^node:24\S* AS build$/i);
    const commands = runs(buildStage);
    for (const tool of ['python3', 'make', 'g++']) expect(commands).toContain(tool);
    expect(commands).toMatch(/npm ci\b/);
    expect(commands).toMatch(/npm run build && npm prune --omit=dev/);
  });

  it('runs on a slim Node 24 image, in production mode, as a non-root user', () => {
    expect(runStage[0].args).toMatch(/^node:24[\w.-]*-slim$/);
    expect(last(runStage, 'WORKDIR')).toBe('/app');
    expect(stageEnv(runStage).NODE_ENV).toBe('production');
    const user = last(runStage, 'USER');
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it("has the compose file's DB_PATH and LOG_DIR as defaults, their folders owned by that user", () => {
    const env = stageEnv(runStage);
    expect(env.DB_PATH).toBe(strings(api.environment).DB_PATH);
    expect(env.LOG_DIR).toBe(strings(api.environment).LOG_DIR);
    // A named volume starts as a copy of the image's folder, owner included: the user can write.
    const user = last(runStage, 'USER')!;
    const commands = runs(runStage);
    for (const folder of [posix.dirname(env.DB_PATH), env.LOG_DIR]) {
      const name = posix.relative('/app', folder);
      expect(commands).toMatch(new RegExp(`mkdir -p [^&]*\\b${name}\\b`));
      expect(commands).toMatch(new RegExp(`chown ${user}(:${user})? [^&]*\\b${name}\\b`));
    }
  });

  it('checks health on /api/health at PORT, starts through docker/entrypoint.sh, runs the API by default', () => {
    expect(imageHealthcheck()).toContain('/api/health');
    expect(imageHealthcheck()).toContain('process.env.PORT');
    expect(execForm(last(runStage, 'ENTRYPOINT')!)).toEqual(['./docker/entrypoint.sh']);
    expect(statSync(join(ROOT, 'docker/entrypoint.sh')).mode & 0o111).toBe(0o111);
    expect(execForm(last(runStage, 'CMD')!)).toEqual(api.command);
    expect(last(runStage, 'EXPOSE')).toBe(listenPort(dotEnv));
  });
});

describe('the image', () => {
  /** Packages loaded by name at run time rather than by a require() in dist. */
  const LOADED_BY_NAME = [
    '@nestjs/platform-express', // NestFactory.create
    'sqlite3', // TypeORM's drivers, by DB_TYPE
    'pg',
    'typeorm', // the entrypoint's migration:run
  ];

  it('needs only production dependencies (the image prunes the others): dist requires nothing else', () => {
    const dist = join(ROOT, 'dist');
    expect({ built: existsSync(join(dist, 'main.js')) && existsSync(join(dist, 'worker.js')) }).toEqual({
      built: true,
    });
    const builtins = new Set(builtinModules);
    const required = new Map<string, string>();
    for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js')) continue;
      const code = readFileSync(join(dist, file), 'utf8');
      for (const [, specifier] of code.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)) {
        if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
        const name = specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/');
        if (builtins.has(name)) continue;
        required.set(name, file);
      }
    }
    expect(required.size).toBeGreaterThan(10);
    const missing = [...required.keys(), ...LOADED_BY_NAME]
      .filter((name) => !(name in pkg.dependencies))
      .map((name) => `${name} (${required.get(name) ?? 'loaded by name'})`);
    expect(missing).toEqual([]);
  });
});

const CAR_API = { appId: 'compose-app', apiKey: 'compose-key', count: 300 };
const ADMIN = { email: 'compose-admin@example.com', password: 'compose-admin-password' };
const redisInstalled = ['redis-server', 'redis-cli'].every(
  (binary) => spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0,
);
const postgresServer = process.env.TEST_DATABASE_URL;
const pgIsReady = spawnSync('pg_isready', ['--version'], { stdio: 'ignore' }).status === 0;
/**
 * In the e2e-postgres project the deployment is `--profile postgres`: .env sets DB_TYPE=postgres
 * and the header's DATABASE_URL, whose host is mapped to a fresh database on TEST_DATABASE_URL.
 */
const deployment = onPostgres ? { ...dotEnv, DB_TYPE: 'postgres', DATABASE_URL: headerDatabaseUrl } : dotEnv;

describe('Compose without Docker: the services’ own commands, run natively', () => {
  let dir: string;
  /** The image's WORKDIR (/app), rebuilt from the run stage's COPY lines. */
  let app: string;
  let workdir: string;
  const volumes: Record<string, string> = {};
  let source: CarApiServer;
  let redisServer: TestProcess | undefined;
  let apiProcess: TestProcess | undefined;
  let workerProcess: TestProcess | undefined;
  let port: number;
  /** Compose's service hosts, as URLs of their local stand-ins. */
  const hosts: Record<string, string> = {};
  let dropDatabase: (() => Promise<void>) | undefined;
  const apiUrl = () => `http://127.0.0.1:${port}`;
  const path = `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`;

  /**
   * A container's environment with Compose's hosts and the image's folders mapped to local ones:
   * the redis (and postgres) service to local servers, /app to the rebuilt WORKDIR, the published
   * port to a free one, the car API to the Parse-protocol server, and a bootstrap admin.
   */
  function nativeEnv(service: ComposeService): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(containerEnv(service, deployment))) {
      if (value === workdir || value.startsWith(`${workdir}/`)) {
        env[key] = join(app, posix.relative(workdir, value));
      } else if (/^[a-z]+:\/\//.test(value) && new URL(value).hostname in compose.services) {
        const host = new URL(value).hostname;
        if (!hosts[host]) throw new Error(`${key}=${value}: no local stand-in for the ${host} service`);
        env[key] = hosts[host];
      } else {
        env[key] = value;
      }
    }
    return {
      ...env,
      PATH: path,
      HOME: dir,
      PORT: String(port),
      CAR_API_URL: source.url,
      CAR_API_ID: CAR_API.appId,
      CAR_API_KEY: CAR_API.apiKey,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    };
  }

  function start(name: string, service: ComposeService): TestProcess {
    const entrypoint = execForm(last(runStage, 'ENTRYPOINT')!);
    return new TestProcess(name, [...entrypoint, ...service.command!], {
      cwd: app,
      env: nativeEnv(service),
    });
  }

  function expectCleanStop(
    service: TestProcess,
    exit: Exit & { ms: number; killed: boolean },
    graceMs: number,
  ) {
    if (exit.code === 0 && !exit.killed) return;
    throw new Error(
      `${service.name} did not exit with code 0 within its stop_grace_period (${graceMs} ms) after SIGTERM: ` +
        `${JSON.stringify(exit)}\n${service.tail(1500)}`,
    );
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'car-platform-compose-'));
    for (const name of Object.keys(compose.volumes ?? {}))
      mkdirSync((volumes[name] = join(dir, 'volumes', name)), { recursive: true });
    app = join(dir, 'app');
    workdir = imageWorkdir(runStage, last(buildStage, 'WORKDIR')!, app);
    // api and worker mount the same volumes (checked above): one WORKDIR serves both.
    for (const { source: volume, target } of mounts(api))
      symlinkSync(volumes[volume], join(app, posix.relative(workdir, target)));
    port = await freePort();
    if (onPostgres) {
      const database = await createPostgresDatabase();
      dropDatabase = database.drop;
      hosts.postgres = database.url;
    }
    source = await CarApiServer.start({
      ...CAR_API,
      className: dotEnv.CAR_API_CLASS,
      keyHeader: dotEnv.CAR_API_KEY_HEADER,
    });
  });

  afterAll(async () => {
    for (const service of [workerProcess, apiProcess, redisServer]) service?.kill();
    await Promise.all([workerProcess, apiProcess, redisServer].map((service) => service?.exited));
    await source?.close();
    await dropDatabase?.();
    rmSync(dir, { recursive: true, force: true });
  });

  (redisInstalled ? it : it.skip)(
    `redis: its command with docker/redis.conf starts, its health check answers, the settings apply${
      redisInstalled ? '' : ' (skipped: redis-server or redis-cli is not installed)'
    }`,
    async () => {
      const [server, conf] = redis.command!;
      const confFile = join(ROOT, mounts(redis).find((mount) => mount.target === conf)!.source);
      const data = volumes[mounts(redis).find((mount) => mount.target === '/data')!.source];
      const redisPort = await freePort();
      // The redis image's WORKDIR is /data, the volume; only the port and bind differ here.
      redisServer = new TestProcess(
        'redis',
        [server, confFile, '--port', String(redisPort), '--bind', '127.0.0.1'],
        {
          cwd: data,
          env: { PATH: path },
        },
      );
      const [kind, binary, ...args] = redis.healthcheck!.test!;
      expect(kind).toBe('CMD');
      const healthcheck = [binary, '-p', String(redisPort), ...args];
      let result: Awaited<ReturnType<typeof runCommand>> = { code: null, output: '' };
      await waitWhileRunning(
        'redis health check',
        async () => (result = await runCommand(healthcheck)).code === 0 && result.output.trim() === 'PONG',
        [redisServer],
        durationMs(redis.healthcheck!.interval!) * redis.healthcheck!.retries!,
      );
      expect(result).toEqual({ code: 0, output: 'PONG\n' });
      hosts.redis = `redis://127.0.0.1:${redisPort}`;
      const client = new Redis(hosts.redis);
      try {
        const setting = async (name: string) => ((await client.call('CONFIG', 'GET', name)) as string[])[1];
        expect(await setting('maxmemory-policy')).toBe('noeviction');
        expect(await setting('appendonly')).toBe('yes');
        expect(await setting('protected-mode')).toBe('no');
        expect(realpathSync(await setting('dir'))).toBe(realpathSync(data));
      } finally {
        client.disconnect();
      }
      expect(existsSync(join(data, 'appendonlydir'))).toBe(true);
    },
  );

  it('api: its command, through the image entrypoint, migrates and serves; the image health check passes', async () => {
    if (!hosts.redis) {
      // No redis-server here: the tests' Redis, on this Jest worker's own database.
      hosts.redis = await freshRedisDatabase();
    }
    apiProcess = start('api', api);
    await waitWhileRunning(
      'the API answering',
      () =>
        fetch(`${apiUrl()}/api/status`).then(
          (response) => response.ok,
          () => false,
        ),
      [apiProcess],
      60_000,
    );
    // The entrypoint applied the migrations before the API started: on the app-data volume, or
    // on PostgreSQL when .env says so.
    expect(apiProcess.output).toMatch(/Migration \S+ has been\s+executed successfully/);
    const sqliteFile = join(volumes['app-data'], posix.basename(strings(api.environment).DB_PATH));
    expect({ sqliteFile: existsSync(sqliteFile) }).toEqual({ sqliteFile: !onPostgres });

    const healthcheck = await runCommand(['sh', '-c', imageHealthcheck()], { cwd: app, env: nativeEnv(api) });
    expect(healthcheck).toEqual({ code: 0, output: '' });

    const response = await fetch(`${apiUrl()}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: {
        database: expect.objectContaining({ status: 'up' }),
        redis: expect.objectContaining({ status: 'up' }),
      },
    });
  });

  it('worker: its command, through the entrypoint, runs the sync an admin asks for; logs land on app-logs', async () => {
    workerProcess = start('worker', worker);
    const login = await fetch(`${apiUrl()}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };

    const trigger = await fetch(`${apiUrl()}/api/cars/sync-cars`, { method: 'POST', headers: auth });
    expect(trigger.status).toBe(202);
    const { jobId } = (await trigger.json()) as { jobId: string };
    let job: { status: string; error?: unknown } = { status: 'unknown' };
    await waitWhileRunning(
      `sync job ${jobId} finishing`,
      async () => {
        const response = await fetch(`${apiUrl()}/api/cars/sync-cars/${jobId}`, { headers: auth });
        job = (await response.json()) as typeof job;
        return job.status === 'completed' || job.status === 'failed';
      },
      [apiProcess!, workerProcess],
      60_000,
    );
    expect(job).toMatchObject({ status: 'completed' });

    const cars = await fetch(`${apiUrl()}/api/cars?limit=1`, { headers: auth });
    expect(((await cars.json()) as { meta: { total: number } }).meta.total).toBe(CAR_API.count);

    const logs = volumes['app-logs'];
    expect(readdirSync(logs).sort()).toEqual(
      expect.arrayContaining(['api.log', 'sync_cars.log', 'worker.log']),
    );
    expect(readFileSync(join(logs, 'sync_cars.log'), 'utf8')).toContain(jobId);
    // The entrypoint migrates before the API only; the worker starts on the API's schema.
    expect(workerProcess.output).not.toMatch(/executed successfully/);
  });

  it('worker, api and redis stop on SIGTERM with exit code 0 within their stop_grace_period', async () => {
    // Compose stops dependents first: the worker, then the API, then Redis.
    const workerGrace = durationMs(worker.stop_grace_period ?? '10s');
    const apiGrace = durationMs(api.stop_grace_period ?? '10s');
    const workerExit = await workerProcess!.stop('SIGTERM', workerGrace);
    const apiExit = await apiProcess!.stop('SIGTERM', apiGrace);
    const healthcheck = await runCommand(['sh', '-c', imageHealthcheck()], { cwd: app, env: nativeEnv(api) });
    const redisExit = await redisServer?.stop('SIGTERM', durationMs(redis.stop_grace_period ?? '10s'));

    // With the API gone, the image's health check reports it.
    expect(healthcheck.code).toBe(1);
    if (redisServer) expectCleanStop(redisServer, redisExit!, durationMs(redis.stop_grace_period ?? '10s'));
    expectCleanStop(workerProcess!, workerExit, workerGrace);
    expectCleanStop(apiProcess!, apiExit, apiGrace);
  });

  (postgresServer && pgIsReady ? it : it.skip)(
    `postgres: its health check answers against the server of TEST_DATABASE_URL${
      postgresServer && pgIsReady ? '' : ' (skipped: needs pg_isready and TEST_DATABASE_URL)'
    }`,
    async () => {
      const url = new URL(postgresServer!);
      const [kind, command] = postgres.healthcheck!.test!;
      expect(kind).toBe('CMD-SHELL');
      const mapped = command
        .replace(/-U \S+/, `-U ${decodeURIComponent(url.username) || 'postgres'}`)
        .replace(/-d \S+/, `-d ${url.pathname.slice(1) || 'postgres'}`);
      const result = await runCommand(['sh', '-c', mapped], {
        env: { PATH: path, PGHOST: url.hostname, PGPORT: url.port || '5432' },
      });
      expect(result).toMatchObject({ code: 0, output: expect.stringContaining('accepting connections') });
    },
  );
});
