import { ChildProcess } from 'node:child_process';

export default function globalTeardown(): void {
  (globalThis as { testRedis?: ChildProcess }).testRedis?.kill();
}
