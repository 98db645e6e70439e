import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './global-setup';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** Another API process (`dist/main.js`) on the test's database and Redis, for multi-process tests. */
export class ApiProcess {
  /** What the process wrote to stdout and stderr so far. */
  output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Starts an API process and resolves once it answers `GET /api/status`. */
  static async start(env: Record<string, string> = {}, timeoutMs = 20_000): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new ApiProcess(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(`${api.url}/api/status`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return api;
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`The API process did not start:\n${api.output.slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Stops the process with SIGTERM and resolves with its exit code (null when killed by a signal). */
  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve(this.child.exitCode);
      this.child.on('exit', (code) => resolve(code));
      this.child.kill('SIGTERM');
    });
  }
}
