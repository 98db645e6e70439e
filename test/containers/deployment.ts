import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../support/global-setup';
import { sleep } from '../support/wait';

/**
 * The Compose deployment of this repository, run for real by the container test: the repository's
 * files copied into a temporary folder with a `.env` of its own (a developer's `.env` is never
 * touched), driven with the README's `docker compose` commands under a project name of its own,
 * plus compose.test.yml's Parse-protocol stand-in.
 */

const ROOT = join(__dirname, '..', '..');
const STAND_IN_SOURCE = join(ROOT, 'test', 'support', 'car-api', 'main.ts');
/** The tag docker-compose.yml gives the image it builds. */
const APP_IMAGE = 'car-platform:latest';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; fails with its output on a non-zero exit unless `allowFailure`. */
export function run(
  argv: string[],
  options: { cwd?: string; timeoutMs?: number; allowFailure?: boolean } = {},
): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    execFile(
      argv[0],
      argv.slice(1),
      { cwd: options.cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        if (code !== 0 && !options.allowFailure) {
          // Killed at the time-out: the code would be the command's answer to that signal.
          const outcome = error?.killed ? `timed out after ${timeoutMs} ms` : `exited ${code}`;
          reject(
            new Error(
              `${argv.join(' ')} ${outcome}: ${error?.message}\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`,
            ),
          );
          return;
        }
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface ContainerState {
  id: string;
  name: string;
  service: string;
  status: string;
  health?: string;
  startedAt: string;
  restartCount: number;
}

interface InspectedContainer {
  Id: string;
  Name: string;
  RestartCount: number;
  Config: { Labels: Record<string, string> };
  State: { Status: string; StartedAt: string; Health?: { Status: string } };
}

export interface HttpAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of every route
  body: any;
}

export class Deployment {
  readonly project = `car-platform-test-${randomBytes(4).toString('hex')}`;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Copies the repository, compiles the stand-in beside it and writes `.env` from `.env.example`. */
  static async create(): Promise<Deployment> {
    const dir = mkdtempSync(join(tmpdir(), 'car-platform-compose-'));
    // Readable by the image's user: README's restore mounts the folder that holds the copy.
    chmodSync(dir, 0o755);
    try {
      await copyRepository(dir);
      await compileStandIn(join(dir, 'car-api-stand-in'));
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    // The README's first step.
    copyFileSync(join(dir, '.env.example'), join(dir, '.env'));
    const deployment = new Deployment(dir, await freePort());
    deployment.setEnv({ PORT: String(deployment.port) });
    return deployment;
  }

  /** Sets variables in the deployment's `.env`, as an operator edits it. */
  setEnv(settings: Record<string, string>): void {
    const file = join(this.dir, '.env');
    let text = readFileSync(file, 'utf8');
    for (const [name, value] of Object.entries(settings)) {
      const line = new RegExp(`^#? ?${name}=.*$`, 'm');
      text = line.test(text) ? text.replace(line, `${name}=${value}`) : `${text}\n${name}=${value}\n`;
    }
    writeFileSync(file, text);
  }

  /** `docker compose <args>` in the deployment's folder, with compose.test.yml added. */
  compose(
    args: string[],
    options: { timeoutMs?: number; allowFailure?: boolean } = {},
  ): Promise<CommandResult> {
    const files = ['-f', 'docker-compose.yml', '-f', join('test', 'containers', 'compose.test.yml')];
    return run(['docker', 'compose', '-p', this.project, ...files, ...args], { cwd: this.dir, ...options });
  }

  /** The deployment's containers, stopped ones too (`ps -a`), with their state. */
  async containers(service?: string): Promise<ContainerState[]> {
    const ids = (await this.compose(['ps', '-a', '-q', ...(service ? [service] : [])])).stdout
      .split('\n')
      .filter(Boolean);
    if (ids.length === 0) return [];
    const inspected = JSON.parse((await run(['docker', 'inspect', ...ids])).stdout) as InspectedContainer[];
    return inspected.map((container) => ({
      id: container.Id,
      name: container.Name.replace(/^\//, ''),
      service: container.Config.Labels['com.docker.compose.service'],
      status: container.State.Status,
      health: container.State.Health?.Status,
      startedAt: container.State.StartedAt,
      restartCount: container.RestartCount,
    }));
  }

  /**
   * The exit codes of the containers `ids` once each has stopped (at once for one stopped already).
   * The time-out is past the longest stop_grace_period (60 s), after which `stop` kills.
   */
  async exited(ids: string[]): Promise<number[]> {
    const waited = await run(['docker', 'wait', ...ids], { timeoutMs: 90_000 });
    return waited.stdout.split('\n').filter(Boolean).map(Number);
  }

  /** The exit codes of the containers `ids` when `stopping` (say `docker compose stop`) stops them. */
  async exitCodes(ids: string[], stopping: () => Promise<unknown>): Promise<number[]> {
    // Waiting may start first, as it answers at once for a container already stopped.
    const codes = this.exited(ids);
    await sleep(500);
    await stopping();
    return codes;
  }

  /** A request to the API through its published port. */
  async http(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<HttpAnswer> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: {
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Removes everything the deployment made: containers, networks, volumes, the app's image, the folder. */
  async remove(): Promise<void> {
    await this.compose(['--profile', 'postgres', 'down', '--volumes', '--remove-orphans', '--timeout', '5'], {
      allowFailure: true,
      timeoutMs: 180_000,
    });
    await run(['docker', 'image', 'rm', '--force', APP_IMAGE], { allowFailure: true });
    await run(['docker', 'builder', 'prune', '--force'], { allowFailure: true, timeoutMs: 180_000 });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The repository's tracked and new files (not the ignored ones: no node_modules, no .env). */
async function copyRepository(target: string): Promise<void> {
  const listed = await run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
  });
  for (const file of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const source = join(ROOT, file);
    let mode: number;
    try {
      mode = statSync(source).mode;
    } catch {
      continue; // deleted in the working tree
    }
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(source, join(target, file));
    chmodSync(join(target, file), mode);
  }
}

/** The Parse-protocol stand-in as plain JavaScript, for the app's image to run. */
async function compileStandIn(outDir: string): Promise<void> {
  const tsc = require.resolve('typescript/bin/tsc');
  const options = [
    '--module',
    'commonjs',
    '--target',
    'es2022',
    '--types',
    'node',
    '--skipLibCheck',
    '--ignoreConfig',
  ];
  await run([process.execPath, tsc, '--outDir', outDir, ...options, STAND_IN_SOURCE], { cwd: ROOT });
}
