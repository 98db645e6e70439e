import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { WORKER_READY_LINE } from '../../src/worker-ready';
import { freePort } from './global-setup';
import { waitFor } from './wait';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessOptions {
  cwd?: string;
  /** The whole environment of the process (not added to the test's). */
  env?: NodeJS.ProcessEnv;
}

/** A child process of a test, its output kept for assertions and failure messages. */
export class TestProcess {
  /** What the process wrote to stdout and stderr so far. */
  output = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private exit?: Exit;

  constructor(
    readonly name: string,
    argv: string[],
    options: ProcessOptions = {},
  ) {
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => {
      const ended = (exit: Exit) => resolve((this.exit ??= exit));
      child.on('error', (error) => {
        this.output += `\nspawn failed: ${error.message}`;
        ended({ code: null, signal: null });
      });
      // 'close' rather than 'exit': all the output has been read by then.
      child.on('close', (code, signal) => ended({ code, signal }));
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The last of the output, for a failure message. */
  tail(chars = 3000): string {
    return `--- ${this.name} output ---\n${this.output.slice(-chars)}`;
  }

  /**
   * `docker stop`: `signal` (SIGTERM), then SIGKILL once `graceMs` has passed. Resolves with how
   * the process ended (code null when a signal ended it) and how long that took.
   */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    graceMs = 20_000,
  ): Promise<Exit & { ms: number; killed: boolean }> {
    const started = Date.now();
    if (!this.running) return { ...this.exit!, ms: 0, killed: false };
    this.child.kill(signal);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      this.child.kill('SIGKILL');
    }, graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return { ...exit, ms: Date.now() - started, killed };
  }

  /** SIGKILL, without waiting. */
  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

/**
 * Waits until `ready` holds while all of `processes` run; fails with their output's tail when one
 * of them exits first or `timeoutMs` passes.
 */
export async function waitWhileRunning(
  what: string,
  ready: () => boolean | Promise<boolean>,
  processes: TestProcess[],
  timeoutMs = 20_000,
): Promise<void> {
  try {
    await waitFor(
      what,
      () => {
        const ended = processes.find((candidate) => !candidate.running);
        if (ended) throw new Error(`${ended.name} exited before ${what}`);
        return ready();
      },
      { timeoutMs, intervalMs: 50 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${processes.map((p) => p.tail()).join('\n')}`, {
      cause: error,
    });
  }
}

/** Waits until `ready` holds for a process just started; kills it when that fails. */
async function started<T extends TestProcess>(
  child: T,
  what: string,
  ready: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<T> {
  try {
    await waitWhileRunning(what, ready, [child], timeoutMs);
    return child;
  } catch (error) {
    child.kill();
    throw error;
  }
}

/** The compiled app's `file` (in dist/) with the test's environment and `env`. */
const appArgv = (file: string) => [process.execPath, join(DIST, file)];
const appEnv = (env: Record<string, string>) => ({ ...process.env, ...env });

/** Another API process (`dist/main.js`) on the test's database and Redis, for multi-process tests. */
export class ApiProcess extends TestProcess {
  private constructor(
    readonly url: string,
    env: Record<string, string>,
  ) {
    super('api', appArgv('main.js'), { env: appEnv(env) });
  }

  /** Starts an API process and resolves once it answers `GET /api/status`. */
  static async start(env: Record<string, string> = {}, timeoutMs = 20_000): Promise<ApiProcess> {
    const port = await freePort();
    const api = new ApiProcess(`http://127.0.0.1:${port}`, { LOG_LEVEL: 'warn', ...env, PORT: String(port) });
    return started(
      api,
      'GET /api/status to answer',
      () =>
        fetch(`${api.url}/api/status`).then(
          (response) => response.ok,
          () => false,
        ),
      timeoutMs,
    );
  }
}

/**
 * The real worker (`dist/worker.js`, built by `npm test`'s pretest) with the test's environment:
 * the same database (SQLite file or PostgreSQL) and Redis database as the test app.
 */
export class WorkerProcess extends TestProcess {
  private constructor(env: Record<string, string>) {
    super('worker', appArgv('worker.js'), { env: appEnv(env) });
  }

  /** Starts a worker and resolves once it says it takes jobs. */
  static async start(env: Record<string, string> = {}, timeoutMs = 20_000): Promise<WorkerProcess> {
    const worker = new WorkerProcess({ LOG_LEVEL: 'info', ...env });
    const ready = () => worker.output.split('\n').includes(WORKER_READY_LINE);
    return started(worker, 'the worker to be ready', ready, timeoutMs);
  }
}

/** Runs a command to its end (a health check), with its exit code and output. */
export async function runCommand(
  argv: string[],
  options: ProcessOptions & { timeoutMs?: number } = {},
): Promise<{ code: number | null; output: string }> {
  const command = new TestProcess(argv[0], argv, options);
  const timer = setTimeout(() => command.kill(), options.timeoutMs ?? 10_000);
  const { code } = await command.exited;
  clearTimeout(timer);
  return { code, output: command.output };
}

/** Runs a compiled script of the app (`dist/<file>`, e.g. `backup.js`) to its end, with the test's environment and `env`. */
export const runAppScript = (file: string, env: Record<string, string> = {}, timeoutMs?: number) =>
  runCommand(appArgv(file), { env: appEnv(env), timeoutMs });
